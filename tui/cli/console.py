"""Text for a stream that cannot take every character.

A Windows console shows any character, but output piped or redirected on a Chinese Windows is
encoded in GBK (code page 936), which lacks ✓, ✗ and •: Python would write "?" for them. This
error handler writes the nearest character GBK has instead, and only where the stream's own
encoding fails, so a UTF-8 terminal keeps the originals.
"""

from __future__ import annotations

import codecs

ERRORS = "zhibu-console"

# Each replacement exists in GBK (and so in GB18030 and UTF-8).
NEAREST = {
    "✓": "√", "✔": "√", "✗": "×", "✘": "×", "•": "·", "‧": "·", "⚠": "！",
    "–": "-", "\u00a0": " ",
}


def _nearest(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text = exc.object[exc.start:exc.end]
    out = []
    for ch in text:
        sub = NEAREST.get(ch, "?")
        try:
            sub.encode(exc.encoding)
        except (UnicodeEncodeError, LookupError):
            sub = "?"
        out.append(sub)
    return "".join(out), exc.end


codecs.register_error(ERRORS, _nearest)


def use_nearest_characters(stream) -> None:
    """Make `stream` write the nearest character its encoding has instead of failing."""
    try:
        stream.reconfigure(errors=ERRORS)
    except (AttributeError, ValueError):
        pass

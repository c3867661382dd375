"""Text as a secretary typed it, made fit to keep: one cleaner for every store's text fields."""

from __future__ import annotations


def clean_text(value: object, *, keep_wide_spaces: bool = False) -> str:
    """None → ''; Windows line ends → '\\n'; full-width spaces (U+3000, as a Chinese input method
    types them) → plain spaces, unless `keep_wide_spaces` (a 会议记录 keeps the indentation of
    its paragraphs); trimmed at both ends."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n")
    if not keep_wide_spaces:
        text = text.replace("\u3000", " ")
    return text.strip()

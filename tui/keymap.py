"""Keys as the secretary presses them: CapsLock, Shift, and the Chinese IME's full-width punctuation.

With CapsLock on, `n` arrives as `N`; with the Chinese IME on, `[` `]` `/` arrive as `【` `】` `、`.
Outside a text box these mean the ASCII key: `ascii_key()` says which. Pure: no Textual import.
"""

from __future__ import annotations

import unicodedata

# What the Chinese IME (Microsoft Pinyin, Sogou, Rime…) types for each ASCII punctuation key.
FULL_WIDTH_TO_ASCII = {
    "【": "[", "】": "]", "、": "/", "，": ",", "。": ".", "；": ";", "：": ":", "？": "?",
    "！": "!", "（": "(", "）": ")", "《": "<", "》": ">", "·": "`", "～": "~", "￥": "$",
    "…": "^", "——": "_", "－": "-", "＝": "=", "＋": "+", "｛": "{", "｝": "}", "｜": "|",
    "＼": "\\", "“": '"', "”": '"', "‘": "'", "’": "'", "「": "[", "」": "]",
}
# Full-width letters and digits (U+FF01–U+FF5E) map to ASCII by a fixed offset.
_FULL_WIDTH_START, _FULL_WIDTH_END, _OFFSET = 0xFF01, 0xFF5E, 0xFEE0

# Textual's names for ASCII punctuation keys (textual.keys._character_to_key gives the same).
_ASCII_NAMES = {
    "[": "left_square_bracket", "]": "right_square_bracket", "/": "slash", ",": "comma",
    ".": "full_stop", ";": "semicolon", ":": "colon", "?": "question_mark", "!": "exclamation_mark",
    "(": "left_parenthesis", ")": "right_parenthesis", "<": "less_than_sign", ">": "greater_than_sign",
    "`": "grave_accent", "~": "tilde", "$": "dollar_sign", "^": "circumflex_accent", "_": "underscore",
    "-": "minus", "=": "equals_sign", "+": "plus", "{": "left_curly_bracket", "}": "right_curly_bracket",
    "|": "vertical_line", "\\": "backslash", '"': "quotation_mark", "'": "apostrophe",
}


def _ascii_char(character: str) -> str | None:
    if character in FULL_WIDTH_TO_ASCII:
        return FULL_WIDTH_TO_ASCII[character]
    if len(character) == 1 and _FULL_WIDTH_START <= ord(character) <= _FULL_WIDTH_END:
        return chr(ord(character) - _OFFSET)
    return None


def key_name(character: str) -> str:
    """Textual's key name for one ASCII character."""
    if character.isalnum():
        return character
    return _ASCII_NAMES.get(character) or unicodedata.name(character).lower().replace(" ", "_")


def ascii_key(key: str, character: str | None, is_bound) -> tuple[str, str] | None:
    """The (key, character) a key press stands for outside text boxes, or None to keep it.

    `is_bound(key)` tells whether the current screen has a binding for a key: an upper-case
    letter that is bound itself (none is today) keeps its own meaning.
    """
    if is_bound(key):
        return None
    if not character:  # some drivers name the key without its character: 'ideographic_comma'
        try:
            character = unicodedata.lookup(key.replace("_", " "))
        except KeyError:
            return None
    ascii_char = _ascii_char(character)
    if ascii_char is not None:
        ascii_char = ascii_char.lower() if ascii_char.isalpha() else ascii_char
        return key_name(ascii_char), ascii_char
    if len(character) == 1 and "A" <= character <= "Z" and key in (character, f"shift+{character.lower()}"):
        lower = character.lower()
        return lower, lower
    return None

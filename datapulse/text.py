"""Text that a person will see: invisible controls removed on the way in.

A name such as `report\\u202ecsv.exe.csv` renders reversed (`report` + `csv.exe.csv`
mirrored) wherever it is shown: the bidi overrides and isolates, and other invisible
format and control characters, let a name look like something it is not. They are taken
out of every display name (files, data sources, conversation titles) before it is stored.
"""

from __future__ import annotations

import re
import unicodedata

# Joiners shape emoji sequences and Persian/Indic words; they cannot reorder text.
_KEEP_FORMAT = frozenset({"\u200c", "\u200d"})
_LINE_BREAKS = re.compile(r"[\u2028\u2029\x85\r\n\t\v\f]+")


def _visible(char: str) -> bool:
    if char in _KEEP_FORMAT:
        return True
    return unicodedata.category(char) not in ("Cc", "Cf", "Cs")  # unassigned may be newer emoji


def clean_display_text(text: str) -> str:
    """NFC, line breaks as one space, every control and format character dropped."""
    text = _LINE_BREAKS.sub(" ", unicodedata.normalize("NFC", text))
    if text.isascii() and text.isprintable():
        return text
    return "".join(char for char in text if _visible(char))

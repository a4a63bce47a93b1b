"""The length of a text column's values, named in words: "average domain length", "Maximale
Länge einer Domain in Zeichen", "域名长度", "domains with exactly two letters", "dreistellige
Domains", "三个字符的域名", "which domain is the longest". The words become one mention of a
derived column (the number of characters of each value) that the rest of the planner uses as
any numeric column: filtered, ranked, averaged, grouped.
"""

from __future__ import annotations

import re
from typing import Any

from datapulse.agents.planner.columns import ColumnIndex, tokens_of
from datapulse.agents.planner.scan import Span

_LENGTH = re.compile(r"(?<![a-zäöüß])(?:lengths?|länge|längen)(?![a-zäöüß])|长度")
_UNIT = re.compile(r"(?<![a-zäöüß])(?:letters?|characters?|chars|zeichen|buchstaben)(?![a-zäöüß])|字符|字母")
_DIGITS = {"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9}
_STELLIG = re.compile(rf"(?<![a-zäöüß])({'|'.join(_DIGITS)})(stellig\w*)")
_LONG = re.compile(r"(?<![a-zäöüß])(?:longest|shortest|längste\w*|kürzeste\w*)(?![a-zäöüß])|最长|最短")
# A verb of time right before the superlative: the superlative is a duration, not a text's length.
_LASTING = re.compile(
    r"(?<![a-zäöüß])(?:live[sd]?|living|last(?:s|ed|ing)?|survive[sd]?|surviving|stay(?:s|ed)?|wait(?:s|ed)?|"
    r"leben|lebt|lebten|lebte|dauer\w*|überleb\w*|bleib\w*|blieb\w*|warte\w*)\s+(?:the\s+|am\s+)?$"
    r"|(?:活|生存|存活|寿命|持续|等待|停留)(?:得|的)?$"
)
_LINK = re.compile(r"\s*(?:of|von|der|des|einer|eines|a|an|the|的|in)?\s*(?:a|an|the|einer|der)?\s*$")


_UNIT_ENGLISH = {
    "zeichen": "character",
    "buchstaben": "letter",
    "字符": "character",
    "字母": "letter",
    "chars": "character",
}
_COUNTED = re.compile(
    r"(?:\d+|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|ein|zwei|drei|vier|fünf)\b)\s*(?:个)?\s*$"
)


def _names_a_column(word: str, before: str, index: ColumnIndex) -> bool:
    """'Zeichen', 'characters', '字符' where a column is named for them (`character_name`): the
    word is that column's (the rows it names), not a unit of length, unless a number counts it
    ("names with 5 characters")."""
    base = _UNIT_ENGLISH.get(word, word.rstrip("s"))
    if _COUNTED.search(before):
        return False
    return any(base in tokens_of(c) for c in index.columns)


def _text_columns(index: ColumnIndex) -> list[str]:
    return [c for c in index.columns if c not in index.numeric and c not in index.dates]


def length_name(column: str) -> str:
    return f"length of {column}"


def length_spans(
    text: str, spans: list[Span], index: ColumnIndex, question: str = ""
) -> tuple[list[Span], list[dict[str, Any]]]:
    """The spans with each length phrase made one mention of the derived length column. A
    word written in capitals ("CAPITAL LETTER") is text searched for, not a unit of length."""
    texts = _text_columns(index)
    if not texts:
        return spans, []
    mentioned = [s for s in spans if s.kind == "col" and len(s.payload) == 1 and s.payload[0] in texts]
    numeric_named = any(s.kind == "col" and any(c in index.numeric for c in s.payload) for s in spans)
    column = mentioned[0].payload[0] if len({s.payload[0] for s in mentioned}) == 1 else None
    if column is None and len(texts) == 1 and not mentioned:
        column = texts[0]
    if column is None:
        return spans, []
    name = length_name(column)
    out = list(spans)
    hits: list[tuple[int, int]] = [(m.start(), m.end()) for m in _LENGTH.finditer(text)]
    hits += [
        (m.start(), m.end())
        for m in _UNIT.finditer(text)
        if not _names_a_column(m.group(0), text[: m.start()], index)
        and not (question and question[m.start() : m.end()].isupper() and m.end() - m.start() > 1)
    ]
    for m in _STELLIG.finditer(text):  # "dreistellige": the number 3 and the length
        number = Span(m.start(1), m.end(1), "num", _DIGITS[m.group(1)], m.group(1), 7)
        out = [s for s in out if not (s.start < m.end() and m.start() < s.end)] + [number]
        hits.append((m.start(2), m.end(2)))
    long = _LONG.search(text)
    if long and _LASTING.search(text[: long.start()]):
        long = None  # "which animals live longest": how long they last, not how long their names are
    if not hits and not numeric_named and mentioned and long:
        # "which domain is the longest": the superlative ranks the named column's values by their length
        way = "max" if re.match(r"longest|längste|最长", long.group(0)) else "min"
        out = [t for t in out if not (t.start < long.end() and long.start() < t.end)]
        out.append(Span(long.start(), long.end(), "sup", ((name,), way), long.group(0), 5))
        return sorted(out, key=lambda s: s.start), [{"name": name, "op": "length", "columns": [column]}]
    if not hits:
        return spans, []
    made = False
    for s in [s for s in out if s.kind == "col" and s.payload == (column,) and column in index.labels]:
        if s.text != column.lower() and re.fullmatch(r".*(?:s|en|n)", s.text):
            # "how many domains have two letters": the label column named in the plural names the rows
            out = [t for t in out if t is not s]
            out.append(Span(s.start, s.end, "label", None, s.text, 1))
    for a, b in hits:
        before = [s for s in out if s.kind == "col" and s.end <= a and not text[s.end : a].strip()]
        if any(c in index.numeric for s in before for c in s.payload):
            continue  # "密钥长度" where 密钥 also names `key_bits`: a numeric length, not a text's length
        inside = [s for s in out if s.start < b and a < s.end]
        if any(s.kind != "kw" for s in inside):
            continue  # part of a column's name ("bill length", "flipper_length_mm"), a value, a number
        out = [s for s in out if s not in inside]
        out.append(Span(a, b, "col", (name,), text[a:b], 6))
        made = True
    if not made and not any(s.kind == "num" and s.text in _DIGITS for s in out):
        return spans, []  # every length word was part of another mention: no length is asked
    # the column named beside a length word ("domain length", "Länge einer Domain", "域名长度") is part of it
    for s in [s for s in out if s.kind == "col" and s.payload == (column,)]:
        near = [t for t in out if t.kind == "col" and t.payload == (name,)]
        if any(_LINK.match(text[min(s.end, t.end) : max(s.start, t.start)]) for t in near):
            out = [t for t in out if t is not s]
    return sorted(out, key=lambda s: s.start), [{"name": name, "op": "length", "columns": [column]}]

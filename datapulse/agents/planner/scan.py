"""Find what a question mentions: columns, values, numbers, dates and keywords.

Works the same for spaced languages and for Chinese: every phrase is looked for in
the lower-cased question; Latin phrases need word boundaries (so `species` matches
inside "按species统计" but `art` does not match inside "Standard"), Chinese phrases
match anywhere. Overlaps are settled longest-first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from datapulse.agents.planner.columns import ColumnIndex, tokens_of, value_form
from datapulse.agents.planner.lexicon import (
    CJK_COUNTERS,
    COLUMN_TERMS,
    COMPARATIVES,
    FREQ_WORDS,
    GENERIC,
    KEYWORDS,
    MONTHS,
    NUMBER_WORDS,
    PUNCT_NAMES,
    SUPERLATIVES,
    TYPE_WORDS,
    VALUE_TERMS,
)
from datapulse.agents.planner.words import function_words

_B = "a-z0-9_äöüßé"
_KEYWORD_PHRASES = frozenset(p for phrases in KEYWORDS.values() for p in phrases)
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Span:
    start: int
    end: int
    kind: str  # col, val, kw, freq, num, date, sup, cmp, quoted
    payload: Any
    text: str
    priority: int = 0

    def has(self, kw: str) -> bool:
        return self.kind == "kw" and kw in self.payload


@lru_cache(maxsize=8192)
def _pattern(phrase: str, plural: bool = False) -> re.Pattern[str]:
    prefix, suffix = phrase.endswith("*"), phrase.startswith("*")
    core = phrase.strip("*")
    body = re.escape(core)
    if _CJK.search(core) or not re.search(r"[a-z0-9äöüß]", core.lower()):
        return re.compile(body)
    left = "" if suffix else f"(?<![{_B}])"
    if not suffix and len(core) <= 2:
        left = f"(?<![{_B}'’])"  # the "s" of "what's", the "t" of "don't": a contraction, not a column `s`
    if prefix:  # German inflection or the first half of a compound: no right boundary
        return re.compile(f"{left}{body}(?:lich(?:e[nmrs]?|e)?|s(?:te[nmrs]?)?|e[nmrs]?|n)?")
    tail = "(?:e?s|e?n|e)?" if plural else ""  # species, Standorte, Inseln
    if plural and len(core) <= 3:
        tail = "s?"  # `MOR` is not "more", `ACT` not "acte"
    if plural and core.endswith("y") and len(core) > 2:
        body, tail = re.escape(core[:-1]) + "(?:y|ies)", ""  # city, cities
    return re.compile(f"{left}{body}{tail}(?![{_B}])")


def _find(text: str, phrase: str, plural: bool = False) -> list[tuple[int, int]]:
    core = phrase.strip("*")
    if core not in text and not (plural and core.endswith("y") and core[:-1] + "ies" in text):
        return []  # cheap test first: most phrases are not in a question
    return [(m.start(), m.end()) for m in _pattern(phrase, plural).finditer(text)]


_NUM = re.compile(
    r"(?<![0-9a-zA-Z_.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![0-9a-zA-Z_.])-?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?(?![\d])"
    r"|(?<![0-9a-zA-Z_.])-?\d+(?:[.,]\d+)?(?![\d])"
)
_DE_THOUSANDS = re.compile(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # German "20.000", "1.234.567,5"
_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)|(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)|(?<!\d)(\d{4})/(\d{2})/(\d{2})(?!\d)"
)
_ZH_DATE = re.compile(r"(\d{4})\s*年\s*(?:(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?)?|(?<!\d)(\d{1,2})\s*月(?:份)?")
_ZH_MD = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")  # "7月1日" with no year
_YM = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?![\d-])")
_ZH_MONTHS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_ZH_MONTH = re.compile(r"(?<![\d一二三四五六七八九十])(十二|十一|十|一|二|三|四|五|六|七|八|九)月(?!份)")
# Quotes stand apart from words: the apostrophe in "Chrysler's" opens nothing.
_QUOTED = re.compile(r"(?<![A-Za-z0-9])['\"„“”「『‚‘]([^'\"„“”」』‚‘’]{1,80})['\"“”」』‘’](?![A-Za-z0-9])")


_ORDINAL_QUARTER = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "ersten": 1,
    "zweiten": 2, "dritten": 3, "vierten": 4, "erstes": 1, "zweites": 2, "drittes": 3, "viertes": 4, "1.": 1,
    "2.": 2, "3.": 3, "4.": 4, "一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4,
}  # fmt: skip
_QUARTERS = (
    re.compile(r"(?<![a-z0-9])q([1-4])\s*[/-]?\s*(\d{4})(?!\d)"),  # "Q1 1970", "q1/1970"
    re.compile(r"(?<!\d)(\d{4})\s*[-/]?\s*q([1-4])(?![a-z0-9])"),  # "1980Q1", "2005 Q3"
    re.compile(
        r"(?<![a-z0-9])(first|1st|second|2nd|third|3rd|fourth|4th|ersten|zweiten|dritten|vierten|[1-4]\.)\s+"
        r"(?:quarter|quartal)s?\s+(?:of\s+|des\s+jahres\s+|im\s+jahr\s+)?(\d{4})(?!\d)"
    ),  # "the first quarter of 1960", "im ersten Quartal 1960", "1. Quartal 1960"
    re.compile(
        r"(?<!\d)(\d{4})\s*年\s*(?:的\s*)?(?:第\s*)?([一二三四1-4])\s*(?:季度|季)"
    ),  # "1960年第一季度", "1980年一季度"
)


def _quarters(text: str) -> list[Span]:
    """A quarter of a year: its payload holds the year and the quarter (1-4)."""
    out = []
    for k, pattern in enumerate(_QUARTERS):
        for m in pattern.finditer(text):
            a, b = m.group(1), m.group(2)
            year, quarter = (b, a) if k in (0, 2) else (a, b)
            payload = {"year": int(year), "quarter": _ORDINAL_QUARTER[quarter.rstrip()]}
            out.append(Span(m.start(), m.end(), "date", payload, m.group(0), 9))  # a value "1975q2" wins
    return out


def _period_value(span: Span, index: ColumnIndex) -> Span | None:
    """A quarter over a table whose periods are text ("1975q2"): that value, or nothing (the
    rest of the scan reads the words as before)."""
    if span.kind != "date" or "quarter" not in span.payload:
        return span
    label = f"{span.payload['year']}q{span.payload['quarter']}"
    pairs = index.values.get(label)
    return Span(span.start, span.end, "val", tuple(sorted(pairs, key=str)), span.text, 10) if pairs else None


_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")


def _slashed(text: str) -> list[Span]:
    """'1/1/1980', '01/01/1995', '31/12/1999', '12/31/1999': a day, where the order of day and month
    cannot matter (the same number, or one of them past 12); '3/4/2001' stays unread."""
    out = []
    for m in _SLASHED.finditer(text):
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a == b or b > 12 >= a:
            month, day = (a, b)
        elif a > 12 >= b:
            month, day = (b, a)
        else:
            continue
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.append(Span(m.start(), m.end(), "date", {"year": year, "month": month, "day": day}, m.group(0), 9))
    return out


_MONTH_YEAR = re.compile(r"(?<![\d/.])(0?[1-9]|1[0-2])/(\d{4})(?![\d/])")  # "01/2000", "12/2009"


def _dates(text: str) -> list[Span]:
    out = _quarters(text) + _slashed(text)
    for m in _MONTH_YEAR.finditer(text):
        payload = {"year": int(m.group(2)), "month": int(m.group(1))}
        out.append(Span(m.start(), m.end(), "date", payload, m.group(0), 8))
    for m in _ISO.finditer(text):
        y, mo, d = (
            (m.group(1), m.group(2), m.group(3))
            if m.group(1)
            else ((m.group(6), m.group(5), m.group(4)) if m.group(4) else (m.group(7), m.group(8), m.group(9)))
        )
        out.append(Span(m.start(), m.end(), "date", {"year": int(y), "month": int(mo), "day": int(d)}, m.group(0), 9))
    for m in _ZH_DATE.finditer(text):
        if m.group(4):
            payload = {"month": int(m.group(4))}
        else:
            payload = {"year": int(m.group(1))}
            if m.group(2):
                payload["month"] = int(m.group(2))
            if m.group(3):
                payload["day"] = int(m.group(3))
        out.append(Span(m.start(), m.end(), "date", payload, m.group(0), 9))
    for m in _ZH_MONTH.finditer(text):
        out.append(Span(m.start(), m.end(), "date", {"month": _ZH_MONTHS[m.group(1)]}, m.group(0), 8))
    for m in _YM.finditer(text):
        out.append(Span(m.start(), m.end(), "date", {"year": int(m.group(1)), "month": int(m.group(2))}, m.group(0), 8))
    names = "|".join(sorted(MONTHS, key=len, reverse=True))
    day_re = re.compile(
        rf"(?<![{_B}])(?:({names})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})"
        rf"|(?<![\d.])(\d{{1,2}})(?:\.|st|nd|rd|th)?\s*({names})\.?,?\s+(\d{{4}}))"
    )  # "April 30, 1992", "30. April 1992", "1 Jan 1972"
    for m in day_re.finditer(text):
        word, day, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        if 1 <= int(day) <= 31:
            payload = {"year": int(year), "month": MONTHS[word], "day": int(day)}
            out.append(Span(m.start(), m.end(), "date", payload, m.group(0), 10))
    md_re = re.compile(
        rf"(?<![{_B}])(?:({names})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?![\d{_B}.]|,?\s+\d{{4}})"
        rf"|(\d{{1,2}})\.\s*({names})(?![{_B}]|\s+\d{{4}}))"
    )  # "July 1", "1. Juli": a day of a month, the year left to the data
    for m in md_re.finditer(text):
        word, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if 1 <= int(day) <= 31:
            out.append(Span(m.start(), m.end(), "date", {"month": MONTHS[word], "day": int(day)}, m.group(0), 10))
    for m in _ZH_MD.finditer(text):
        if 1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31:
            payload = {"month": int(m.group(1)), "day": int(m.group(2))}
            out.append(Span(m.start(), m.end(), "date", payload, m.group(0), 10))
    month_re = re.compile(rf"(?<![{_B}])(?:({names})\.?(?:\s+(\d{{4}}))?|(\d{{4}})\s+({names}))(?![{_B}])")
    for m in month_re.finditer(text):
        word = m.group(1) or m.group(4)
        if word in ("may", "mar", "jan", "dec", "mai") and not (m.group(2) or m.group(3)):
            continue  # "may" the verb; "mar"/"dec" as abbreviations only with a year
        year = m.group(2) or m.group(3)
        payload = {"month": MONTHS[word]} | ({"year": int(year)} if year else {})
        out.append(Span(m.start(), m.end(), "date", payload, m.group(0), 8))
    return out


def _numbers(text: str, lang: str) -> list[Span]:
    out = []
    for m in _NUM.finditer(text):
        raw = m.group(0)
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", raw) and lang != "de":
            value: float = float(raw.replace(",", ""))
        elif _DE_THOUSANDS.fullmatch(raw) and (lang == "de" or raw.count(".") > 1):
            value = float(raw.replace(".", "").replace(",", "."))  # a dot before three digits: thousands
        else:
            value = float(raw.replace(",", "."))
        out.append(Span(m.start(), m.end(), "num", int(value) if value.is_integer() else value, raw, 7))
    for word, n in NUMBER_WORDS.items():
        if _CJK.search(word):
            pattern = re.compile(f"(?<=[前后]){word}|{word}(?=[{CJK_COUNTERS}])")
            hits = [(m.start(), m.end()) for m in pattern.finditer(text)]
        else:
            hits = _find(text, word)
        for s, e in hits:
            out.append(Span(s, e, "num", n, word, 1))
    return out


_CONTAINS_NEAR = re.compile(
    r"contain|includ|enthalt|enthält|beinhalt|\bin (?:the|their|its) names?|im namen"
    r"|包含|含有|带|开头|结尾|start|begin|end"
)  # a quoted piece of text searched inside values, not a whole value


_FUNCTION_ANY = frozenset(function_words("en") | function_words("de"))
_FUNCTION = frozenset(w for w in function_words("en") | {"de", "la", "le", "el", "et", "du"} if len(w) <= 3)
_VERB_BEFORE = re.compile(r"\b(?:is|are|was|equals?|ist|sind|gleich)\s*$")
_AS_VALUE = re.compile(r"(?:==?|为|是|等于|\b(?:is|are|was|equals?|ist|sind|gleich)|[:：])\s*$")


_MISSING_BEFORE = re.compile(r"\b(?:missing|null|empty|non-missing|non-null)\s+$")
_VALUE_WORDS = re.compile(r"(?<![a-zäöüß])(?:wert|wertes)(?![a-zäöüß])|数值|(?:(?<=的)|(?<![\u4e00-\u9fff]))值")


def _value_column_words(text: str, index: ColumnIndex) -> list[Span]:
    """'Welchen Wert hat …', '… 的数值是多少', '… 的值': a column whose whole name is `value` is
    what the German and Chinese word for a value names (as "the value of …" names it in English;
    not "Werte", "缺失值": values in general)."""
    cols = tuple(sorted(index.forms.get("value", set())))
    if len(cols) != 1:
        return []
    return [Span(m.start(), m.end(), "col", cols, m.group(0), 6) for m in _VALUE_WORDS.finditer(text)]


def _said_as_value(text: str, start: int, payload: tuple[Any, ...], index: ColumnIndex) -> bool:
    """A short function word ("to", "as", "no", "de") is a value only where the question says it
    as one: quoted, after "=", "为", "is", or right after the name of a column holding it
    ("language de", "territory NO")."""
    before = text[:start]
    if re.search(r"['\"`„“‘「]\s*$", before):
        return True
    said = _AS_VALUE.search(before)
    if said and not _VERB_BEFORE.search(said.group(0)):
        return True
    if said:  # "rules are in the table": after a verb, a preposition with words after it is no value
        after = re.match(r"[a-z]*\s*(.?)", text[start:])
        return after is None or not after.group(1).isalnum()
    head = before.rstrip(" \t(（")
    for col in {c for c, _v in payload}:
        for form in index.forms_of_column(col):
            if form and head.endswith(form) and (len(head) == len(form) or not head[-len(form) - 1].isalnum()):
                return True
    return False


@dataclass(frozen=True)
class _Terms:
    """What scan looks for in a question about one table, with each mention's payload: built
    once per table (the index's memo), not per question (resolving the lexicon's phrases
    against the columns and sorting the payloads was most of a scan's own work)."""

    forms: list[tuple[str, set[str], tuple[str, ...]]]  # spelling, its columns, payload
    values: list[tuple[str, bool, str, bool, tuple[Any, ...]]]  # value, short, probe, plural, payload
    phrases: list[tuple[str, str, Any, int, bool]]  # phrase, kind, payload, priority, plural (in scan's order)
    tokens: list[tuple[str, set[str], tuple[str, ...]]]  # token, its columns, payload


def _index_terms(index: ColumnIndex) -> _Terms:
    key = ("scan_terms",)
    cached = index.memo.get(key)
    if isinstance(cached, _Terms):
        return cached
    forms = [(form, cols, tuple(sorted(cols))) for form, cols in index.forms.items()]
    values = []
    for low, pairs in index.values.items():
        short = len(low) <= 3 and all(str(v).isupper() for _, v in pairs)
        # "hurricanes" names the value hurricane; "deaths" next to a death_date column names the rows
        plural = len(low) >= 4 and low.isalpha() and low not in index.tokens
        values.append((low, short, str(next(iter(pairs))[1]), plural, tuple(sorted(pairs, key=str))))
    phrases: list[tuple[str, str, Any, int, bool]] = []
    for head, pairs in index.value_heads.items():  # "Gentoo" for "Gentoo penguin (Pygoscelis papua)"
        if len(pairs) != 1 or head in index.values or head in index.tokens or head in index.forms:
            continue
        if head in _KEYWORD_PHRASES or head in GENERIC or head in _FUNCTION_ANY:
            continue  # "Number Forms": "number of blocks" says a count, not the block
        phrases.append((head, "val", tuple(pairs), 4, False))
    for term, wanted in VALUE_TERMS.items():
        pairs = {p for v in wanted for p in index.values.get(v, set())}
        if pairs:
            phrases.append((term, "val", tuple(sorted(pairs, key=str)), 5, False))
    for term, (names, direction) in SUPERLATIVES.items():
        sup_cols = tuple(sorted(index.resolve_any(names)))
        if not sup_cols and term in _KEYWORD_PHRASES:
            continue  # "die stärksten Korrelationen": with no column of its own, the keyword
        phrases.append((term, "sup", (sup_cols, direction), 5, False))  # with no column: the one it qualifies
    for term, (names, op) in COMPARATIVES.items():
        cmp_cols = tuple(sorted(index.resolve_any(names)))
        if cmp_cols:
            phrases.append((term, "cmp", (cmp_cols, op), 5, False))
    for term, names in COLUMN_TERMS.items():
        cols = index.resolve_any(names)
        if cols:
            compound = len(term) >= 5 and not term.startswith("*") and not _CJK.search(term) and " " not in term
            phrases.append((("*" + term) if compound else term, "col", tuple(sorted(cols)), 4, True))
    by_name = {c.lower(): c for c in index.columns}
    for term, names in TYPE_WORDS.items():
        whole = next((by_name[n] for n in names if n in by_name), None)
        if whole is not None:
            # 类型 over `category` beside `media_type`: the word's own sense (type) names another column too
            own = names[0] if whole.lower() != names[0] else None
            also = sorted(c for c in index.columns if own and own in index.col_tokens.get(c, set()))
            phrases.append((term, "col", tuple(sorted({whole, *also})), 4, True))
    tokens = [(token, cols, tuple(sorted(cols))) for token, cols in index.tokens.items()]
    terms = _Terms(forms, values, phrases, tokens)
    index.memo[key] = terms
    return terms


_CODE_WORD = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Za-z]+[-_ ]?0*\d+[A-Za-z]*|\d+[A-Za-z]+)(?![A-Za-z0-9])"
)  # "Q4", "q04", "A-1", "type 3", "3a"


_TYPE_HALVES = frozenset(t for t in TYPE_WORDS if t.startswith("*"))


def _code_values(question: str, text: str, index: ColumnIndex) -> list[Span]:
    """A code written another way than the column writes it ("Q4" for "Q04", "a1" for "A-1"):
    the one value of the one column with that normal form is meant; several are left to
    coverage (which asks), and a code the column writes as asked is matched as a value."""
    if not index.code_forms:
        return []
    out = []
    for m in _CODE_WORD.finditer(question):
        pairs = index.code_forms.get(value_form(m.group(0)))
        if pairs and len(pairs) == 1 and next(iter(pairs))[1] != m.group(0):
            out.append(Span(m.start(), m.end(), "val", tuple(pairs), text[m.start() : m.end()], 4))
    return out


_LINK = r"\s*(?:=|:|==|\bis\b|\bist\b|为|是|\bof\b)?\s*"


def _letter_values(question: str, text: str, index: ColumnIndex) -> list[Span]:
    """'type L', 'Typ = L', 'scope 为 I': one letter right after a column's name, written as the
    column writes one of its values (case and all), is that value (one-letter values are no
    words a question could say otherwise, so they are only read there)."""
    out = []
    for column, letters in index.letters.items():
        forms = sorted(index.forms_of_column(column), key=len, reverse=True)
        for term, names in [*COLUMN_TERMS.items(), *TYPE_WORDS.items()]:  # "Typ L", "类型为 L": its other words
            if column in index.resolve_any(names):
                forms.append(term)
        for form in forms:
            for m in re.finditer(rf"(?<![\w]){re.escape(form)}{_LINK}([A-Za-z])(?![\w])", text):
                said = question[m.start(1) : m.end(1)]
                if said in letters:
                    out.append(Span(m.start(1), m.end(1), "val", ((column, said),), text[m.start(1) : m.end(1)], 5))
    return out


def scan(question: str, index: ColumnIndex | None, lang: str, table: str = "") -> list[Span]:
    """Every mention, non-overlapping, in order of position."""
    text = question.lower()
    found: list[Span] = []
    for m in _QUOTED.finditer(question):
        said = m.group(1).strip().lower()
        pairs = (index.values.get(said) or index.caps_values.get(said)) if index is not None else None
        if pairs and not _CONTAINS_NEAR.search(text[max(0, m.start() - 24) : m.start()] + " " + text[m.end() :]):
            # "im Programm 'vocational'": a quoted value of the table is that value, quotes or not
            found.append(Span(m.start(), m.end(), "val", tuple(sorted(pairs, key=str)), text[m.start() : m.end()], 10))
            continue
        found.append(Span(m.start(), m.end(), "quoted", m.group(1), m.group(0), 10))
    found += _dates(text) + _numbers(text, lang)
    if lang == "de":  # "haben null Änderungen": German null before a noun is the number zero, not a missing value
        for m in re.finditer(r"\bnull(?=\s+(?!Werte?n?\b|Einträge\b)[A-ZÄÖÜ][a-zäöüß])", question):
            found.append(Span(m.start(), m.end(), "num", 0, text[m.start() : m.end()], 8))
    if index is not None and index.periods:
        found = [v for s in found if (v := _period_value(s, index)) is not None]
    if index is not None:
        from datapulse.agents.planner.naming import named_spans

        found += named_spans(question, index)
        terms = _index_terms(index)
        for form, cols, payload in terms.forms:
            for s, e in _find(text, form, plural=True):
                if form in ("value", "values") and _MISSING_BEFORE.search(text[:s]):
                    continue  # "missing values per column": values in general, not the column `value`
                if not _entity(index, form, cols, e - s) or _DISTINCT_BEFORE.search(text[max(0, s - 24) : s]):
                    found.append(Span(s, e, "col", payload, text[s:e], 6))
        found += _value_column_words(text, index)
        for low, short, probe, plural, payload in terms.values:
            hits = _find(question, probe) if short else _find(text, low, plural)
            for s, e in hits:
                if not short and low in _FUNCTION and not _said_as_value(text, s, payload, index):
                    continue  # "right-to-left", "have no territory": the word, not the code `to` or `NO`
                found.append(Span(s, e, "val", payload, text[s:e], 5))
        found += _code_values(question, text, index)
        found += _letter_values(question, text, index)
        for name, mark in PUNCT_NAMES.items():  # "a comma as decimal_separator": the value ","
            if mark in index.punct_values:
                for s, e in _find(text, name):
                    found.append(Span(s, e, "val", tuple(sorted(index.punct_values[mark], key=str)), text[s:e], 5))
        for phrase, kind, payload, priority, plural in terms.phrases:
            for s, e in _find(text, phrase, plural):
                if phrase in _TYPE_HALVES:  # "Berufstyp": the whole word names the type column
                    s = re.search(f"[{_B}]*$", text[:s]).start()  # type: ignore[union-attr]
                found.append(Span(s, e, kind, payload, text[s:e], priority))
        from datapulse.agents.planner.coverage import row_nouns

        own = row_nouns(table) if table else set()
        for token, cols, payload in terms.tokens:
            for s, e in _find(text, token, plural=True):
                if text[s:e] in own or token in own:
                    continue  # "how many wines" in the wine table: the rows, not a part of "..._diluted_wines"
                if not _entity(index, token, cols, e - s):
                    found.append(Span(s, e, "col", payload, text[s:e], 2))
    for freq, phrases in FREQ_WORDS.items():
        for phrase in phrases:
            for s, e in _find(text, phrase):
                found.append(Span(s, e, "freq", freq, text[s:e], 3))
    by_pos: dict[tuple[int, int], Span] = {}
    for kw, phrases in KEYWORDS.items():
        for phrase in phrases:
            hits = _find(text, phrase)
            if phrase.endswith("*"):  # the bare stem too, for compounds: "gesamt|entfernung"
                hits += [(m.start(), m.end()) for m in re.finditer(f"(?<![{_B}]){re.escape(phrase[:-1])}", text)]
            for s, e in hits:
                if phrase == "-" and re.match(r"[a-zäöüß]", text[e : e + 1]):
                    continue  # "4-cylinder" is a compound, not a range
                span = by_pos.setdefault((s, e), Span(s, e, "kw", set(), text[s:e], 3))
                span.payload.add(kw)
    spans = _inside_words(text, _settle(found, list(by_pos.values())))
    if index is None:
        return spans
    from datapulse.agents.planner.naming import (
        absorb_descriptors,
        absorb_labels,
        compact_phrases,
        linked_spans,
        restatement_labels,
        value_glosses,
    )

    spans = absorb_labels(text, spans)
    restated = restatement_labels(text, spans)  # a label over a keyword ("first class (pclass 1)") replaces it
    spans = [s for s in spans if not any(r.start == s.start and r.end == s.end for r in restated)]
    spans = sorted(spans + restated, key=lambda s: s.start)
    spans = sorted(spans + value_glosses(text, spans), key=lambda s: s.start)
    spans = sorted(spans + linked_spans(question, spans, index, table, lang), key=lambda s: s.start)
    spans = _one_label(_narrow(compact_phrases(question, spans, index, table), index, text), index)
    return _name_part_values(absorb_descriptors(text, _one_measure(text, spans, index), table))


def _name_part_values(spans: list[Span]) -> list[Span]:
    """'average UTC offset by region' over `utc_offset_s`, '偏移量为负(UTC 以西)': a word of the name of a
    column the question names is part of that name, not a value of another column (`abbrev` 'UTC')."""
    named = {c for s in spans if s.kind == "col" and isinstance(s.payload, tuple) for c in s.payload}
    parts = {p for c in named for p in re.split(r"[_\W]+", c.lower()) if len(p) > 1}
    out = []
    for s in spans:
        if (
            s.kind == "val"
            and isinstance(s.payload, tuple)
            and s.text.strip().lower() in parts
            and not any(c in named for c, _v in s.payload)
        ):
            continue
        out.append(s)
    return out


_MEASURE_WORDS = re.compile(
    r"(?<![a-zäöüß])(?:values?|index|indices|indexes|figures?|readings?)(?![a-zäöüß])"
    r"|(?:(?<![a-zäöüß])|(?<=s))(?:werte?n?|index|indizes)(?![a-zäöüß])|数值|指数"
)
_MISSING_WORDS = re.compile(r"(?:missing|null|empty|fehlende[nr]?|leere[nr]?|缺失的?|空的?)\s*$")
_DISTINCT_WORDS = re.compile(r"(?:distinct|different|unique|verschiedene[nr]?|unterschiedliche[nr]?|不同的?)\s*$")


def _one_measure(text: str, spans: list[Span], index: ColumnIndex) -> list[Span]:
    """'the value', 'the index', 'der Wert', '数值' in a table of one measure (a monthly index
    beside its dates) name that measure; the words keep their meaning anywhere else."""
    nums = [
        c
        for c in index.columns
        if c in index.numeric and c not in index.identifiers and c.lower() not in _TIME_PART_NAMES
    ]
    if len(nums) != 1 or any(s.kind == "col" and nums[0] in s.payload for s in spans):
        return spans
    if any(s.kind == "col" and len(s.payload) == 1 and s.payload[0] in index.numeric for s in spans):
        return spans  # "the smallest codepoint value": the value of the number column named, not the one measure
    out = list(spans)
    for m in _MEASURE_WORDS.finditer(text):
        a, b = m.start(), m.end()
        inside = [s for s in out if s.start < b and a < s.end]
        if any(s.kind != "kw" or s.start < a or s.end > b for s in inside):
            continue  # part of another mention ("Mittelwert", "平均值")
        if _DISTINCT_WORDS.search(text[:a]) or _MISSING_WORDS.search(text[:a]):
            continue  # "distinct values": the values of a column, counted; "missing values": of every column
        if (
            a
            and re.match(r"[a-zäöüß]", text[a - 1])
            and not any(
                s.kind == "kw" and any(k.startswith("agg:") for k in s.payload) and a - 1 <= s.end <= a for s in out
            )
        ):
            continue  # "Durchschnittswert" is the average value; "Monatswerte" is not only a value
        out = [s for s in out if s not in inside]
        out.append(Span(a, b, "col", (nums[0],), text[a:b], 2))
    return sorted(out, key=lambda s: s.start)


_TIME_PART_NAMES = {"year", "quarter", "month", "week", "day", "hour", "yr"}


_NOUN_OR_COPULA = {"rows", "columns", "op:eq", "is_what"}
_AGG_GLOSS = {
    "agg:sum": {"total", "sum"},
    "agg:mean": {"average", "mean"},
    "agg:max": {"maximum", "max", "most", "highest"},
    "agg:min": {"minimum", "min", "least", "lowest"},
}


def _inside_words(text: str, spans: list[Span]) -> list[Span]:
    """'出行方式' (travel mode) holds 行 (rows) inside the word 出行, '是否' (whether) 是 (is): a
    one-character keyword inside a longer dictionary word is not that keyword (the word is read
    whole, by the coverage's own segmentation)."""
    from datapulse.agents.planner.linking import english_of, segment

    out = []
    for s in spans:
        aggs = {k for k in s.payload if k in _AGG_GLOSS} if s.kind == "kw" else set()
        if s.kind == "kw" and (s.payload <= _NOUN_OR_COPULA or aggs) and len(s.text) == 1 and _CJK.match(s.text):
            a, b = s.start, s.end
            while a > 0 and _CJK.match(text[a - 1]):
                a -= 1
            while b < len(text) and _CJK.match(text[b]):
                b += 1
            at = a
            inside = False
            for w in segment(text[a:b]):
                if at <= s.start < at + len(w):
                    inside = len(w) > 1
                    if inside and aggs:  # 总数, 总产量 say "total"; 总体 is "completely", "overall"
                        glossed = {t for g in english_of(w)[:2] for t in g.split()}
                        inside = bool(glossed) and not any(glossed & _AGG_GLOSS[k] for k in aggs)
                    break
                at += len(w)
            if inside:
                continue
        out.append(s)
    return out


_NEIGHBOUR_TOKENS = {"agg:sum": ("total",)}  # "总人口", "the total population": the column marked Total
_TOTAL_TOKENS = ("total", "all", "gesamt", "insgesamt")


def _family(span: Span, spans: list[Span], index: ColumnIndex, text: str) -> tuple[str, ...]:
    """'population' over `Population (thousands) Total/Males/Females` and `Percentage of population
    aged ...`: the columns the word heads (their names start with the word all the candidates
    share), then the one a neighbouring word marks ("total", "males"), else the one marked Total
    (the parts' sum is what the bare word names). Unchanged when that leaves more than one."""
    cols = list(span.payload)
    shared = set.intersection(*(set(tokens_of(c)) for c in cols)) if cols else set()

    def complement(c: str) -> bool:
        """'Percentage of population aged 5-15', 'Total population percentage change': the shared
        word only qualifies what the column measures (after "of", or before another word)."""
        toks = tokens_of(c)
        low = c.lower()
        if any(t in shared and k > 0 and toks[k - 1] in ("of", "der", "des", "von") for k, t in enumerate(toks)):
            return True
        return any(re.search(rf"(?<![a-z0-9]){re.escape(t)} +[a-z]", low) for t in shared if len(t) > 2)

    headed = [c for c in cols if not complement(c)]
    if headed and len(headed) < len(cols):
        cols = headed
    k = spans.index(span)
    near: set[str] = set()
    for j in (k - 1, k + 1):
        if 0 <= j < len(spans) and not text[min(spans[j].end, span.end) : max(spans[j].start, span.start)].strip():
            other = spans[j]
            near |= set(tokens_of(other.text))
            if other.kind == "kw":
                near |= {t for kw in other.payload for t in _NEIGHBOUR_TOKENS.get(kw, ())}
    marked = [c for c in cols if near & (set(tokens_of(c)) - shared)]
    if len(marked) == 1:
        return (marked[0],)
    if len(cols) > 1:
        rest = [set(tokens_of(c)) - shared for c in cols]
        common = set.intersection(*(set(tokens_of(c)) for c in cols))
        totals = [c for c, own in zip(cols, rest, strict=True) if own - common & set(_TOTAL_TOKENS)]
        parts = all(len(set(tokens_of(c)) - common) == 1 for c in cols)
        if len(totals) == 1 and parts:
            return (totals[0],)
    return tuple(cols)


def _narrow(spans: list[Span], index: ColumnIndex | None = None, text: str = "") -> list[Span]:
    """'the fewest bills in the 103rd Congress (BILLS103)': a word for several columns, one of
    which the question names on its own elsewhere, is that one; a word that is one column's
    exact name ("mbsmoke" beside `mbsmoke_`) is that column."""
    named = {s.payload[0] for s in spans if s.kind == "col" and len(s.payload) == 1 and not _one_part(s, text)}
    out: list[Span] = []
    skip: set[int] = set()
    for k, s in enumerate(spans):
        if k in skip:
            continue
        if s.kind == "col" and len(s.payload) > 1 and text:
            joined = _second_word(s, spans[k + 1] if k + 1 < len(spans) else None, text)
            if joined is not None:
                s, took = joined
                if took:
                    skip.add(k + 1)
        if s.kind == "col" and len(s.payload) > 1:
            exact = [c for c in s.payload if c.lower() == s.text.strip().lower()]
            hits = exact if len(exact) == 1 else [c for c in s.payload if c in named]  # `mbsmoke`, not `mbsmoke_`
            if len(hits) != 1 and index is not None:
                family = _family(s, spans, index, text)
                hits = list(family) if len(family) < len(s.payload) else hits
                if len(hits) > 1:
                    s = Span(s.start, s.end, s.kind, tuple(hits), s.text, s.priority)
            if len(hits) == 1:
                s = Span(s.start, s.end, s.kind, (hits[0],), s.text, s.priority)
        out.append(s)
    return out


def _one_part(s: Span, text: str) -> bool:
    """'codes' over `class_code`: one word of a longer name, said alone. It does not pick
    `class_code` out of the columns 'classes' names ('top 3 classes by number of codes': the codes
    are the rows counted)."""
    from datapulse.agents.planner.columns import tokens_of

    toks = tokens_of(s.payload[0])
    said = s.text.strip().lower()
    if not re.search(
        r"(?:number\s+of|count\s+of|anzahl(?:\s+(?:der|an))?|how\s+many|wie\s+viele|多少个?)\s*$", text[: s.start]
    ):
        return False  # "a key of at least 4096 bits": `key_bits` named; only the rows counted are no column
    return len(toks) > 1 and any(said in (t, t + "s", t + "es") for t in toks[1:])  # 'characters': the head


def _second_word(s: Span, nxt: Span | None, text: str) -> tuple[Span, bool] | None:
    """'密钥类型' over `key_bits` and `key_type`: 密钥 (key) names both, the word right after it
    (类型, type) is the other half of one name only: that column, the two words one mention.
    The second word's own reading (类型 as "types") gives way to the column's."""
    from datapulse.agents.planner.columns import tokens_of
    from datapulse.agents.planner.linking import english_of, german_english

    m = re.match(r"[\s-]?([\u3400-\u9fff]{2}|[a-zäöüß]{3,})", text[s.end :])
    if m is None:
        return None
    word = m.group(1)
    glosses = {g.lower() for g in (english_of(word) if _CJK.match(word) else [word, *german_english(word)])}
    glosses |= {g[:-1] for g in glosses if g.endswith("s")}
    shared = set.intersection(*(set(tokens_of(c)) for c in s.payload))
    hits = [c for c in s.payload if (set(tokens_of(c)) - shared) & glosses]
    if len(hits) != 1:
        return None
    end = s.end + m.end()
    took = nxt is not None and nxt.start >= s.end and nxt.end <= end
    if nxt is not None and nxt.start < end and not took:
        return None  # the next word is part of a longer mention
    return Span(s.start, end, s.kind, (hits[0],), text[s.start : end], s.priority), took


def _one_label(spans: list[Span], index: ColumnIndex) -> list[Span]:
    """'which country', '国家' over `Country Name` and `Country Code`: columns with one value per
    row name the same rows; the name column (else the first) stands for them."""
    from datapulse.agents.planner.decide import label_column

    out = []
    for s in spans:
        if s.kind == "col" and len(s.payload) > 1 and set(s.payload) <= index.labels:
            name = label_column(index)
            pick = name if name in s.payload else sorted(s.payload)[0]
            s = Span(s.start, s.end, s.kind, (pick,), s.text, s.priority)
        out.append(s)
    return out


_DISTINCT_BEFORE = re.compile(
    r"(?:distinct|different|unique|verschiedene[nr]?|unterschiedliche[nr]?|eindeutige[nr]?|不同的?|唯一的?)\s*$"
)  # "how many distinct individuals": the values of the id column, not the rows


def _entity(index: ColumnIndex, form: str, cols: set[str], length: int) -> bool:
    """ "flights" counts rows: a plural of an identifier column (flight numbers) names no column."""
    return length > len(form) and all(c in index.identifiers for c in cols)


def _settle(spans: list[Span], keywords: list[Span]) -> list[Span]:
    """Mentions first, then keywords in the gaps; within each, longest (then priority) wins."""
    taken: list[Span] = []
    used = bytearray(max((s.end for s in spans + keywords), default=0) + 1)
    order = sorted(spans, key=lambda s: (-(s.end - s.start), -s.priority, s.start))
    order += sorted(keywords, key=lambda s: (-(s.end - s.start), s.start))
    for span in order:
        if any(used[span.start : span.end]):
            continue
        used[span.start : span.end] = b"\x01" * (span.end - span.start)
        taken.append(span)
    return sorted(taken, key=lambda s: s.start)


def detect_language(question: str) -> str:
    if _CJK.search(question):
        return "zh"
    low = question.lower()
    if re.search(r"[äöüß]", low) or re.search(
        r"\b(wie|viele|welche[rsn]?|der|die|das|den|dem|des|und|nach|pro|je|zeige|mit|ist|sind|gibt|\w*durchschnitt\w*|"
        r"anzahl|nur|für|zwischen|spalten|zeilen|werte|im|von|größer|kleiner|als|oder|ohne|gesamt\w*|summe|"
        r"verteilung|monatlich\w*|jährlich\w*|höchst\w*|niedrigst\w*|zeige|liste)\b",
        low,
    ):
        return "de"
    return "en"

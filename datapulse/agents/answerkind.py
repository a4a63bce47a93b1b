"""The last check before an answer is given: the kind of answer asked for is the kind computed (issue 9).

"When was Focal Fossa released?" needs a date, "what share …" a share, "what's the name …" a
label or a row, "how many …" a whole number, "… for each urgency" a table of groups. When the
plan's results clearly offer none of what the question's interrogatives ask for, the question
is asked back (SPEC 5: what was understood, and the reading it can compute as the one choice)
instead of answered with a confident number of another kind.

`asked()` reads the question's kind from a per-language lexicon of interrogatives (None when
no interrogative says it: then nothing is checked); `offers()` reads what the executed results
give from their shapes (SPEC 5 results); `mismatch()` says whether none of the asked kinds is
offered. A follow-up with no interrogative of its own keeps the previous question's kind
(carried in the conversation's context as `asked`), loosely: a follow-up may regroup.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from datapulse.agents.planner.intent import Clarify

# Each kind's interrogatives per language. `when`: a date, time or year; `share`: a share;
# `label`: a name (text) or the rows; `count`: a whole number; `mean`: an average.
_EN_LEAD = r"(?:^|[.?!;:]\s*|\b(?:and|so|but|then|also|now|ok|okay)\s+)"
LEXICON: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "when": (
            _EN_LEAD + r"when\b",
            r"\b(?:since|until|till|by|from) when\b",
            r"\b(?:what|which) (?:year|date|day|month|time)\b",
            r"\bin what year\b",
            r"\bhow long ago\b",
        ),
        "share": (
            r"\b(?:what|which|how big a|how large a|how much of a) (?:share|percentage|proportion|fraction|percent)\b",
            r"\bwhat % ",
            r"\b(?:share|percentage|proportion|fraction) of\b",
            r"\bhow many percent\b",
            r"\bin percent\b",
        ),
        "label": (
            _EN_LEAD + r"(?:which|who|whose)\b",
            r"\b(?:in|on|at|from|for|of|with|by|to) (?:which|whom|whose)\b",
            r"\bwhat(?:'s| is| was| are| were) (?:the |its |their )?names?\b",
            r"\bwhat (?:is|was|are|were) \S+(?: \S+)? called\b",
            r"\bname (?:the|of)\b",
        ),
        "count": (
            r"\bhow many\b",
            r"^\s*(?:what(?:'s| is| was) )?(?:the )?(?:total )?number of\b",
            r"^\s*count (?:the |all )?\w",
        ),
        "mean": (r"\bon average\b", r"\bon avg\b", r"\bin average\b"),
    },
    "de": {
        "when": (
            r"\bwann\b",
            r"\b(?:in |an |seit |bis zu )?welche[mnrs]? (?:jahr|datum|tag|monat|zeitpunkt)\b",
            r"\bwelches jahr\b",
        ),
        "share": (
            r"\b(?:welche[rnms]?|wie (?:gro(?:ß|ss)|hoch)(?:e[rnms]?)?) anteil\b",
            r"\banteil (?:der|des|an|von)\b",
            r"\bwie viel(?:e)? prozent\b",
            r"\bprozentsatz\b",
            r"\bin prozent\b",
        ),
        "label": (
            r"(?:^|[.?!;:]\s*|\bund\s+|\b(?:auf|in|an|aus|bei|mit|von|zu|für|über|unter|seit|vor) )"
            r"(?:welche[rsmn]?|wer|wessen|wem)\b",
            r"\bwie (?:hei(?:ß|ss)t|hie(?:ß|ss)|hei(?:ß|ss)en|lautet|lauten|lautete)\b",
            r"\bwelchen namen\b",
        ),
        "count": (r"\bwie ?viele\b", r"\banzahl\b"),
        "mean": (r"\bim (?:durch)?schnitt\b",),
    },
    "zh": {
        "when": (
            r"什么时候",
            r"何时",
            r"哪一?年",
            r"哪一?天",
            r"哪一?个?月",
            r"几月",
            r"几号",
            r"什么日期",
            r"哪个日期",
            r"从何时",
            r"哪个时候",
        ),
        "share": (r"比例", r"占比", r"百分比", r"百分之几", r"几成", r"比率", r"所占"),
        "label": (r"哪(?!里|儿|怕|一?年|一?天|一?个?月)", r"谁", r"什么名字", r"名字是什么", r"名称是什么", r"叫什么"),
        "count": (
            r"多少(?:个|条|行|种|家|位|名|次|项|部|款|只|台|本|首|座|人|户|笔|门|类|组|套|起|份|张|支|场|篇)",
            r"几(?:个|条|行|种|家|位|名|次|项|部|款|只|台|本|首|座|户|笔|门|类|组|套|起|份|张|支|场|篇)",
            r"有多少(?!钱)",
        ),
        "mean": (r"平均每",),
    },
}

# "each", "per": a value for each group, a table.
GROUPED: dict[str, tuple[str, ...]] = {
    "en": (r"\beach\b", r"\bfor every\b", r"\bevery (?:year|month|day|week|quarter)\b"),
    "de": (r"\bjede[nmrs]?\b", r"\bjeweils\b"),
    "zh": (r"各(?!自)", r"每(?:个|一|年|月|天|日|周|季|种|类|位|家|名|组|部|款)", r"分别"),
}

# "by", "nach", "按": a split the answer may show as a table of groups (asked for by no one).
SPLIT: dict[str, tuple[str, ...]] = {
    # "per" and "pro", "je" also make units ("miles per gallon", "Euro je Liter"): a split, not a demand
    "en": (r"\bby\b", r"\bper\b", r"\bbroken down\b", r"\bacross\b", r"\bgrouped\b", r"\btop \d+"),
    "de": (r"\bnach\b", r"\bpro\b", r"\bje\b", r"\bgetrennt\b", r"\baufgeschl(?:ü|ue)sselt\b", r"\btop \d+"),
    "zh": (r"按", r"根据", r"分组", r"不同"),
}

# Words after which "how many" asks for a measure, not a count: units, "times", "percent".
_NOT_A_COUNT: dict[str, tuple[str, ...]] = {
    "en": (
        r"\bhow many (?:more |fewer |less )?(?:times|percent|%|years?|months?|days?|weeks?|hours?|minutes?|seconds?"
        r"|km|kilomet\w*|miles?|met(?:er|re)s?|feet|inch\w*|kg|kilos?|grams?|pounds?|lbs?|tons?|points?|degrees?"
        r"|dollars?|euros?|cents?|calories|litres?|liters?|gallons?|mph)\b",
    ),
    "de": (
        r"\bwie ?viele (?:mal|prozent|jahre|monate|tage|wochen|stunden|minuten|sekunden|kilometer|meter|kilo\w*"
        r"|gramm|tonnen|punkte|grad|euro|dollar|liter)\b",
    ),
    "zh": (r"多少(?:倍|年|天|月|小时|分钟|秒|公里|米|千克|公斤|克|吨|分|度|元|美元|欧元|升)", r"几(?:倍|年|天|小时)"),
}
# "on average" per row: "each entry … on average" is no grouping.
_PER_ROW_MEAN: dict[str, tuple[str, ...]] = {
    "en": (r"\bon average\b", r"\bon avg\b"),
    "de": (r"\bim (?:durch)?schnitt\b",),
    "zh": (r"平均每",),
}

_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)?$|^\d{4}Q[1-4]$|^\d{1,2}:\d{2}")
# A number under a name of time ("times", "year", "period", "Stunde") is a point in time.
_TIMEISH = re.compile(
    r"year|jahr|period|decade|century|date|datum|time|zeit|hour|stunde|minute|second|sekunde|month|monat"
    r"|\bday|\btag|年|月|日期|时间|时刻",
    re.IGNORECASE,
)
# The words for a table's columns: "how many columns" is answered by the schema, no other count.
_COLUMN_WORDS = re.compile(
    r"\b(?:columns?|variables?|fields?|features?|attributes?|spalten?|merkmale?|felder|feld)\b|列|字段|变量|栏",
    re.IGNORECASE,
)
_COUNT_NAME = re.compile(r"^(?:rows|count|distinct values of|columns|duplicate rows|missing values|nunique_)")
_SHARE_NAME = re.compile(r"^(?:percent|share)")
_SHARE_COLUMN = re.compile(r"^(?:percent|share|pct|ratio|rate)$|percent|share", re.IGNORECASE)
_ROWS_TITLE = re.compile(r"^(?:Matching rows|Top \d+ rows|Bottom \d+ rows|Duplicated rows)")
_STATS_TITLE = re.compile(r"^(?:Summary statistics|Columns and types)")


@dataclass
class Asked:
    """What the question asks for: kinds (any one satisfies it), whether a value per group,
    the words that say so, and whether it was kept from the previous question."""

    kinds: list[str] = field(default_factory=list)
    grouped: bool = False
    words: list[str] = field(default_factory=list)
    inherited: bool = False
    split: bool = False  # "by …": a table of groups answers it too
    about_columns: bool = False  # the question names columns: their number is a count it may ask for

    @property
    def loose(self) -> bool:
        """A table of groups may answer it: asked per group, split "by" something, or kept."""
        return self.grouped or self.split or self.inherited

    def to_context(self) -> dict[str, Any]:
        return {"kinds": list(self.kinds), "grouped": self.grouped, "words": list(self.words), "split": self.split}

    @classmethod
    def from_context(cls, data: Any) -> Asked | None:
        if not isinstance(data, dict) or not isinstance(data.get("kinds"), list):
            return None
        kinds = [str(k) for k in data["kinds"] if str(k) in KINDS]
        words = [str(w) for w in data.get("words") or []]
        return (
            cls(kinds, bool(data.get("grouped")), words, split=bool(data.get("split")))
            if kinds or data.get("grouped")
            else None
        )


KINDS = ("when", "share", "label", "count", "mean")


def _match(patterns: tuple[str, ...], text: str) -> re.Match[str] | None:
    for p in patterns:
        m = re.search(p, text, re.IGNORECASE)
        if m:
            return m
    return None


def _find(patterns: tuple[str, ...], text: str) -> str | None:
    m = _match(patterns, text)
    return m.group(0).strip(" .?!;:") if m else None


def asked(question: str, lang: str) -> Asked | None:
    """The kinds of answer the question's interrogatives ask for; None when none says."""
    text = " ".join(question.strip().split())
    lex = LEXICON.get(lang, LEXICON["en"])
    found = {kind: m for kind, patterns in lex.items() if (m := _match(patterns, text)) is not None}
    label = found.get("label")
    if label is not None and any(
        k != "label" and m.start() <= label.end() and label.start() <= m.end() for k, m in found.items()
    ):
        del found["label"]  # "which year", "welcher Anteil": the word asks for the other kind
    said = {kind: m.group(0).strip(" .?!;:") for kind, m in found.items()}
    if "count" in said and _find(_NOT_A_COUNT.get(lang, ()), text) is not None:
        del said["count"]  # "how many days", "how many times": a measure, not a count
    if "mean" in said and "count" not in said:
        del said["mean"]  # "im Schnitt am schwersten": only "how many … on average" asks for the average
    if "mean" in said:
        said["mean"] = f"{said.pop('count')} … {said['mean']}"  # the average is the answer
    if "share" in said:
        for k in ("count", "mean"):
            said.pop(k, None)  # "how many percent", "Anzahl … Anteil": the share is the answer
    kinds, words = list(said), list(said.values())
    per_row = _find(_PER_ROW_MEAN.get(lang, ()), text) is not None
    each = None if per_row else _find(GROUPED.get(lang, ()), text)
    if each is not None:
        words.append(each)
    if not kinds and each is None:
        return None
    split = _find(SPLIT.get(lang, ()), text) is not None
    return Asked(kinds, each is not None, words, split=split, about_columns=bool(_COLUMN_WORDS.search(text)))


# A follow-up that names an aggregate of its own ("and their mean y?") asks for that, not for
# what the previous question asked.
_OWN_AGGREGATE = re.compile(
    r"\b(?:mean|average|avg|sum|total|median|max(?:imum)?|min(?:imum)?|highest|lowest|largest|smallest|std"
    r"|mittelwert|durchschnitt\w*|summe|gesamt\w*|insgesamt|median|h(?:ö|oe)ch\w*|niedrig\w*|gr(?:ö|oe)(?:ß|ss)\w*"
    r"|kleinst\w*)\b|平均|总和|合计|总计|总共|中位|最大|最小|最高|最低|标准差",
    re.IGNORECASE,
)


def inherit(own: Asked | None, previous: Asked | None, followup: bool, question: str = "") -> Asked | None:
    """A follow-up keeps the previous question's kinds where it names none of its own (no
    interrogative, no aggregate)."""
    if not followup or previous is None or (own is not None and own.kinds) or _OWN_AGGREGATE.search(question):
        return own
    grouped = (own.grouped if own is not None else False) or previous.grouped  # "for each …" kept too
    words = [*previous.words, *(own.words if own else [])]
    return Asked(list(previous.kinds), grouped, words, inherited=True, split=previous.split)


# ---- what the results offer -------------------------------------------------------------


def _is_date(value: Any, name: str = "") -> bool:
    if isinstance(value, str):
        return bool(_DATE.match(value.strip()))
    if isinstance(value, int | float) and not isinstance(value, bool) and not _nan(value):
        return bool(_TIMEISH.search(name))
    return False


def _nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _date_column(result: dict[str, Any], k: int) -> bool:
    values = [row[k] for row in result.get("rows") or [] if k < len(row) and row[k] is not None]
    name = str(result["columns"][k])
    return bool(values) and all(_is_date(v, name) for v in values)


@dataclass
class Offered:
    """What the results give: scalar roles (count, share, date, text, number, whole) and tables."""

    roles: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)  # rows, stats, grouped; "empty" for no rows
    date_table: bool = False  # a table whose first column (or only date column) holds dates or years
    date_anywhere: bool = False  # a table with a column of dates
    share_table: bool = False


def _role(result: dict[str, Any]) -> str:
    name, value = str(result.get("name") or ""), result.get("value")
    if name == "columns":
        return "columns"  # the number of columns (schema, count_rows): a count of columns only
    if _COUNT_NAME.match(name):
        return "count"
    if _SHARE_NAME.match(name):
        return "share"
    if _is_date(value, name):
        return "date"
    if isinstance(value, bool) or value is None or _nan(value):
        return "none"
    if isinstance(value, int | float):
        return "whole" if float(value).is_integer() else "number"
    return "text"


def offers(results: list[dict[str, Any]]) -> Offered:
    out = Offered()
    for r in results:
        if r.get("kind") == "scalar":
            out.roles.append(_role(r))
        elif r.get("kind") == "table":
            title, rows, cols = str(r.get("title") or ""), r.get("rows") or [], list(r.get("columns") or [])
            kind = "rows" if _ROWS_TITLE.match(title) else "stats" if _STATS_TITLE.match(title) else "grouped"
            out.tables.append(kind if rows else "empty")
            if not rows or not cols:
                continue
            dated = [k for k in range(len(cols)) if _date_column(r, k)]
            out.date_anywhere = out.date_anywhere or bool(dated)
            if kind != "stats" and (0 in dated or (kind == "rows" and len(dated) == 1)):
                out.date_table = True
            if kind == "grouped" and any(_SHARE_COLUMN.search(str(c)) for c in cols[1:]):
                out.share_table = True
        elif r.get("kind") == "text":
            out.roles.append("text")
    return out


def _satisfies(kind: str, ask: Asked, got: Offered) -> bool:
    filled = [t for t in got.tables if t != "empty"]
    if kind == "when":
        return "date" in got.roles or got.date_table or (ask.grouped and got.date_anywhere)
    if kind == "share":
        return "share" in got.roles or (ask.loose and got.share_table)
    if kind == "label":
        return bool({"text", "date", "whole", "number"} & set(got.roles)) or bool(filled)
    if kind == "count":
        if {"count", "whole"} & set(got.roles) or (ask.about_columns and "columns" in got.roles):
            return True
        return ask.loose and any(t != "stats" for t in got.tables)  # not the columns' statistics
    if kind == "mean":
        return bool({"number", "whole"} & set(got.roles)) or (ask.loose and bool(filled))
    return True


def _names_in(value: Any) -> set[str]:
    """Every text in a plan's arguments (the columns it reads among them), lower case."""
    if isinstance(value, str):
        return {value.lower()}
    if isinstance(value, dict):
        return {n for v in value.values() for n in _names_in(v)}
    if isinstance(value, list | tuple):
        return {n for v in value for n in _names_in(v)}
    return set()


def _names_a_column(word: str, names: set[str]) -> bool:
    """The interrogative's word is a column the plan reads ("share", "year", "Anzahl"): it named
    the column, it did not ask for a kind."""
    tokens = re.findall(r"[^\W\d_]{3,}", word.lower())
    return any(t in names for t in tokens) or any(word and word in n for n in names if re.search(r"[\u3400-\u9fff]", n))


def mismatch(ask: Asked | None, results: list[dict[str, Any]], plan: list[dict[str, Any]] | None = None) -> bool:
    """True when the results clearly give none of the kinds the question asks for."""
    if ask is None or not results:
        return False
    names = _names_in([step.get("args") for step in plan or []])
    kinds = [
        k
        for k, w in zip(ask.kinds, ask.words, strict=False)
        if k not in ("share", "count", "mean") or not _names_a_column(w, names)
    ]
    got = offers(results)
    if ask.grouped and not got.tables:
        return True  # "for each …" answered with one figure
    return bool(kinds) and not any(_satisfies(k, ask, got) for k in kinds)


def checked(plan: list[dict[str, Any]]) -> bool:
    """Plans whose results this check can read: not plain SQL (its shapes say nothing of kinds)."""
    return bool(plan) and not any(step.get("tool") == "sql" for step in plan)


# ---- asking back ------------------------------------------------------------------------

WANT: dict[str, dict[str, str]] = {
    "en": {
        "when": "a date, a time or a year",
        "share": "a share (a percentage)",
        "label": "a name or the matching rows",
        "count": "a count (a whole number)",
        "mean": "an average",
        "grouped": "one value for each group (a table)",
        "or": " or ",
    },
    "de": {
        "when": "ein Datum, eine Zeit oder ein Jahr",
        "share": "einen Anteil (Prozent)",
        "label": "einen Namen oder die passenden Zeilen",
        "count": "eine Anzahl (eine ganze Zahl)",
        "mean": "einen Durchschnitt",
        "grouped": "einen Wert je Gruppe (eine Tabelle)",
        "or": " oder ",
    },
    "zh": {
        "when": "日期、时间或年份",
        "share": "比例（百分比）",
        "label": "名称或对应的行",
        "count": "数量（整数）",
        "mean": "平均值",
        "grouped": "每组一个值（表格）",
        "or": "或",
    },
}
GOT: dict[str, dict[str, str]] = {
    "en": {
        "count": "a count",
        "columns": "the number of columns",
        "whole": "a number",
        "number": "a number",
        "share": "a share",
        "date": "a date",
        "text": "a text",
        "rows": "a list of rows",
        "stats": "summary statistics",
        "grouped": "a table of groups",
        "empty": "no rows",
        "none": "no value",
    },
    "de": {
        "count": "eine Anzahl",
        "columns": "die Anzahl der Spalten",
        "whole": "eine Zahl",
        "number": "eine Zahl",
        "share": "einen Anteil",
        "date": "ein Datum",
        "text": "einen Text",
        "rows": "eine Liste von Zeilen",
        "stats": "Kennzahlen",
        "grouped": "eine Tabelle nach Gruppen",
        "empty": "keine Zeilen",
        "none": "keinen Wert",
    },
    "zh": {
        "count": "一个计数",
        "columns": "列的数量",
        "whole": "一个数字",
        "number": "一个数字",
        "share": "一个比例",
        "date": "一个日期",
        "text": "一段文字",
        "rows": "若干行",
        "stats": "描述统计",
        "grouped": "按组的表格",
        "empty": "没有匹配的行",
        "none": "没有值",
    },
}


def wanted(ask: Asked, lang: str, results: list[dict[str, Any]]) -> str:
    """What the question asks for, in words: a table of groups when that is what is missing."""
    words = WANT.get(lang, WANT["en"])
    no_table = not any(r.get("kind") == "table" for r in results)
    kinds = ["grouped"] if ask.grouped and (no_table or not ask.kinds) else ask.kinds
    return words["or"].join(words[k] for k in kinds)


def given(results: list[dict[str, Any]], lang: str) -> str:
    """What the results lead with, in words: the first scalar's role, else the first table's kind."""
    words = GOT.get(lang, GOT["en"])
    got = offers(results)
    first = got.roles[0] if got.roles else got.tables[0] if got.tables else "none"
    return words.get(first, words["none"])


def ask_back(ask: Asked, results: list[dict[str, Any]], lang: str, reading: str, value: str | None) -> Clarify:
    """The clarification instead of the answer: what the question asks for, what the reading
    gives, and that reading as the one choice (picking it answers it as read)."""
    cands, values = ([reading], [value]) if reading and value else ([], [])
    return Clarify(
        "answer_kind",
        cands,
        word=" … ".join(dict.fromkeys(ask.words)),
        first=wanted(ask, lang, results),
        last=(f"{given(results, lang)}（{reading}）" if lang == "zh" else f"{given(results, lang)} ({reading})")
        if reading
        else given(results, lang),
        slot="reading",
        values=values,
    )


def gate(question: str, lang: str, context: dict[str, Any], followup: bool, plan: list[dict[str, Any]]) -> Asked | None:
    """The kind the question asks for, a follow-up's kept from the context's `asked`; None when
    nothing is to be checked (no interrogative, or a plan whose results say nothing of kinds)."""
    if not checked(plan):
        return None
    return inherit(asked(question, lang), Asked.from_context(context.get("asked")), followup, question)

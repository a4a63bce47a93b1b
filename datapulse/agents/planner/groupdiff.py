"""'mean X where G < 0 minus mean X where G > 0': one aggregate of two sets of rows, subtracted;
and 'the mean age, each id counted once': an aggregate over entities, not rows.

The two sets are two conditions on one column that no row meets both of (two values, or
two sides of a bound); the question orders them, the first minus the second. The plan is
one read-only SQL query whose leading comment is its reading (as `change.py`), so the
answer says what was subtracted from what. Without an aggregate word the planner does not
pick one: it returns nothing and the other rules ask.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from datapulse.agents.planner.intent import SQL_AGG, Clarify, Intent
from datapulse.agents.planner.scan import Span

if TYPE_CHECKING:
    from datapulse.agents.planner.rules import RuleParser

MINUS = re.compile(r"\bminus\b|\babzüglich\b|减去|减掉")
_SQL_OP = {"eq": "=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_READING = {
    "en": "{agg} of {m} where {a} minus {agg} of {m} where {b}",
    "de": "{agg} von {m} bei {a} minus {agg} von {m} bei {b}",
    "zh": "{a} 的 {m} {agg} 减去 {b} 的 {m} {agg}",
}
_AGG_WORDS = {
    "en": {"mean": "mean", "sum": "total", "median": "median", "max": "maximum", "min": "minimum"},
    "de": {"mean": "Mittelwert", "sum": "Summe", "median": "Median", "max": "Maximum", "min": "Minimum"},
    "zh": {"mean": "平均值", "sum": "总和", "median": "中位数", "max": "最大值", "min": "最小值"},
}
_SIGN = {"eq": "=", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return None


def disjoint(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """No row meets both conditions (on the same column)."""
    if a["column"] != b["column"] or a["op"] not in _SQL_OP or b["op"] not in _SQL_OP:
        return False
    if a["op"] == b["op"] == "eq":
        return bool(a["value"] != b["value"])
    if not all(isinstance(f["value"], int | float) and not isinstance(f["value"], bool) for f in (a, b)):
        return False
    below = {"lt", "le"}
    above = {"gt", "ge"}
    for lo, hi in ((a, b), (b, a)):  # lo: "< v", hi: "> w" with w >= v
        if lo["op"] in below and hi["op"] in above:
            strict = lo["op"] == "lt" or hi["op"] == "gt"
            return bool(hi["value"] > lo["value"] or (hi["value"] == lo["value"] and strict))
    return False


def difference_of_groups(p: RuleParser, make: Any, numeric: list[str], aggs: list[str]) -> Intent | None:
    """The intent, when the question subtracts one set of rows' aggregate from another's."""
    minus = MINUS.search(p.question.lower())
    if minus is None:
        return None
    found = [(pos, f) for pos, f in p.finder.found if f in make("x").filters]
    if len(found) != 2 or not disjoint(found[0][1], found[1][1]):
        return None
    if not found[0][0] < minus.start() < found[1][0]:
        return None  # the minus word stands between the two sets
    column = found[0][1]["column"]
    nums = [c for c in numeric if c != column]
    agg = next((a for a in aggs if a in SQL_AGG), None)
    if len(nums) != 1 or agg is None:
        return None
    conditions = []
    for _pos, f in found:
        lit = _literal(f["value"])
        if lit is None:
            return None
        conditions.append((f"{_quote(column)} {_SQL_OP[f['op']]} {lit}", f"{column} {_SIGN[f['op']]} {f['value']}"))
    words = _AGG_WORDS.get(p.lang, _AGG_WORDS["en"])
    reading = _READING.get(p.lang, _READING["en"]).format(
        agg=words[agg], m=nums[0], a=conditions[0][1], b=conditions[1][1]
    )
    reading = re.sub(r"\*/|/\*", "", reading)
    fn, m, table = SQL_AGG[agg], _quote(nums[0]), _quote(p.table)
    sql = (
        f"/* {reading} */ SELECT (SELECT {fn}({m}) FROM {table} WHERE {conditions[0][0]}) - "
        f"(SELECT {fn}({m}) FROM {table} WHERE {conditions[1][0]}) AS {_quote('difference_' + nums[0])}"
    )
    p.spans.append(Span(minus.start(), minus.end(), "label", None, minus.group(0), 1))  # part of the plan
    # the two conditions stay the intent's own: its mentions are used (the SQL reads them)
    return Intent(kind="sql", table=p.table, measures=nums[:1], filters=[f for _, f in found], extra={"sql": sql})


ONCE = re.compile(
    r"\bcounted once\b|\bonly once\b|\bonce each\b|\bnur einmal\b|\beinmal gezählt\b|"
    r"只算一次|只计一次|只统计一次|各算一次|算一次"
)


def once_per_entity(p: RuleParser, make: Any, groups: list[str], numeric: list[str], aggs: list[str]) -> Intent | None:
    """'average age, each id counted once': the aggregate of one value per entity. Where an
    entity's rows hold different values there is no one value: the answer is empty, never
    a row-weighted figure."""
    once = ONCE.search(p.question.lower())
    if once is None:
        return None
    nums = [c for c in numeric if c not in groups]
    agg = next((a for a in aggs if a in SQL_AGG), None) or ("mean" if "mean" in aggs else None)
    if len(groups) != 1 or len(nums) != 1 or agg is None or make("x").filters:
        raise Clarify("unclear", [*groups, *nums] or p.index.columns, word=once.group(0))
    entity, measure = groups[0], nums[0]
    words = _AGG_WORDS.get(p.lang, _AGG_WORDS["en"])
    reading = {
        "en": "{agg} of {m} with each {e} counted once",
        "de": "{agg} von {m}, jede {e} einmal gezählt",
        "zh": "每个 {e} 只算一次的 {m} {agg}",
    }.get(p.lang, "{agg} of {m} with each {e} counted once").format(agg=words[agg], m=measure, e=entity)
    reading = re.sub(r"\*/|/\*", "", reading)
    e, m = _quote(entity), _quote(measure)
    sql = (
        f"/* {reading} */ SELECT CASE WHEN count(*) = count(DISTINCT {e}) THEN {SQL_AGG[agg]}({m}) END "
        f"AS {_quote(agg + '_' + measure)} FROM (SELECT DISTINCT {e}, {m} FROM {_quote(p.table)} "
        f"WHERE {e} IS NOT NULL) AS once"
    )
    p.spans.append(Span(once.start(), once.end(), "label", None, once.group(0), 1))
    return Intent(kind="sql", table=p.table, measures=[measure], group_by=[entity], extra={"sql": sql})


_HIGH = r"(?:highest|largest|biggest|greatest|maximum|max|höchste[nm]?|größte[nm]?|maximale[nm]?)"
_LOW = r"(?:lowest|smallest|least|minimum|min|niedrigste[nm]?|kleinste[nm]?|geringste[nm]?|minimale[nm]?)"
_ENDS = rf"(?:the\s+|dem\s+|der\s+|den\s+)?(?:{_HIGH}|{_LOW})\s+(?:and|und)\s+(?:the\s+|dem\s+|der\s+|den\s+)?"
# "the spread between the highest and lowest offset", "Differenz zwischen höchstem und niedrigstem Wert",
# "最高和最低偏移量之差": the largest value minus the smallest
_SPELLED = (
    rf"\b(?:spread|difference|gap|differenz|unterschied|abstand)\s+(?:between|zwischen)\s+{_ENDS}"
    r"|(?:最高|最大)(?:值)?(?:和|与|跟)(?:最低|最小)(?:值)?(?:[^，。？?]{0,12}?)(?:之差|的差|差值|差距|相差)"
)
RANGE = re.compile(rf"\brange\b|\bspannweite\b|极差|全距|\bmax(?:imum)?\s+minus\s+min(?:imum)?\b|{_SPELLED}")
_RANGE_READING = {
    "en": "range of {m} (maximum minus minimum){where}",
    "de": "Spannweite von {m} (Maximum minus Minimum){where}",
    "zh": "{m} 的极差（最大值减最小值）{where}",
}
_WHERE = {"en": " where {c}", "de": " bei {c}", "zh": "，条件为 {c}"}


def value_range(p: RuleParser, make: Any, numeric: list[str], aggs: list[str]) -> Intent | None:
    """'the range (max minus min) of resistance for instrument 4', 'die Spannweite der resistance':
    the largest value minus the smallest, of one measure, over the rows the filters keep."""
    from datapulse.agents.planner.change import free_match

    low = p.question.lower()
    said = free_match(RANGE, low, p.spans)  # not a column's own name ("range" of `range_km`)
    if said is None or len(numeric) != 1 or set(aggs) - {"max", "min"}:
        return None
    filters = list(make("x").filters)
    if p.finder._logic() == "or" and len(filters) > 1:
        return None
    conditions = []
    for f in filters:
        lit = _literal(f["value"]) if f["op"] in _SQL_OP else None
        if lit is None:
            return None
        conditions.append(
            (f"{_quote(f['column'])} {_SQL_OP[f['op']]} {lit}", f"{f['column']} {_SIGN[f['op']]} {f['value']}")
        )
    where = " AND ".join(c for c, _ in conditions)
    said_where = " and ".join(w for _, w in conditions)
    lang = p.lang if p.lang in _RANGE_READING else "en"
    reading = _RANGE_READING[lang].format(m=numeric[0], where=_WHERE[lang].format(c=said_where) if conditions else "")
    reading = re.sub(r"\*/|/\*", "", reading)
    m = _quote(numeric[0])
    sql = f"/* {reading} */ SELECT max({m}) - min({m}) AS {_quote('range_' + numeric[0])} FROM {_quote(p.table)}" + (
        f" WHERE {where}" if where else ""
    )
    for i, s in p.free("kw"):  # the "max" and "min" that spell the range out are part of it
        if {"agg:max", "agg:min"} & s.payload:
            p.used.add(i)
    for word in re.finditer(rf"\brange\b|\bspannweite\b|极差|全距|\bminus\b|{_SPELLED}", low):
        p.spans.append(Span(word.start(), word.end(), "label", None, word.group(0), 1))
    return Intent(kind="sql", table=p.table, measures=numeric[:1], filters=filters, extra={"sql": sql})

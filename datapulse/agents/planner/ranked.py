"""Questions whose answer is a column: ranked by something each column has.

'Which column has the most missing values', 'welche Spalte hat die wenigsten fehlenden Werte',
'哪一列的缺失值最多': the columns ranked by their count of missing values, the asked end first.
'Which variable correlates most strongly with X', 'Welche Größe korreliert am stärksten mit X':
the other numeric columns ranked by the strength of their correlation with X, the column first.

The plan is one read-only SQL query (its leading comment is its reading, as in `change.py`); ties
keep the table's order."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from datapulse.agents.planner.intent import Intent

if TYPE_CHECKING:
    from datapulse.agents.planner.rules import RuleParser

READING = {
    "en": "columns ranked by their number of missing values, {end} first",
    "de": "Spalten nach ihrer Anzahl fehlender Werte geordnet, {end} zuerst",
    "zh": "各列按缺失值个数排序，{end}在前",
}
_END = {
    "en": {"desc": "the most", "asc": "the fewest"},
    "de": {"desc": "die meisten", "asc": "die wenigsten"},
    "zh": {"desc": "最多的", "asc": "最少的"},
}
_FEWEST = re.compile(r"\b(?:fewest|least|lowest|smallest|wenigsten|geringsten|niedrigsten)\b|最少|最低")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def ranked_missing(question: str, lang: str, table: str, columns: list[str], kws: set[str]) -> Intent | None:
    """The SQL ranking of `columns` by missing values when the question asks for one end of it."""
    if not {"max", "min"} & kws or not columns:
        return None
    way = "asc" if "min" in kws and ("max" not in kws or _FEWEST.search(question.lower())) else "desc"
    end = _END.get(lang, _END["en"])[way]
    reading = READING.get(lang, READING["en"]).format(end=end).replace("*/", "")
    parts = [
        f"SELECT {k} AS pos, '{c.replace(chr(39), chr(39) * 2)}' AS \"column\", "
        f"count(*) - count({_quote(c)}) AS missing FROM {_quote(table)}"
        for k, c in enumerate(columns)
    ]
    union = " UNION ALL ".join(parts)
    sql = f'/* {reading} */ SELECT "column", missing FROM ({union}) ORDER BY missing {way.upper()}, pos'
    return Intent(kind="sql", table=table, measures=[], extra={"sql": sql, "ranks_columns": "missing"})


# Words for "a column" in a question whose answer is a column ("which variable", "welche Größe").
COLUMN_WORDS = frozenset(
    "column columns variable variables field fields feature features attribute attributes measure measures "
    "spalte spalten variable variablen größe größen merkmal merkmale feld felder "
    "列 变量 字段 特征 属性 指标".split()
)

PARTNER_READING = {
    "en": "the other numeric columns ranked by the strength of their {method} correlation with {x}",
    "de": "die anderen Zahlenspalten nach der Stärke ihrer {method}-Korrelation mit {x} geordnet",
    "zh": "其他数值列按与 {x} 的 {method} 相关性强弱排序",
}


def partner_of(p: RuleParser, nums: list[str], method: str, which: bool) -> Intent | None:
    """'Which column correlates most with X': one column named, a word asking which, Pearson's r."""
    if not which or len(nums) != 1 or method != "pearson":
        return None
    x = nums[0]
    others = [c for c in p.index.columns if c in p.index.numeric and c != x]
    if not others:
        return None
    reading = PARTNER_READING.get(p.lang, PARTNER_READING["en"]).format(method=method, x=x).replace("*/", "")
    parts = [
        f"SELECT {k} AS pos, '{c.replace(chr(39), chr(39) * 2)}' AS \"column\", "
        f"corr({_quote(x)}, {_quote(c)}) AS correlation FROM {_quote(p.table)}"
        for k, c in enumerate(others)
    ]
    union = " UNION ALL ".join(parts)
    sql = (
        f'/* {reading} */ SELECT "column", correlation FROM ({union}) '
        "WHERE correlation IS NOT NULL ORDER BY abs(correlation) DESC, pos"
    )
    return Intent(kind="sql", table=p.table, measures=[x], extra={"sql": sql, "ranks_columns": "correlation"})

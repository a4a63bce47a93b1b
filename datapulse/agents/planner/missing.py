"""'Which column has the most missing values', 'welche Spalte hat die wenigsten fehlenden Werte',
'哪一列的缺失值最多': the columns ranked by their count of missing values, the asked end first.

Missing values per column are listed in the table's order; a superlative asks for an order, so
the plan is one read-only SQL query (its leading comment is its reading, as in `change.py`) that
counts each column's missing values and sorts them, ties kept in the table's order."""

from __future__ import annotations

import re

from datapulse.agents.planner.intent import Intent

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
    return Intent(kind="sql", table=table, measures=[], extra={"sql": sql})

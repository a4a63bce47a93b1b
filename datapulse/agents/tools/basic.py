"""Tools about the shape and contents of one table: size, schema, gaps, rows."""

from __future__ import annotations

from typing import Any

import pandas as pd

from datapulse.agents.jsonsafe import scalar, table
from datapulse.agents.tools import live
from datapulse.agents.tools.base import (
    Result,
    Workspace,
    describe_filters,
    is_numeric,
    params,
    require_columns,
    require_numeric,
)

COLUMNS = {"type": "array", "items": {"type": "string"}}


def _suffix(args: dict[str, Any]) -> str:
    filters = args.get("filters") or []
    return f" where {describe_filters(filters, args.get('logic', 'and'))}" if filters else ""


class CountRows:
    name = "count_rows"
    description = "Number of rows (after filters) and columns of a table."
    parameters = params({})

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        if (source := ws.sql(args, self.name)) is not None:
            return live.LIVE[self.name](source, args)
        frame = ws.select(args, self.name)
        out = [scalar("rows" + _suffix(args), int(len(frame)))]
        if not args.get("filters"):
            out.append(scalar("columns", int(frame.shape[1])))
        return out


class Schema:
    name = "schema"
    description = "The columns of a table with their types."
    parameters = params({})

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        if (source := ws.live(args)) is not None:
            return live.LIVE[self.name](source, args)
        frame = ws.frame(args.get("table"))
        rows = pd.DataFrame(
            {
                "column": [str(c) for c in frame.columns],
                "dtype": [str(t) for t in frame.dtypes],
                "non_null": [int(frame[c].notna().sum()) for c in frame.columns],
            }
        )
        return [table("Columns and types", rows), scalar("columns", int(frame.shape[1]))]


class MissingValues:
    name = "missing_values"
    description = "Missing (null) values per column, with their share of the rows."
    parameters = params({"columns": COLUMNS})

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        if (source := ws.live(args)) is not None:
            return live.LIVE[self.name](source, args)
        frame = ws.select(args, self.name)
        cols = args.get("columns") or list(frame.columns)
        require_columns(frame, *cols)
        counts = frame[cols].isna().sum()
        rows = pd.DataFrame(
            {
                "column": [str(c) for c in cols],
                "percent": [round(100 * counts[c] / len(frame), 2) if len(frame) else 0.0 for c in cols],
                "missing": [int(counts[c]) for c in cols],  # the count asked for, last: the table's value
            }
        )
        return [table("Missing values per column", rows), scalar("missing values", int(counts.sum()))]


class Duplicates:
    name = "duplicates"
    description = "Rows that repeat an earlier row exactly (or on the given columns)."
    parameters = params({"columns": COLUMNS})

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        frame = ws.select(args, self.name)
        cols = args.get("columns") or None
        if cols:
            require_columns(frame, *cols)
        mask = frame.duplicated(subset=cols, keep="first")
        out = [scalar("duplicate rows", int(mask.sum()))]
        if mask.any():
            dup = frame[frame.duplicated(subset=cols, keep=False)]
            out.append(table("Duplicated rows (all copies)", dup))
        return out


class Describe:
    name = "describe"
    description = "Summary statistics of one column or of every column."
    parameters = params({"columns": COLUMNS})

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        frame = ws.select(args, self.name)
        cols = args.get("columns") or list(frame.columns)
        require_columns(frame, *cols)
        rows = []
        for c in cols:
            s = frame[c]
            row: dict[str, Any] = {"column": str(c), "count": int(s.notna().sum()), "missing": int(s.isna().sum())}
            if is_numeric(s):
                row |= {
                    "mean": s.mean(),
                    "std": s.std(),
                    "min": s.min(),
                    "25%": s.quantile(0.25),
                    "median": s.median(),
                    "75%": s.quantile(0.75),
                    "max": s.max(),
                }
            elif pd.api.types.is_datetime64_any_dtype(s):
                row |= {"min": s.min(), "max": s.max()}
            else:
                vc = s.value_counts()
                row |= {"unique": int(s.nunique()), "top": vc.index[0] if len(vc) else None}
                row |= {"top_count": int(vc.iloc[0]) if len(vc) else None}
            rows.append(row)
        out = [table("Summary statistics" + _suffix(args), pd.DataFrame(rows))]
        if len(cols) == 1 and is_numeric(frame[cols[0]]):
            s = frame[cols[0]]
            out += [scalar(f"mean of {cols[0]}", s.mean()), scalar(f"median of {cols[0]}", s.median())]
        return out


class DistinctValues:
    name = "distinct_values"
    description = "The distinct values of a column and how often each occurs."
    parameters = params({"column": {"type": "string"}, "limit": {"type": "integer", "minimum": 1}}, ["column"])

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        if (source := ws.sql(args, self.name)) is not None:
            return live.LIVE[self.name](source, args)
        frame = ws.select(args, self.name)
        col = args["column"]
        require_columns(frame, col)
        counts = frame[col].value_counts(dropna=True)
        rows = pd.DataFrame({col: list(counts.index), "count": [int(v) for v in counts.values]})
        rows = rows.sort_values(["count", col], ascending=[False, True], kind="stable")
        if args.get("limit"):
            rows = rows.head(args["limit"])
        return [scalar(f"distinct values of {col}", int(counts.size)), table(f"Values of {col}", rows)]


class TopN:
    name = "top_n"
    description = "The top (largest) or bottom (smallest) N rows by a column."
    parameters = params(
        {
            "column": {"type": "string"},
            "n": {"type": "integer", "minimum": 1, "maximum": 10000},
            "ascending": {"type": "boolean"},
            "columns": COLUMNS,
            "label": {"type": "string", "description": "the column naming a row: its value comes first when n is 1"},
        },
        ["column"],
    )

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        if (source := ws.sql(args, self.name)) is not None:
            return live.LIVE[self.name](source, args)
        frame = ws.select(args, self.name)
        col, n = args["column"], int(args.get("n", 10))
        require_columns(frame, col)
        ordered = frame[frame[col].notna()].sort_values(col, ascending=bool(args.get("ascending")), kind="stable")
        rows = ordered.head(n)
        if args.get("columns"):
            require_columns(frame, *args["columns"])
            keep = list(dict.fromkeys([*args["columns"], col]))
            rows = rows[keep]
        word = "Bottom" if args.get("ascending") else "Top"
        out = [table(f"{word} {n} rows by {col}" + _suffix(args), rows)]
        label = args.get("label")
        if n == 1 and len(rows) and label and label in frame.columns:
            out.append(scalar(label, ordered[label].iloc[0]))
        if n == 1 and len(rows):
            out.append(scalar(col, rows[col].iloc[0]))
        return out


class FilterRows:
    name = "filter"
    description = "The rows that match the filters, and how many there are."
    parameters = params({"limit": {"type": "integer", "minimum": 1, "maximum": 10000}, "columns": COLUMNS})

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        if (source := ws.sql(args, self.name)) is not None:
            return live.LIVE[self.name](source, args)
        frame = ws.select(args, self.name)
        if args.get("columns"):
            require_columns(frame, *args["columns"])
            frame = frame[args["columns"]]
        limit = int(args.get("limit", 200))
        out = [scalar("rows" + _suffix(args), int(len(frame))), table("Matching rows" + _suffix(args), frame, limit)]
        return _looked_up(args, len(frame), frame.to_dict("records")[:1]) + out


def _looked_up(args: dict[str, Any], n: int, rows: list[dict[str, Any]]) -> list[Result]:
    """One column asked of the one row the filters pick ("the value of the speed of light"):
    that cell is the answer, said first, before the row count."""
    cols = args.get("columns") or []
    if n == 1 and len(cols) == 1 and rows:
        return [scalar(cols[0], rows[0][cols[0]])]
    return []


def _numeric(frame: pd.DataFrame, col: str) -> pd.Series:
    require_numeric(frame, col)
    return frame[col]


TOOLS = (CountRows(), Schema(), MissingValues(), Duplicates(), Describe(), DistinctValues(), TopN(), FilterRows())

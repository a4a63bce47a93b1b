"""Statistical tools: correlation, distribution, outliers, two-group comparison."""

from __future__ import annotations

import itertools
import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from datapulse.agents.jsonsafe import scalar, table
from datapulse.agents.tools import live
from datapulse.agents.tools.base import (
    Result,
    ToolError,
    Workspace,
    is_numeric,
    params,
    require_columns,
    require_numeric,
)


class Correlation:
    name = "correlation"
    description = (
        "Correlation of two numeric columns; of one column with every other; or the strongest pairs in the table."
    )
    parameters = params(
        {
            "x": {"type": "string"},
            "y": {"type": "string"},
            "method": {"type": "string", "enum": ["pearson", "spearman", "kendall"]},
            "limit": {"type": "integer", "minimum": 1, "maximum": 1000},
        }
    )

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        if (source := ws.sql(args, self.name)) is not None:
            return live.LIVE[self.name](source, args)
        frame = ws.select(args, self.name)
        x, y, method = args.get("x"), args.get("y"), args.get("method", "pearson")
        if y and not x:
            x, y = y, None
        if x and y:
            require_numeric(frame, x)
            require_numeric(frame, y)
            a, b = frame[x], frame[y]  # Series, so that x == y works too
            both = a.notna() & b.notna()
            r = a[both].corr(b[both], method=method)
            return [scalar(f"{method} correlation of {x} and {y}", r), scalar("n", int(both.sum()))]
        numeric = [c for c in frame.columns if is_numeric(frame[c])]
        if x:
            require_numeric(frame, x)
            pairs = [(x, c) for c in numeric if c != x]
        else:
            pairs = list(itertools.combinations(numeric, 2))
        if not pairs:
            raise ToolError("correlation needs at least two numeric columns")
        corr = frame[numeric].corr(method=method)
        rows = pd.DataFrame([{"column_a": a, "column_b": b, "correlation": corr.loc[a, b]} for a, b in pairs])
        rows = rows.dropna(subset=["correlation"])
        rows = rows.reindex(rows["correlation"].abs().sort_values(ascending=False, kind="stable").index)
        rows = rows.head(int(args.get("limit", 10)))
        title = f"Strongest correlations with {x}" if x else "Strongest correlations"
        return [table(f"{title} ({method})", rows)]


class Distribution:
    name = "distribution"
    description = "Histogram of a numeric column, or the counts of each category."
    parameters = params(
        {"column": {"type": "string"}, "bins": {"type": "integer", "minimum": 1, "maximum": 200}}, ["column"]
    )

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        frame = ws.select(args, self.name)
        col = args["column"]
        require_columns(frame, col)
        s = frame[col].dropna()
        if is_numeric(s) and s.nunique() > 12:
            counts, edges = np.histogram(s.to_numpy(dtype=float), bins=int(args.get("bins", 10)))
            rows = pd.DataFrame({"bin_start": edges[:-1], "bin_end": edges[1:], "count": counts.astype(int)})
            title = f"Histogram of {col}"
        else:
            vc = s.value_counts()
            rows = pd.DataFrame({col: list(vc.index), "count": [int(v) for v in vc.values]})
            rows = rows.sort_values(col if is_numeric(s) else "count", ascending=is_numeric(s), kind="stable")
            title = f"Counts of {col}"
        out = [table(title, rows)]
        if is_numeric(s):
            out += [scalar(f"mean of {col}", s.mean()), scalar(f"median of {col}", s.median())]
            out += [scalar(f"skewness of {col}", s.skew())]
        return out


class Outliers:
    name = "outliers"
    description = "Rows whose value in a numeric column is an outlier (IQR fences or z-score)."
    parameters = params(
        {
            "column": {"type": "string"},
            "method": {"type": "string", "enum": ["iqr", "zscore"]},
            "threshold": {"type": "number", "minimum": 0},
        },
        ["column"],
    )

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        frame = ws.select(args, self.name)
        col, method = args["column"], args.get("method", "iqr")
        require_numeric(frame, col)
        s = frame[col]
        if method == "iqr":
            k = float(args.get("threshold", 1.5))
            q1, q3 = s.quantile(0.25), s.quantile(0.75)
            low, high = q1 - k * (q3 - q1), q3 + k * (q3 - q1)
        else:
            k = float(args.get("threshold", 3.0))
            mean, std = s.mean(), s.std()
            low, high = mean - k * std, mean + k * std
        mask = (s < low) | (s > high)
        rows = frame[mask.fillna(False)]
        return [
            scalar(f"outliers in {col}", int(mask.sum())),
            scalar("lower bound", low),
            scalar("upper bound", high),
            table(f"Outliers in {col} ({method}, threshold {k:g})", rows),
        ]


class CompareGroups:
    name = "compare_groups"
    description = "Compare a numeric measure between two groups of a column, with Welch's t-test and Mann-Whitney U."
    parameters = params(
        {
            "measure": {"type": "string"},
            "group_column": {"type": "string"},
            "groups": {"type": "array", "items": {}},
            "first": {"type": "string", "enum": ["difference", "p_value"]},
        },
        ["measure", "group_column"],
    )

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        if args.get("first") == "p_value":  # "is it significant? the p-value": the test's figure first
            rest = {k: v for k, v in args.items() if k != "first"}
            out = self.run(ws, rest)
            tests = [r for r in out if r.get("kind") == "scalar" and r.get("name") == "welch p-value"]
            return (
                [r for r in out if r.get("kind") != "scalar"]
                + tests
                + [r for r in out if r.get("kind") == "scalar" and r not in tests]
            )
        if (source := ws.sql(args, self.name)) is not None:
            return live.LIVE[self.name](source, args)
        frame = ws.select(args, self.name)
        measure, col = args["measure"], args["group_column"]
        require_numeric(frame, measure)
        require_columns(frame, col)
        groups = list(args.get("groups") or [])
        if not groups:
            groups = sorted(frame[col].dropna().unique().tolist(), key=str)
        if len(groups) != 2:
            raise ToolError(
                f"a comparison needs exactly two groups; '{col}' has {len(groups)}", details={"groups": groups}
            )
        samples = [frame.loc[frame[col] == g, measure].dropna() for g in groups]
        summary = pd.DataFrame(  # the mean last: it is the figure compared
            {
                col: groups,
                "n": [int(len(s)) for s in samples],
                "median": [s.median() for s in samples],
                "std": [s.std() for s in samples],
                "mean": [s.mean() for s in samples],
            }
        )
        if min(len(s) for s in samples) < 2:  # one value per group (one row per state): no test, the values
            if min(len(s) for s in samples) < 1:
                raise ToolError("each group needs at least one value", details={"groups": groups})
            diff = samples[0].mean() - samples[1].mean()
            return [table(f"{measure} by {col}", summary), scalar("difference in means", diff)]
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            # Nearly constant groups make scipy warn; the p-value is then NaN (shown as null), not an error.
            warnings.simplefilter("ignore", RuntimeWarning)
            welch = stats.ttest_ind(samples[0], samples[1], equal_var=False)
            mw = stats.mannwhitneyu(samples[0], samples[1], alternative="two-sided")
        return [
            table(f"{measure} by {col}", summary),
            scalar("difference in means", samples[0].mean() - samples[1].mean()),
            scalar("welch t", float(welch.statistic)),
            scalar("welch p-value", float(welch.pvalue)),
            scalar("mann-whitney U", float(mw.statistic)),
            scalar("mann-whitney p-value", float(mw.pvalue)),
        ]


TOOLS = (Correlation(), Distribution(), Outliers(), CompareGroups())

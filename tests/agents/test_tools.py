"""Tools, their registry and argument checks, filters, and JSON-safe values."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from datapulse.agents.contract import TableRef
from datapulse.agents.jsonsafe import table
from datapulse.agents.tools import ToolError, ToolRegistry, Workspace, build_registry, validate
from datapulse.agents.tools.base import filter_mask
from tests.agents.datasets import DatasetStore


@pytest.fixture
def ws(datasets: DatasetStore) -> Workspace:
    return Workspace(
        [TableRef("penguins", datasets.path("penguins")), TableRef("sw", datasets.path("seattle_weather"))]
    )


def run(ws: Workspace, tool: str, **args):  # type: ignore[no-untyped-def]
    registry = build_registry()
    return registry.check(tool, args).run(ws, args)


def test_percent_rows_is_the_share_of_rows_meeting_a_condition(datasets: DatasetStore) -> None:
    """'what percentage of penguins weigh over 4000 g': matching rows over all rows, in percent."""
    ws = Workspace([TableRef("penguins", datasets.path("penguins"))])
    where = [{"column": "body_mass_g", "op": "gt", "value": 4000}]
    out = build_registry().check("percent_rows", {"where": where}).run(ws, {"where": where})
    frame = datasets.frame("penguins")
    assert out[0]["value"] == round(100 * (frame.body_mass_g > 4000).sum() / len(frame), 2)


def test_registry_lists_every_tool_with_a_schema() -> None:
    """Twenty built-in tools, each declared for a model as an OpenAI function."""
    registry = build_registry()
    names = {
        "group_aggregate",
        "percent_rows",
        "describe",
        "count_rows",
        "schema",
        "missing_values",
        "duplicates",
        "distinct_values",
        "top_n",
        "filter",
        "correlation",
        "distribution",
        "trend",
        "outliers",
        "compare_groups",
        "share",
        "pivot",
        "sql",
        "join",
        "derive",
    }
    assert set(registry.names()) == names
    for decl in registry.declarations():
        assert decl["type"] == "function" and decl["function"]["parameters"]["type"] == "object"
        assert decl["function"]["description"]


def test_registry_refuses_duplicates_and_non_tools() -> None:
    """A plugin is registered like a built-in; a second tool of the same name or a non-tool is refused."""
    registry = ToolRegistry()
    tool = build_registry().get("count_rows")
    registry.register(tool)
    with pytest.raises(ValueError):
        registry.register(tool)
    with pytest.raises(TypeError):
        registry.register(object())  # type: ignore[arg-type]
    with pytest.raises(ToolError) as info:
        registry.get("rm")
    assert info.value.details["tools"] == ["count_rows"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"agg": "avg"}, "is not one of"),
        ({}, "missing required 'agg'"),
        ({"agg": "mean", "measures": "body_mass_g"}, "expected array"),
        ({"agg": "mean", "limit": 0}, "at least 1"),
        ({"agg": "mean", "limit": True}, "expected integer"),
        ({"agg": "mean", "filters": [{"column": "x", "op": "like", "value": 1}]}, "is not one of"),
        ({"agg": "mean", "filters": [{"column": "x", "op": "eq"}]}, "missing required 'value'"),
        ({"agg": "mean", "shell": "ls"}, "unknown argument 'shell'"),
    ],
)
def test_arguments_are_checked_against_the_declaration(args: dict, message: str) -> None:  # type: ignore[type-arg]
    """Wrong types, values out of range, unknown arguments and operators are refused before running."""
    with pytest.raises(ToolError) as info:
        build_registry().check("group_aggregate", args)
    assert message in info.value.message


def test_validate_handles_nullable_and_nested() -> None:
    """The schema subset: type lists with null, nested arrays, maximum."""
    validate({"type": ["string", "null"]}, None)
    validate({"type": "array", "items": {"type": "number", "maximum": 3}}, [1, 2.5])
    with pytest.raises(ToolError):
        validate({"type": "array", "items": {"type": "number", "maximum": 3}}, [4])


@pytest.mark.parametrize(
    ("flt", "want"),
    [
        ({"column": "island", "op": "eq", "value": "Dream"}, lambda d: d.island == "Dream"),
        ({"column": "island", "op": "ne", "value": "Dream"}, lambda d: d.island != "Dream"),
        ({"column": "body_mass_g", "op": "gt", "value": 4000}, lambda d: d.body_mass_g > 4000),
        ({"column": "body_mass_g", "op": "ge", "value": 4000}, lambda d: d.body_mass_g >= 4000),
        ({"column": "body_mass_g", "op": "lt", "value": 4000}, lambda d: d.body_mass_g < 4000),
        ({"column": "body_mass_g", "op": "le", "value": 4000}, lambda d: d.body_mass_g <= 4000),
        (
            {"column": "body_mass_g", "op": "between", "value": [3000, 3500]},
            lambda d: d.body_mass_g.between(3000, 3500),
        ),
        ({"column": "species", "op": "contains", "value": "too"}, lambda d: d.species.str.contains("too")),
        (
            {"column": "species", "op": "in", "value": ["Adelie", "Gentoo"]},
            lambda d: d.species.isin(["Adelie", "Gentoo"]),
        ),
        ({"column": "species", "op": "not_in", "value": ["Adelie"]}, lambda d: d.species != "Adelie"),
        ({"column": "sex", "op": "notnull", "value": None}, lambda d: d.sex.notna()),
        ({"column": "sex", "op": "isnull", "value": None}, lambda d: d.sex.isna()),
        (
            {"column": "bill_length_mm", "op": "gt_col", "value": "flipper_length_mm"},
            lambda d: d.bill_length_mm > d.flipper_length_mm,
        ),
        (
            {"column": "bill_depth_mm", "op": "lt_col", "value": "bill_length_mm"},
            lambda d: d.bill_depth_mm < d.bill_length_mm,
        ),
    ],
)
def test_filter_operators(ws: Workspace, datasets: DatasetStore, flt: dict, want) -> None:  # type: ignore[no-untyped-def, type-arg]
    """Each operator selects what pandas selects."""
    frame = ws.frame("penguins")
    assert int(filter_mask(frame, [flt]).sum()) == int(want(datasets.frame("penguins")).sum())


def test_date_filters(ws: Workspace, datasets: DatasetStore) -> None:
    """year, month, before and after work on a date column."""
    frame, d = ws.frame("sw"), datasets.frame("seattle_weather")
    assert filter_mask(frame, [{"column": "date", "op": "year", "value": 2013}]).sum() == (d.date.dt.year == 2013).sum()
    month = filter_mask(frame, [{"column": "date", "op": "month", "value": [2014, 2]}]).sum()
    assert month == ((d.date.dt.year == 2014) & (d.date.dt.month == 2)).sum()
    before = filter_mask(frame, [{"column": "date", "op": "before", "value": "2012-02-01"}]).sum()
    assert before == (d.date < "2012-02-01").sum()
    assert (
        filter_mask(frame, [{"column": "date", "op": "after", "value": "2015-12-30"}]).sum()
        == (d.date > "2015-12-30").sum()
    )


def test_or_combines_filters(ws: Workspace, datasets: DatasetStore) -> None:
    """logic=or keeps rows matching either filter."""
    filters = [{"column": "island", "op": "eq", "value": "Dream"}, {"column": "body_mass_g", "op": "gt", "value": 6000}]
    d = datasets.frame("penguins")
    assert (
        filter_mask(ws.frame("penguins"), filters, "or").sum() == ((d.island == "Dream") | (d.body_mass_g > 6000)).sum()
    )


@pytest.mark.parametrize(
    ("tool", "args", "message"),
    [
        ("group_aggregate", {"agg": "mean", "measures": ["species"]}, "not numeric"),
        ("group_aggregate", {"agg": "mean"}, "needs a measure"),
        ("group_aggregate", {"agg": "count", "group_by": ["a", "b", "c", "d"]}, "at most three"),
        ("describe", {"columns": ["nope"]}, "no column 'nope'"),
        ("compare_groups", {"measure": "body_mass_g", "group_column": "species"}, "exactly two groups"),
        (
            "compare_groups",
            {"measure": "body_mass_g", "group_column": "species", "groups": ["Adelie", "Emperor"]},
            "at least one value",
        ),
        ("trend", {"date_column": "species"}, "not a date"),
        ("filter", {"filters": [{"column": "species", "op": "year", "value": 2020}]}, "not a date"),
        ("filter", {"filters": [{"column": "year", "op": "between", "value": 2020}]}, "two values"),
        ("count_rows", {"table": "nope"}, "no table named 'nope'"),
    ],
)
def test_tool_errors_say_what_is_wrong(ws: Workspace, tool: str, args: dict, message: str) -> None:  # type: ignore[type-arg]
    """A call that cannot run raises ToolError with a reason."""
    with pytest.raises(ToolError) as info:
        run(ws, tool, **args)
    assert message in info.value.message


def test_correlation_needs_two_numeric_columns(datasets: DatasetStore, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Strongest correlations over a table with one number column is refused, not empty."""
    path = tmp_path / "one.parquet"
    datasets.frame("penguins")[["species", "year"]].to_parquet(path)
    with pytest.raises(ToolError):
        run(Workspace([TableRef("one", path)]), "correlation")


def test_no_tables_is_a_tool_error() -> None:
    """A workspace without tables refuses politely."""
    with pytest.raises(ToolError):
        Workspace([]).frame()


def test_results_are_json_safe(ws: Workspace, datasets: DatasetStore) -> None:
    """NaN, numpy numbers and timestamps become null, numbers and ISO strings."""
    out = run(ws, "top_n", table="sw", column="precipitation", n=2) + run(ws, "describe")
    json.dumps(out, allow_nan=False)
    d = datasets.frame("seattle_weather")
    assert out[0]["rows"][0][0] == d.loc[d.precipitation.idxmax(), "date"].isoformat()


def test_table_results_are_capped() -> None:
    """Long tables carry their first rows and say how many there were."""
    frame = pd.DataFrame({"x": range(1200)})
    result = table("t", frame, limit=500)
    assert len(result["rows"]) == 500 and result["total_rows"] == 1200 and result["truncated"]


@pytest.mark.parametrize(
    "flt",
    [
        {"column": "body_mass_g", "op": "gt", "value": "2014-01-01"},
        {"column": "body_mass_g", "op": "between", "value": ["a", "b"]},
        {"column": "year", "op": "eq", "value": {"x": 1}},
    ],
)
def test_a_filter_value_of_the_wrong_kind_is_a_tool_error(ws: Workspace, flt: dict) -> None:  # type: ignore[type-arg]
    """Comparing a number column with text is refused with a reason, not a crash."""
    with pytest.raises(ToolError) as info:
        filter_mask(ws.frame("penguins"), [flt])
    assert "cannot compare" in info.value.message


def test_date_filter_with_a_bad_date_is_a_tool_error(ws: Workspace) -> None:
    """A date column compared with text that is no date is refused."""
    with pytest.raises(ToolError):
        filter_mask(ws.frame("sw"), [{"column": "date", "op": "gt", "value": "soon"}])


def test_correlation_of_a_column_with_itself(ws: Workspace) -> None:
    """x == y is 1, not a crash."""
    out = run(ws, "correlation", x="body_mass_g", y="body_mass_g")
    assert out[0]["value"] == pytest.approx(1.0)


def test_comparing_constant_groups_is_not_an_error(ws: Workspace) -> None:
    """Two groups with the same constant value: no crash; the undefined p-value is null."""
    only_2007 = [{"column": "year", "op": "eq", "value": 2007}]
    out = run(
        ws, "compare_groups", measure="year", group_column="island", groups=["Dream", "Biscoe"], filters=only_2007
    )
    assert [r for r in out if r.get("name") == "welch p-value"][0]["value"] is None

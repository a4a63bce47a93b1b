"""An assistant's defaults shape the answer (SPEC 12): `detail` decides how much the text
says, `chart` whether charts are drawn; the same question, the same data, two assistants."""

from __future__ import annotations

import io
from typing import Any

import pytest

from tests.assistants.test_chat_assistant import wait_run
from tests.plugins.conftest import make_assistant

# Two groups and a number: a mean per group is a table (with a bar chart); "how many
# distinct" in a single-valued column is a table that no chart fits on its own.
CSV = "shop,kind,sales\n" + "\n".join(f"{'north' if i % 2 else 'south'},retail,{100 + i * 7}" for i in range(20)) + "\n"
BY_SHOP = "average sales by shop"


@pytest.fixture
def file_id(client: Any) -> str:
    upload = client.post("/api/files", data={"file": (io.BytesIO(CSV.encode()), "shops.csv")})
    assert upload.status_code == 201, upload.get_json()
    return str(upload.get_json()["files"][0]["id"])


def ask(client: Any, file_id: str, assistant: dict[str, Any], question: str) -> dict[str, Any]:
    body = {"file_ids": [file_id], "assistant_id": assistant["id"]}
    conv = client.post("/api/chat/conversations", json=body).get_json()
    asked = client.post(f"/api/chat/conversations/{conv['id']}/messages", json={"content": question})
    assert asked.status_code == 202, asked.get_json()
    run = wait_run(client, asked.get_json()["run_id"])
    assert run["status"] == "completed", run
    return run["result"]  # type: ignore[no-any-return]


def test_detail_brief_gives_the_figures_detailed_the_tables_and_steps(client: Any, file_id: str) -> None:
    brief = ask(client, file_id, make_assistant(client, name="Brief", defaults={"detail": "brief"}), BY_SHOP)
    detailed = ask(client, file_id, make_assistant(client, name="Detailed", defaults={"detail": "detailed"}), BY_SHOP)
    # the same computation behind both
    assert brief["plan"] == detailed["plan"] and brief["results"] == detailed["results"]
    table = next(r for r in detailed["results"] if r["kind"] == "table")
    # detailed: the table in the text and the steps behind it; brief: neither
    assert f"**{table['title']}**" in detailed["answer"] and "| north" in detailed["answer"]
    assert "Computed with" in detailed["answer"] and "`group_aggregate`" in detailed["answer"]
    assert f"**{table['title']}**" not in brief["answer"] and "| north" not in brief["answer"]
    assert "Computed with" not in brief["answer"]
    assert len(brief["answer"]) < len(detailed["answer"])


def test_chart_never_draws_none_and_always_draws_where_auto_does_not(client: Any, file_id: str) -> None:
    kinds = {
        pref: [
            r["kind"]
            for r in ask(client, file_id, make_assistant(client, name=pref, defaults={"chart": pref}), BY_SHOP)[
                "results"
            ]
        ]
        for pref in ("auto", "never")
    }
    assert "chart" in kinds["auto"] and "table" in kinds["auto"]
    assert "chart" not in kinds["never"] and "table" in kinds["never"]

    # "describe" yields a table the visualiser has no chart for; "always" draws a plain one
    question = "describe sales"
    auto = ask(client, file_id, make_assistant(client, name="a2", defaults={"chart": "auto"}), question)
    always = ask(client, file_id, make_assistant(client, name="a3", defaults={"chart": "always"}), question)
    assert [r["kind"] for r in auto["results"]].count("chart") == 0, auto["results"]
    [chart] = [r for r in always["results"] if r["kind"] == "chart"]
    table = next(r for r in always["results"] if r["kind"] == "table")
    assert chart["title"] == table["title"]
    bars = chart["spec"]["series"][0]["data"]
    assert len(bars) == len(table["rows"]) and bars  # one bar per row of the table

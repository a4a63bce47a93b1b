"""Export of a conversation in every format, with its filters."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from pypdf import PdfReader

from datapulse.chat.export import neutralise
from datapulse.chat.pdf import chart_series
from datapulse.storage.models import Conversation, Message

TABLE = {
    "kind": "table",
    "title": "Durchschnittlicher Preis pro Insel",
    "columns": ["island", "mean_price"],
    "rows": [["Biscoe", 4716.02], ["Dream", 3712.9], ['=HYPERLINK("x")', -3.5], ["东京", None]],
}
CHART = {
    "kind": "chart",
    "title": "Mean price by island",
    "spec": {
        "xAxis": {"type": "category", "data": ["Biscoe", "Dream", "东京"]},
        "yAxis": {"type": "value"},
        "series": [{"name": "mean", "type": "bar", "data": [4716.02, 3712.9, 120.0]}],
    },
}


@pytest.fixture
def conversation_id(chat_app) -> str:  # type: ignore[no-untyped-def]
    """A conversation with a German question, a Chinese one and a formula-like answer."""
    db = chat_app.extensions["datapulse"].db
    with db.session() as session:
        conv = Conversation(title="Pinguine & 企鹅", file_ids=["f1"], datasource_ids=[], context={})
        session.add(conv)
        session.flush()
        session.add_all(
            [
                Message(conversation_id=conv.id, role="user", content="Durchschnittlicher Preis pro Insel?"),
                Message(
                    conversation_id=conv.id,
                    role="assistant",
                    content="**Biscoe** hat den höchsten Preis.",
                    results=[TABLE, CHART, {"kind": "scalar", "name": "rows", "value": 344}],
                    meta={"plan": [{"tool": "group_aggregate", "args": {"by": ["island"]}}]},
                ),
                Message(conversation_id=conv.id, role="user", content="=1+2 按岛屿统计平均价格"),
                Message(conversation_id=conv.id, role="assistant", content="@SUM(A1) 比斯科岛最高", results=[]),
            ]
        )
        return conv.id


def export(client, cid: str, **params: str):  # type: ignore[no-untyped-def]
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.get(f"/api/chat/conversations/{cid}/export?{query}")


@pytest.mark.parametrize(
    ("fmt", "mimetype"),
    [("json", "application/json"), ("md", "text/markdown"), ("txt", "text/plain"), ("csv", "text/csv"),
     ("pdf", "application/pdf")],
)  # fmt: skip
def test_content_type_and_disposition(chat_client, conversation_id, fmt, mimetype) -> None:
    """Each format has its Content-Type and an attachment file name with its extension."""
    response = export(chat_client, conversation_id, format=fmt)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="conversation-pinguine-') and disposition.endswith(f'.{fmt}"')
    # Text formats name their charset once (a second `charset=` confuses strict clients).
    content_type = response.headers["Content-Type"]
    assert content_type.count("charset") == (1 if mimetype.startswith("text/") else 0), content_type


def test_json_export_filters(chat_client, conversation_id) -> None:
    """JSON holds the messages; roles, timestamps and metadata filter what is included."""
    full = json.loads(export(chat_client, conversation_id, format="json", metadata="true").data)
    assert [m["role"] for m in full["messages"]] == ["user", "assistant", "user", "assistant"]
    assert full["messages"][1]["results"][0] == TABLE
    assert full["messages"][1]["metadata"]["plan"][0]["tool"] == "group_aggregate" and full["file_ids"] == ["f1"]
    assert "created_at" in full["messages"][0]
    bare = json.loads(export(chat_client, conversation_id, roles="user", timestamps="false").data)
    assert [m["role"] for m in bare["messages"]] == ["user", "user"]
    assert all("created_at" not in m and "metadata" not in m for m in bare["messages"])
    assert "file_ids" not in bare


def test_markdown_export(chat_client, conversation_id) -> None:
    """Markdown has the title, the answers, each table as a Markdown table and the plan on request."""
    text = export(chat_client, conversation_id, format="md", metadata="true").get_data(as_text=True)
    assert text.startswith("# Pinguine & 企鹅")
    assert "| island | mean_price |" in text and "| Biscoe | 4716.02 |" in text and "| 东京 |  |" in text
    assert "`group_aggregate`" in text and "_Chart: Mean price by island_" in text and "**rows**: 344" in text
    assistant_only = export(chat_client, conversation_id, format="md", roles="assistant").get_data(as_text=True)
    assert "Durchschnittlicher Preis pro Insel?" not in assistant_only and "group_aggregate" not in assistant_only


def test_text_export_without_timestamps(chat_client, conversation_id) -> None:
    """Plain text keeps the words and tables; timestamps=false leaves out every time."""
    text = export(chat_client, conversation_id, format="txt", timestamps="false").get_data(as_text=True)
    assert "[You]\nDurchschnittlicher Preis pro Insel?" in text and "Biscoe\t4716.02" in text
    assert "Created" not in text and not re.search(r"\d{4}-\d\d-\d\dT", text)
    with_times = export(chat_client, conversation_id, format="txt").get_data(as_text=True)
    assert "Created " in with_times


def test_csv_export_neutralises_formulas(chat_client, conversation_id) -> None:
    """CSV has one row per message and every formula-like cell starts with an apostrophe."""
    body = export(chat_client, conversation_id, format="csv", metadata="true").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    header, data = rows[0], rows[1:]
    assert header == ["conversation_id", "message_id", "role", "created_at", "content", "results", "run_id", "metadata"]
    contents = [r[4] for r in data]
    assert contents[2] == "'=1+2 按岛屿统计平均价格" and contents[3] == "'@SUM(A1) 比斯科岛最高"
    assert "=HYPERLINK" in data[1][5] and data[1][5].startswith("Durchschnittlicher")
    for row in data:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("ok", "ok"), (3, 3), ("", "")],
)  # fmt: skip
def test_neutralise(cell, expected) -> None:
    """Cells that start with = + - @ tab or CR are prefixed; others are unchanged."""
    assert neutralise(cell) == expected


def test_pdf_has_text_tables_and_chart(chat_client, conversation_id) -> None:
    """The PDF is valid and carries the German and Chinese text, the table and the chart."""
    response = export(chat_client, conversation_id, format="pdf", metadata="true")
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for needle in ("Durchschnittlicher Preis pro Insel", "höchsten", "按岛屿统计平均价格", "island", "Biscoe",
                   "4716.02", "Mean price by island", "group_aggregate"):  # fmt: skip
        assert needle in text, needle
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    assert content.count(b" re f") >= 3  # one filled rectangle per bar


def test_pdf_charts_of_every_kind(chat_client, chat_app) -> None:
    """Line, pie, scatter and heatmap charts and a long table all render without error."""
    charts = [
        {"xAxis": {"type": "category", "data": ["a", "b", "c"]}, "yAxis": {"type": "value"},
         "series": [{"type": "line", "data": [1, 3, 2]}, {"type": "line", "name": "b", "data": [2, None, 1]}]},
        {"series": [{"type": "pie", "data": [{"name": "x", "value": 2}, {"name": "y", "value": 3}]}]},
        {"xAxis": {"type": "value"}, "yAxis": {"type": "value"},
         "series": [{"type": "scatter", "data": [[1, 2], [3, 5]]}]},
        {"series": [{"type": "heatmap", "data": [[0, 0, 1]]}]},
        {"xAxis": {"type": "value"}, "yAxis": {"type": "category", "data": ["p", "q"]},
         "series": [{"type": "bar", "data": [-1, 4]}]},
    ]  # fmt: skip
    results = [{"kind": "chart", "title": f"c{i}", "spec": spec} for i, spec in enumerate(charts)]
    results.append({"kind": "table", "title": "long", "columns": ["n"], "rows": [[i] for i in range(200)]})
    db = chat_app.extensions["datapulse"].db
    with db.session() as session:
        conv = Conversation(title="", file_ids=[], datasource_ids=[], context={})
        session.add(conv)
        session.flush()
        session.add(Message(conversation_id=conv.id, role="assistant", content="charts", results=results))
        cid = conv.id
    response = export(chat_client, cid, format="pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "160 more rows" in text and "c3" in text
    assert chart_series(charts[1])[0] == "bar" and chart_series(charts[2])[0] == "scatter"


@pytest.mark.parametrize("params", [{"format": "xls"}, {"roles": "system"}, {"timestamps": "maybe"}])
def test_export_bad_parameters_422(chat_client, conversation_id, params) -> None:
    """An unknown format, role filter or a non-boolean flag is 422."""
    assert export(chat_client, conversation_id, **params).status_code == 422

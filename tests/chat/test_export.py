"""Export of a conversation in every format, with its filters."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from datapulse.chat.export import neutralise
from datapulse.chat.pdf import chart_series, format_number, nice_ticks, readable_time, tick_label
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
    ("fmt", "mimetype", "extension"),
    [("json", "application/json", "json"), ("md", "text/markdown", "md"), ("txt", "text/plain", "txt"),
     ("csv", "application/zip", "zip"), ("transcript_csv", "text/csv", "csv"), ("pdf", "application/pdf", "pdf")],
)  # fmt: skip
def test_content_type_and_disposition(chat_client, conversation_id, fmt, mimetype, extension) -> None:
    """Each format has its Content-Type and an attachment file name with its extension."""
    response = export(chat_client, conversation_id, format=fmt)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="conversation-pinguine-')
    assert disposition.endswith(f'.{extension}"')
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


def test_transcript_csv_export_neutralises_formulas(chat_client, conversation_id) -> None:
    """The transcript CSV has one row per message and every formula-like cell starts with an apostrophe."""
    body = export(chat_client, conversation_id, format="transcript_csv", metadata="true").data.decode("utf-8-sig")
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
    response = export(chat_client, conversation_id, format="pdf", metadata="true", lang="en")
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for needle in ("Durchschnittlicher Preis pro Insel", "höchsten", "按岛屿统计平均价格", "island", "Biscoe",
                   "4,716.02", "Mean price by island", "group_aggregate"):  # fmt: skip
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


@pytest.mark.parametrize(
    "params",
    [
        {"format": "xls"},
        {"roles": "system"},
        {"timestamps": "maybe"},
        {"lang": "fr"},
        {"charts": "some"},
        {"from": "soon"},
        {"to": "2026-02-30"},
        {"from": "2026-03-02", "to": "2026-03-01"},
    ],
)
def test_export_bad_parameters_422(chat_client, conversation_id, params) -> None:
    """An unknown format, role filter or language, a non-boolean flag, a bad or reversed date is 422."""
    assert export(chat_client, conversation_id, **params).status_code == 422


@pytest.mark.parametrize(
    ("since", "until"),
    [
        ("2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z"),  # the same instant: an empty range
        ("2026-03-01T13:00:00+01:00", "2026-03-01T12:00:00Z"),  # the same instant in two zones
        ("2026-03-01T12:00:00", "2026-03-01T12:00:00+00:00"),  # no zone is UTC: still the same
        ("2026-03-01T12:00:01+00:00", "2026-03-01T13:00:00+01:00"),  # after, though it reads earlier
    ],
)
def test_search_and_export_refuse_a_range_whose_from_is_not_before_its_to(
    chat_client, conversation_id, since, until
) -> None:
    """Each bound is a valid date-time of the OpenAPI document, but `from` must come before
    `to` (696158e: schemathesis' valid cases got this 422, now a documented one): 422 naming
    `from` on both operations, never an empty 200."""
    params = {"from": since, "to": until}
    for answer in (
        chat_client.get("/api/chat/search", query_string={"q": "Preis", **params}),
        chat_client.get(f"/api/chat/conversations/{conversation_id}/export", query_string=params),
    ):
        assert answer.status_code == 422, answer.json
        assert answer.json["error"]["code"] == "validation_error" and "from" in answer.json["error"]["details"]["query"]


def test_csv_export_is_the_result_tables(chat_client, chat_app) -> None:
    """`csv` gives a zip with one CSV per result table, the values as computed, formulas neutralised."""
    second = {"kind": "table", "title": "Anzahl pro Art", "columns": ["species", "n"], "rows": [["Adelie", 152]]}
    db = chat_app.extensions["datapulse"].db
    with db.session() as session:
        conv = Conversation(title="Tabellen", file_ids=[], datasource_ids=[], context={})
        session.add(conv)
        session.flush()
        session.add_all(
            [
                Message(conversation_id=conv.id, role="user", content="Preis pro Insel"),
                Message(conversation_id=conv.id, role="assistant", content="a", results=[TABLE, CHART]),
                Message(conversation_id=conv.id, role="assistant", content="b", results=[second]),
            ]
        )
        cid = conv.id
    response = export(chat_client, cid, format="csv")
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.namelist() == ["01-durchschnittlicher-preis-pro-insel.csv", "02-anzahl-pro-art.csv"]
    first = list(csv.reader(io.StringIO(archive.read(archive.namelist()[0]).decode("utf-8-sig"))))
    assert first == [["island", "mean_price"], ["Biscoe", "4716.02"], ["Dream", "3712.9"],
                     ["'=HYPERLINK(\"x\")", "'-3.5"], ["东京", ""]]  # fmt: skip
    assert list(csv.reader(io.StringIO(archive.read("02-anzahl-pro-art.csv").decode("utf-8-sig")))) == [
        ["species", "n"],
        ["Adelie", "152"],
    ]
    # the roles filter applies: no assistant messages, no tables
    empty = zipfile.ZipFile(io.BytesIO(export(chat_client, cid, format="csv", roles="user").data))
    assert empty.namelist() == []


GERMAN_ANSWER = """## Durchschnittspreis pro Schliff

**Ideal** ist am günstigsten, *Premium* am teuersten.

- Ideal: 3457.54
- Premium: 4584.26

| Schliff | Durchschnittspreis |
|---|---|
| Ideal | 3457.54 |
| Premium | 4584.26 |"""
CHINESE_ANSWER = """## 按切工统计平均价格

**理想**切工最便宜 - clarity 也很重要。

1. 理想 - clarity
2. 优质

| 切工 | 平均价格 |
|---|---|
| 理想 | 3457.54 |"""


def words(text: str) -> str:
    """Text as pypdf extracts it, compared without layout whitespace."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def bilingual_id(chat_app) -> str:  # type: ignore[no-untyped-def]
    """German and Chinese answers side by side, a chart between tables, times with microseconds."""
    db = chat_app.extensions["datapulse"].db
    chart = {
        "kind": "chart",
        "title": "Preis",
        "spec": {
            "xAxis": {"type": "category", "data": ["Ideal", "Premium", "Good"]},
            "yAxis": {"type": "value"},
            "series": [{"name": "mean", "type": "bar", "data": [1146.0, 4584.26, 18823.0]}],
        },
    }
    table = {"kind": "table", "title": "Tabelle nach dem Diagramm", "columns": ["a", "b"], "rows": [["x", 1.5]]}
    with db.session() as session:
        conv = Conversation(title="Diamanten 钻石", file_ids=[], datasource_ids=[], context={})
        session.add(conv)
        session.flush()
        session.add_all(
            [
                Message(conversation_id=conv.id, role="user", content="Durchschnittspreis pro Schliff?"),
                Message(conversation_id=conv.id, role="assistant", content=GERMAN_ANSWER, results=[chart, table]),
                Message(conversation_id=conv.id, role="user", content="按切工统计平均价格 - clarity"),
                Message(conversation_id=conv.id, role="assistant", content=CHINESE_ANSWER, results=[table]),
            ]
        )
        return conv.id


def pdf_text(response) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)


def test_pdf_german_and_chinese_side_by_side_render_markdown(chat_client, bilingual_id) -> None:
    """The PDF's own text is the answers' text: German and Chinese, "- clarity" after Chinese,
    Markdown rendered (no #, ** or pipes), lists and tables kept as such."""
    text = pdf_text(export(chat_client, bilingual_id, format="pdf"))
    flat = words(text)
    expected = [
        "Durchschnittspreis pro Schliff?",
        "Durchschnittspreis pro Schliff",
        "Ideal ist am günstigsten, Premium am teuersten.",
        "按切工统计平均价格 - clarity",
        "理想切工最便宜 - clarity 也很重要。",
        "1. 理想 - clarity",
        "2. 优质",
    ]
    for line in expected:
        assert words(line) in flat, line
    assert "按切工统计平均价格 - clarity" in text  # on one line, as written
    assert "• Ideal: 3457.54" in text and "• Premium: 4584.26" in text
    for header in ("Schliff Durchschnittspreis", "切工 平均价格", "理想 3457.54", "Ideal 3457.54"):
        assert header in text, header
    assert "**" not in text and "|" not in text and "##" not in text


def test_pdf_colours_ticks_and_dates(chat_client, bilingual_id) -> None:
    """No fill of the chart's colour after its bars, round axis ticks, times without microseconds."""
    response = export(chat_client, bilingual_id, format="pdf", lang="en")
    text = pdf_text(response)
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", text)
    assert not re.search(r"\d\d:\d\d:\d\d\.\d+", text) and "T" not in re.findall(r"\d{4}-\d\d-\d\d(.)", text)
    ticks = re.findall(r"^(\d+k?)$", text, flags=re.MULTILINE)
    assert ticks[:5] == ["0", "5k", "10k", "15k", "20k"]
    assert "1146" not in text and "e+" not in text
    content = b"".join(page.get_contents().get_data() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert fills_by_colour(content) == {
        b"0.3294 0.4392 0.7765": 3,  # the chart's three bars, its colour nowhere else
        b"0.9098 0.9255 0.9569": 8,  # the heading cells of four two-column tables
        b"1 1 1": 10,  # the ten body cells: white, whatever was drawn before
    }


def fills_by_colour(content: bytes) -> dict[bytes, int]:
    """How many rectangles each fill colour paints (`re f` / `re B`), `q … Q` scopes respected."""
    fills: dict[bytes, int] = {}
    current = b"0 0 0"
    for line in content.split(b"\n"):
        outside_text = re.sub(rb"BT .*? ET", b"", line)
        local = current
        for match in re.finditer(rb"([\d.]+ [\d.]+ [\d.]+) rg", outside_text):
            local = match.group(1)
        for _ in re.finditer(rb" re (f|B)\b", outside_text):
            fills[local] = fills.get(local, 0) + 1
        if not outside_text.startswith(b"q "):
            current = local
    return fills


@pytest.mark.parametrize(
    ("low", "high", "labels"),
    [(0, 4584.26, ["0", "2k", "4k", "6k"]), (0, 18823, ["0", "5k", "10k", "15k", "20k"]),
     (0, 1, ["0.00", "0.25", "0.50", "0.75", "1.00"]), (-1, 4, ["-2", "0", "2", "4"]),
     (3, 3.5, ["3.0", "3.2", "3.4", "3.6"]), (0, 2.5e9, ["0", "1B", "2B", "3B"])],
)  # fmt: skip
def test_axis_ticks_are_round(low, high, labels) -> None:
    """Ticks are 1, 2, 2.5 or 5 times a power of ten, cover the data and read short."""
    ticks = nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high
    assert [tick_label(t, ticks[1] - ticks[0]) for t in ticks] == labels


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2026-12-04T17:00:00.123456Z", "2026-12-04 17:00 UTC"), ("2026-12-04T17:00:00+00:00", "2026-12-04 17:00 UTC"),
     ("2024-01-01T00:00:00", "2024-01-01"), ("2024-01-01 13:45:10.5", "2024-01-01 13:45:10"), ("Biscoe", "Biscoe"),
     (3, 3)],
)  # fmt: skip
def test_readable_time(value, shown) -> None:
    """ISO times lose their fractions of a second and their T; other values stay."""
    assert readable_time(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(4716.02, "4,716.02"), (3.0, "3"), (0.0123456789, "0.0123457"), (1e-9, "1.000e-09"),
     (123456789.123, "123,456,789"), (2007.0, "2007"), (12500.0, "12,500"), (1234560.4, "1,234,560")],
)  # fmt: skip
def test_cell_numbers(value, shown) -> None:
    """Whole numbers whole (years without a separator), six significant digits, grouped,
    p-values in scientific notation."""
    assert format_number(value) == shown


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [(4716.02, "de", "4.716,02"), (4716.02, "zh", "4,716.02"), (1e-9, "de", "1,000e-09"), (0.25, "de", "0,25"),
     (12500.0, "de", "12.500")],
)  # fmt: skip
def test_cell_numbers_in_the_language(value, lang, shown) -> None:
    """German writes the decimal comma and the dot between thousands; Chinese as English."""
    assert format_number(value, lang) == shown


def test_ticks_and_dates_in_the_language() -> None:
    """German axis ticks carry the decimal comma, German dates are day.month.year."""
    assert tick_label(0.25, 0.25, "de") == "0,25" and tick_label(1.5e6, 5e5, "de") == "1,5M"
    assert readable_time("2026-12-04T17:00:00.5Z", "de") == "04.12.2026 17:00 UTC"
    assert readable_time("2024-01-01T00:00:00", "de") == "01.01.2024"
    assert readable_time("2024-01-01T00:00:00", "zh") == "2024-01-01"


def test_pdf_numbers_dates_and_words_follow_the_language(chat_client, bilingual_id) -> None:
    """`lang` sets the PDF's numbers, dates and own words; without it, the first question's language."""
    english = pdf_text(export(chat_client, bilingual_id, format="pdf", lang="en"))
    german = pdf_text(export(chat_client, bilingual_id, format="pdf", lang="de"))
    chinese = pdf_text(export(chat_client, bilingual_id, format="pdf", lang="zh"))
    assert "x 1.5" in english and "You" in english and "Created" in english
    assert "x 1,5" in german and "Sie" in german and "Erstellt" in german
    assert re.search(r"Erstellt \d\d\.\d\d\.\d{4} \d\d:\d\d UTC", german)
    assert "x 1.5" in chinese and "您" in chinese and "创建于" in chinese
    # the first question is German: the default is German
    assert "Erstellt" in pdf_text(export(chat_client, bilingual_id, format="pdf"))


def test_export_without_charts_or_tables(chat_client, conversation_id) -> None:
    """charts=false and tables=false leave those results out; the result-table zip keeps its tables."""
    no_charts = export(chat_client, conversation_id, format="md", charts="false").get_data(as_text=True)
    assert "_Chart:" not in no_charts and "| island | mean_price |" in no_charts and "**rows**: 344" in no_charts
    no_tables = export(chat_client, conversation_id, format="md", tables="false").get_data(as_text=True)
    assert "_Chart: Mean price by island_" in no_tables and "| island |" not in no_tables
    pdf = pdf_text(export(chat_client, conversation_id, format="pdf", lang="en", charts="false", tables="false"))
    assert "Mean price by island" not in pdf and "Biscoe" not in pdf.split("höchsten")[1]
    zipped = zipfile.ZipFile(io.BytesIO(export(chat_client, conversation_id, format="csv", tables="false").data))
    assert len(zipped.namelist()) == 1


def test_export_date_range_keeps_the_messages_of_that_time(chat_client, chat_app) -> None:
    """`from` is inclusive, `to` exclusive (a date alone: that whole day), in every format."""
    db = chat_app.extensions["datapulse"].db
    days = [datetime(2026, 3, d, 12, tzinfo=UTC) for d in (1, 2, 3)]
    with db.session() as session:
        conv = Conversation(title="Range", file_ids=[], datasource_ids=[], context={})
        session.add(conv)
        session.flush()
        for n, day in enumerate(days):
            session.add(Message(conversation_id=conv.id, role="user", content=f"question {n}", created_at=day))
        cid = conv.id

    def contents(**params: str) -> list[str]:
        response = export(chat_client, cid, format="json", **params)
        assert response.status_code == 200, response.json
        return [m["content"] for m in json.loads(response.data)["messages"]]

    assert contents() == ["question 0", "question 1", "question 2"]
    assert contents(**{"from": "2026-03-02"}) == ["question 1", "question 2"]
    assert contents(to="2026-03-02") == ["question 0", "question 1"]
    assert contents(**{"from": "2026-03-02", "to": "2026-03-02"}) == ["question 1"]
    assert contents(**{"from": "2026-03-01T12:00:01Z", "to": "2026-03-03T12:00:00Z"}) == ["question 1"]
    text = export(chat_client, cid, format="txt", to="2026-03-01").data.decode()
    assert "question 0" in text and "question 1" not in text


def test_pdf_draws_a_table_the_answer_repeats_from_its_results_once(chat_client, chat_app) -> None:  # type: ignore[no-untyped-def]
    """The answer's Markdown repeats its table results ("**title** (n rows)" + a pipe table,
    datapulse.agents.report); the PDF draws each table once, from the result (issue 12:
    one result table). A table the results do not hold stays."""
    table = {"kind": "table", "title": "mean_mass by species", "columns": ["species", "mean_mass"],
             "rows": [["Adelie", 3700.0], ["Gentoo", 5200.0]]}  # fmt: skip
    content = (
        "The mean of **mass** by species: highest **Gentoo**.\n\n"
        "**mean_mass by species** (2 rows)\n\n| species | mean_mass |\n|---|---|\n"
        "| Adelie | 3,700.00 |\n| Gentoo | 5,200.00 |\n\n"
        "**other table** (1 rows)\n\n| k | v |\n|---|---|\n| only-here | 1 |"
    )
    db = chat_app.extensions["datapulse"].db
    with db.session() as session:
        conv = Conversation(title="once", file_ids=[], datasource_ids=[], context={})
        session.add(conv)
        session.flush()
        session.add(Message(conversation_id=conv.id, role="assistant", content=content, results=[table]))
        cid = conv.id
    text = pdf_text(export(chat_client, cid, format="pdf"))
    assert text.count("mean_mass by species") == 1, text
    assert text.count("Adelie") == 1 and "(2 rows)" not in text
    assert "highest Gentoo" in text and "only-here" in text and "other table" in text

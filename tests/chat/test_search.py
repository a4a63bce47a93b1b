"""GET /api/chat/search: every term as a substring in any case and language, filters,
pages, a plain-text snippet with highlight offsets, the index kept in step, bad input 422."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, update

from datapulse.chat.search import parse_terms, snippet
from datapulse.storage.models import Message

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def add_messages(app: Any, conversation_id: str, *texts: tuple[str, str], start: datetime = T0) -> list[str]:
    """Store (role, content) messages one hour apart from `start`; their ids."""
    ids = []
    with app.extensions["datapulse"].db.session() as session:
        for n, (role, content) in enumerate(texts):
            message = Message(
                conversation_id=conversation_id, role=role, content=content, created_at=start + timedelta(hours=n)
            )
            session.add(message)
            session.flush()
            ids.append(message.id)
    return ids


def new_conversation(client: Any, title: str = "Sales") -> str:
    answer = client.post("/api/chat/conversations", json={"title": title})
    assert answer.status_code == 201, answer.json
    return str(answer.json["id"])


def search(client: Any, **params: Any) -> dict[str, Any]:
    answer = client.get("/api/chat/search", query_string=params)
    assert answer.status_code == 200, answer.json
    return dict(answer.json)


def found(client: Any, **params: Any) -> list[str]:
    return [hit["message"]["id"] for hit in search(client, **params)["items"]]


@pytest.fixture
def corpus(app: Any, client: Any) -> dict[str, Any]:
    conv = new_conversation(client, "Umsatz 2026")
    other = new_conversation(client, "销售")
    ids = add_messages(
        app,
        conv,
        ("user", "Wie hoch war der Jahresumsatz der ÄPFEL in Köln?"),
        ("assistant", "Der Jahresumsatz lag bei 5.323,82 € (Straße und Größe egal)."),
        ("user", "What is the average price by region?"),
    )
    cn = add_messages(
        app,
        other,
        ("user", "各地区的平均价格是多少？"),
        ("assistant", "华东地区的平均价格最高。Average price: 42"),
        start=T0 + timedelta(days=2),
    )
    return {"conv": conv, "other": other, "de": ids, "cn": cn}


def test_german_words_are_found_inside_compounds_and_in_any_case(client: Any, corpus: dict[str, Any]) -> None:
    """`umsatz` is in "Jahresumsatz"; `äpfel` finds "ÄPFEL", `GRÖSSE`-less `größe` finds "Größe"."""
    de = corpus["de"]
    assert found(client, q="umsatz") == [de[1], de[0]]
    assert found(client, q="äpfel") == [de[0]]
    assert found(client, q="größe straße") == [de[1]]


def test_chinese_is_found_without_spaces_also_with_two_characters(client: Any, corpus: dict[str, Any]) -> None:
    """Three characters go through the index, two ("价格") through the fallback; both find."""
    cn = corpus["cn"]
    assert found(client, q="平均价格") == [cn[1], cn[0]]
    assert found(client, q="价格") == [cn[1], cn[0]]
    assert found(client, q="华东") == [cn[1]]


def test_every_term_must_occur_and_a_quoted_phrase_is_one_term(client: Any, corpus: dict[str, Any]) -> None:
    """Terms are ANDed; `"price by"` must occur as written (white space in any amount)."""
    assert found(client, q="average price") == [corpus["cn"][1], corpus["de"][2]]
    assert found(client, q='"price by"') == [corpus["de"][2]]
    assert found(client, q="average nothing") == []
    assert found(client, q="ab") == []  # a short ASCII term takes the LIKE path


def test_hit_shape_and_highlight_offsets(client: Any, corpus: dict[str, Any]) -> None:
    """A hit names the conversation and message; each highlight covers a match in the snippet."""
    [hit] = search(client, q="JAHRESUMSATZ lag")["items"]
    assert hit["conversation"] == {"id": corpus["conv"], "title": "Umsatz 2026"}
    assert hit["message"] == {"id": corpus["de"][1], "role": "assistant", "created_at": "2026-03-01T13:00:00Z"}
    marked = [hit["snippet"][s:e] for s, e in hit["highlights"]]
    assert marked == ["Jahresumsatz", "lag"]


def test_markup_in_a_message_comes_back_as_plain_text(app: Any, client: Any) -> None:
    """The snippet is the message's text, not HTML: `<script>` is returned as those characters."""
    conv = new_conversation(client)
    add_messages(app, conv, ("user", 'Why <script>alert("x")</script> & <b>bold</b> total?'))
    [hit] = search(client, q="script")["items"]
    assert hit["snippet"] == 'Why <script>alert("x")</script> & <b>bold</b> total?'
    assert [hit["snippet"][s:e] for s, e in hit["highlights"]] == ["script", "script"]


def test_filters_role_conversation_and_dates(client: Any, corpus: dict[str, Any]) -> None:
    """`role`, `conversation_id`, `from` (inclusive) and `to` (a date alone: that whole day)."""
    de, cn = corpus["de"], corpus["cn"]
    assert found(client, q="price", role="user") == [de[2]]
    assert found(client, q="price", role="assistant") == [cn[1]]
    assert found(client, q="price", conversation_id=corpus["other"]) == [cn[1]]
    assert found(client, q="price", **{"from": "2026-03-02"}) == [cn[1]]
    assert found(client, q="price", to="2026-03-01") == [de[2]]
    assert found(client, q="umsatz", **{"from": "2026-03-01T12:30:00Z", "to": "2026-03-01T14:30:00+01:00"}) == [de[1]]
    assert found(client, q="price", **{"from": "2026-03-01", "to": "2026-03-01"}) == [de[2]]


def test_unknown_conversation_is_404(client: Any, corpus: dict[str, Any]) -> None:
    answer = client.get("/api/chat/search?q=price&conversation_id=nope")
    assert answer.status_code == 404
    assert answer.json["error"]["code"] == "not_found"


def test_pages(app: Any, client: Any) -> None:
    """Hits are paged like every list, newest first; a page past the end is empty."""
    conv = new_conversation(client)
    ids = add_messages(app, conv, *[("user", f"revenue question {n}") for n in range(5)])
    first = search(client, q="revenue", per_page=2)
    assert (first["total"], first["page"], first["per_page"]) == (5, 1, 2)
    assert [h["message"]["id"] for h in first["items"]] == [ids[4], ids[3]]
    assert found(client, q="revenue", per_page=2, page=3) == [ids[0]]
    assert found(client, q="revenue", per_page=2, page=4) == []


def test_the_index_follows_edits_and_deletes(app: Any, client: Any) -> None:
    """A changed message is found by its new text only; a deleted conversation's messages are gone."""
    conv = new_conversation(client)
    [mid] = add_messages(app, conv, ("user", "turnover by quarter"))
    with app.extensions["datapulse"].db.session() as session:
        session.execute(update(Message).where(Message.id == mid).values(content="margin by month"))
    assert found(client, q="turnover") == []
    assert found(client, q="margin") == [mid]
    keep = new_conversation(client)
    [kept] = add_messages(app, keep, ("user", "margin again"))
    assert client.delete(f"/api/chat/conversations/{conv}").status_code == 204
    assert found(client, q="margin") == [kept]
    with app.extensions["datapulse"].db.session() as session:
        session.execute(delete(Message).where(Message.id == kept))
    assert found(client, q="margin") == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=",
        "q=%20%20",
        "q=%22%22",
        "q=" + "x" * 201,
        "q=a%00b",
        "q=x&role=system",
        "q=x&from=yesterday",
        "q=x&to=2026-13-01",
        "q=x&to=9999-12-31",
        "q=x&from=2026-03-02&to=2026-03-01",
        "q=x&page=0",
        "q=x&page=1000001",
        "q=x&per_page=0",
        "q=x&per_page=501",
        "q=x&conversation_id=",
    ],
)
def test_bad_input_is_422(client: Any, query: str) -> None:
    """No, empty, blank or over-long query; unknown role; bad or reversed dates; a page out of range."""
    answer = client.get(f"/api/chat/search?{query}")
    assert answer.status_code == 422, answer.json
    assert answer.json["error"]["code"] == "validation_error"


def test_parse_terms() -> None:
    """Words split at white space, quoted phrases whole, repeats dropped in any case."""
    assert parse_terms('Umsatz  "average   price" umsatz 价格') == ["Umsatz", "average price", "价格"]
    assert parse_terms('"" "') == []


def test_snippet_cuts_around_the_first_match() -> None:
    """A long message is cut around the first match with `…` on each cut side."""
    text = "lorem " * 60 + "the Revenue grew\n\nstrongly " + "ipsum " * 60
    cut, marks = snippet(text, ["revenue"], width=60)
    assert cut.startswith("…") and cut.endswith("…")
    assert len(cut) <= 62
    assert [cut[s:e] for s, e in marks] == ["Revenue"]
    assert "grew strongly" in cut
    assert snippet("short text", ["absent"]) == ("short text", [])

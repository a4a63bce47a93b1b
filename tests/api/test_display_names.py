"""Bidi and other invisible controls are stripped from display names (issue 11 row 19)."""

from __future__ import annotations

from typing import Any

import pytest

from datapulse.text import clean_display_text
from tests.files.helpers import csv_bytes, upload

TRICK = "report\u202ecsv.exe.csv"  # renders as "reportvsc.exe.csv"-like, hiding ".exe"
HIDDEN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\ufeff\x00\x1b"


def _clean(text: str) -> bool:
    return not any(char in text for char in HIDDEN)


def test_uploaded_file_name_loses_the_bidi_override(client: Any) -> None:
    """`report\\u202ecsv.exe.csv` is stored and listed as `reportcsv.exe.csv`."""
    response = upload(client, (csv_bytes(), TRICK))
    assert response.status_code == 201
    info = response.get_json()["files"][0]
    assert info["name"] == "reportcsv.exe.csv"
    listed = client.get("/api/files").get_json()["items"][0]
    assert listed["name"] == "reportcsv.exe.csv" and _clean(listed["table_name"])


def test_source_names_and_conversation_titles_are_cleaned(client: Any) -> None:
    """Data source names (create and rename) and conversation titles (given or derived)."""
    file_id = upload(client, (csv_bytes(), "a.csv")).get_json()["files"][0]["id"]
    created = client.post(
        "/api/datasources", json={"name": "Sales\u2067 2024\u202e", "type": "file", "config": {"file_id": file_id}}
    )
    assert created.status_code == 201, created.get_json()
    source = created.get_json()
    assert source["name"] == "Sales 2024"
    renamed = client.put(f"/api/datasources/{source['id']}", json={"name": "Q\u200f1\u202d"})
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "Q1"
    conv = client.post("/api/chat/conversations", json={"title": "Plan\u202e\u2066 A"}).get_json()
    assert conv["title"] == "Plan A"
    only_controls = client.post("/api/datasources", json={"name": "\u202e\u2066", "type": "file", "config": {}})
    assert only_controls.status_code == 422


@pytest.mark.parametrize(
    "raw,clean",
    [
        (TRICK, "reportcsv.exe.csv"),
        ("a" + HIDDEN + "b", "ab"),
        ("line\u2028two\nthree", "line two three"),
        ("\U0001f468\u200d\U0001f469 \u06a9\u062a\u0627\u0628\u200c\u0647\u0627", None),  # joiners kept
        ("Gr\u00fc\u00dfe \u4f60\u597d", None),
    ],
)
def test_clean_display_text(raw: str, clean: str | None) -> None:
    """Controls go; letters of every script and emoji joiners stay."""
    assert clean_display_text(raw) == (raw if clean is None else clean)

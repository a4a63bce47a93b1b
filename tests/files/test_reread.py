"""Re-reading an upload with other options (issue 12: delimiter, decimal mark, encoding,
header, sheet), through the API on real files: the new reading replaces the profile,
the data, the Parquet copy and SQL; a choice that cannot read the file changes nothing."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from tests.files.helpers import upload

GERMAN = "Region;Umsatz;Menge\nNord;1.234,50;3\nSüd;99,5;4\nWest;-0,25;5\n"


def _upload(client: Any, content: bytes, name: str) -> dict[str, Any]:
    r = upload(client, (content, name))
    assert r.status_code == 201, r.get_json()
    return r.get_json()["files"][0]


def _detail(client: Any, file_id: str) -> dict[str, Any]:
    return client.get(f"/api/files/{file_id}").get_json()


def _dtypes(detail: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["dtype"] for c in detail["schema"]["columns"]}


def _sql(client: Any, sql: str) -> list[list[Any]]:
    r = client.post("/api/query", json={"sql": sql})
    assert r.status_code == 200, r.get_json()
    return r.get_json()["rows"]


def _wait_copy(app: Any) -> None:
    app.extensions["datapulse"].uploads.jobs.wait_idle(30)


def test_a_decimal_comma_read_again_makes_numbers(app, client) -> None:  # type: ignore[no-untyped-def]
    f = _upload(client, GERMAN.encode(), "umsatz.csv")
    before = _detail(client, f["id"])
    assert _dtypes(before)["Umsatz"].startswith("VARCHAR")
    assert any(w["code"] == "decimal_comma" for w in before["schema"]["warnings"])

    r = client.post(f"/api/files/{f['id']}/reread", json={"delimiter": ";", "decimal": ","})
    assert r.status_code == 200, r.get_json()
    after = r.get_json()
    assert after["status"] == "ready" and after["rows"] == 3
    assert _dtypes(after)["Umsatz"] == "DOUBLE"
    assert after["schema"]["options"] == {"delimiter": ";", "decimal": ","}
    assert not any(w["code"] == "decimal_comma" for w in after["schema"]["warnings"])
    _wait_copy(app)
    table = after["table_name"]
    assert _sql(client, f"SELECT sum(Umsatz) FROM {table}") == [[1333.75]]
    # The copy was rewritten the new way: the row points at it, and it reads the same.
    assert _detail(client, f["id"])["schema"]["read"]["decimal"] == ","
    preview = client.get(f"/api/files/{f['id']}/preview").get_json()
    assert preview["rows"][0][1] == 1234.5


def test_the_chosen_options_survive_a_reprofile(app, client) -> None:  # type: ignore[no-untyped-def]
    f = _upload(client, GERMAN.encode(), "umsatz.csv")
    assert client.post(f"/api/files/{f['id']}/reread", json={"decimal": ",", "delimiter": ";"}).status_code == 200
    _wait_copy(app)  # until then the copy's job holds the file: another re-read would be 409
    r = client.post("/api/files/batch", json={"operation": "profile", "ids": [f["id"]]})
    assert r.get_json()["results"][0]["ok"] is True
    assert _dtypes(_detail(client, f["id"]))["Umsatz"] == "DOUBLE"
    _wait_copy(app)
    # `{}` goes back to reading it automatically.
    r = client.post(f"/api/files/{f['id']}/reread", json={})
    assert r.status_code == 200 and "options" not in r.get_json()["schema"]
    assert _dtypes(r.get_json())["Umsatz"].startswith("VARCHAR")


def test_a_file_without_a_header_line(app, client) -> None:  # type: ignore[no-untyped-def]
    f = _upload(client, b"1,2\n3,4\n5,6\n", "numbers.csv")
    assert f["rows"] == 2  # the first line was taken for names
    r = client.post(f"/api/files/{f['id']}/reread", json={"header": False})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["rows"] == 3
    _wait_copy(app)
    assert _sql(client, f"SELECT sum(column0), sum(column1) FROM {f['table_name']}") == [[9, 12]]


def _workbook() -> bytes:
    wb = Workbook()
    first = wb.active
    first.title = "Sales"
    first.append(["region", "amount"])
    first.append(["north", 10])
    costs = wb.create_sheet("Costs")
    costs.append(["item", "cost"])
    for i in range(4):
        costs.append([f"item{i}", i * 2.5])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_another_sheet_of_a_workbook(app, client) -> None:  # type: ignore[no-untyped-def]
    f = _upload(client, _workbook(), "book.xlsx")
    assert f["rows"] == 1
    r = client.post(f"/api/files/{f['id']}/reread", json={"sheet": "Costs"})
    assert r.status_code == 200, r.get_json()
    after = r.get_json()
    assert after["rows"] == 4 and [c["name"] for c in after["schema"]["columns"]] == ["item", "cost"]
    assert after["schema"]["warnings"] == [{"code": "sheets_ignored", "read": "Costs", "ignored": ["Sales"]}]
    assert _sql(client, f"SELECT sum(cost) FROM {f['table_name']}") == [[15.0]]


def test_a_sheet_the_workbook_lacks_names_the_sheets_and_changes_nothing(client) -> None:  # type: ignore[no-untyped-def]
    f = _upload(client, _workbook(), "book.xlsx")
    r = client.post(f"/api/files/{f['id']}/reread", json={"sheet": "Budget"})
    assert r.status_code == 422
    body = r.get_json()["error"]
    assert body["code"] == "unknown_sheet" and body["details"]["sheets"] == ["Sales", "Costs"]
    assert _detail(client, f["id"])["rows"] == 1
    assert _sql(client, f"SELECT count(*) FROM {f['table_name']}") == [[1]]


def test_options_that_cannot_read_the_file_change_nothing(app, client) -> None:  # type: ignore[no-untyped-def]
    f = _upload(client, "name,city\nAnna,Köln\nBo,Wien\n".encode(), "people.csv")
    _wait_copy(app)
    before = _detail(client, f["id"])
    # Decoded as latin-1 it would be mojibake, not an error: read as utf-8 it stays right;
    # an encoding choice that breaks the reader (a utf-8 claim on latin-1 bytes) is refused.
    g = _upload(client, "name,city\nAnna,Köln\n".encode("latin-1"), "latin.csv")
    r = client.post(f"/api/files/{g['id']}/reread", json={"encoding": "utf-8"})
    assert r.status_code == 422, r.get_json()
    assert r.get_json()["error"]["code"] == "invalid_content"
    assert _detail(client, g["id"])["status"] == "ready"
    assert _detail(client, f["id"]) == before


def test_bad_options_are_refused_by_name(client) -> None:  # type: ignore[no-untyped-def]
    f = _upload(client, GERMAN.encode(), "umsatz.csv")
    cases = [
        ({"sheet": "x"}, "option_not_applicable"),
        ({"delimiter": ";;"}, "validation_error"),
        ({"delimiter": "a"}, "validation_error"),
        ({"delimiter": ",", "decimal": ","}, "validation_error"),
        ({"decimal": ":"}, "validation_error"),
        ({"encoding": "utf-16"}, "validation_error"),
        ({"header": "maybe"}, "validation_error"),
        ({"colour": "red"}, "validation_error"),
    ]
    for body, code in cases:
        r = client.post(f"/api/files/{f['id']}/reread", json=body)
        assert r.status_code == 422, (body, r.get_json())
        assert r.get_json()["error"]["code"] == code, (body, r.get_json())
    x = _upload(client, _workbook(), "book.xlsx")
    r = client.post(f"/api/files/{x['id']}/reread", json={"decimal": ","})
    assert r.status_code == 422 and r.get_json()["error"]["details"] == {"option": "decimal", "type": "xlsx"}
    assert client.post("/api/files/nope/reread", json={}).status_code == 404
    assert _detail(client, f["id"])["schema"].get("options") is None


def test_a_file_being_read_is_busy(app, client) -> None:  # type: ignore[no-untyped-def]
    f = _upload(client, GERMAN.encode(), "umsatz.csv")
    _wait_copy(app)
    from pathlib import Path

    from datapulse.lease import file_lease
    from datapulse.storage.models import StoredFile

    svc = app.extensions["datapulse"]
    with svc.db.session() as session:
        stored = Path(session.get(StoredFile, f["id"]).stored_path)
    held = file_lease(stored)
    assert held is not None
    try:
        r = client.post(f"/api/files/{f['id']}/reread", json={"delimiter": ";"})
        assert r.status_code == 409 and r.get_json()["error"]["code"] == "file_busy"
    finally:
        held.close()
    assert client.post(f"/api/files/{f['id']}/reread", json={"delimiter": ";"}).status_code == 200


def test_a_lost_source_says_so(app, client) -> None:  # type: ignore[no-untyped-def]
    f = _upload(client, GERMAN.encode(), "umsatz.csv")
    _wait_copy(app)
    from pathlib import Path

    from datapulse.storage.models import StoredFile

    svc = app.extensions["datapulse"]
    with svc.db.session() as session:
        Path(session.get(StoredFile, f["id"]).stored_path).unlink()
    r = client.post(f"/api/files/{f['id']}/reread", json={"delimiter": ";"})
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "file_missing"

"""Bad input gets a clear error and loses nothing: every refused upload leaves no row,
no stored file, no part file and no derived file behind."""

from __future__ import annotations

import io
import zipfile

import pytest

from datapulse.api.app import create_app
from tests.conftest import migrated
from tests.files.helpers import (
    assert_consistent,
    assert_nothing_left,
    close_app,
    csv_bytes,
    sample,
    upload,
    xlsx_bomb,
    xlsx_bytes,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


class CountingStream(io.BytesIO):
    """A request body that remembers how much of it the server read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.consumed = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.consumed += len(chunk)
        return chunk

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        n = super().readinto(buffer)
        self.consumed += n
        return n


@pytest.fixture
def small_app(settings, bus):
    """An app whose upload limit is 1 MiB."""
    application = create_app(migrated(settings.replace(MAX_UPLOAD_MB=1)), bus=bus)
    application.config["TESTING"] = True
    yield application
    close_app(application)


def _multipart(name: str, content: bytes, boundary: str = "XyZ") -> bytes:
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'.encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode()


def _error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.get_data(as_text=True)
    body = r.get_json()
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_oversize_refused_from_content_length_before_reading(small_app, settings):
    """An upload whose Content-Length passes the limit is refused with 413 before its body is read."""
    body = CountingStream(_multipart("big.csv", b"a\n" + b"1\n" * (1024 * 1024)))
    r = small_app.test_client().post("/api/files", input_stream=body, content_type="multipart/form-data; boundary=XyZ")
    _error(r, 413, "payload_too_large")
    assert body.consumed == 0
    assert_nothing_left(small_app, settings)


def test_oversize_refused_while_streaming(small_app, settings):
    """Without a Content-Length the 413 comes as soon as the counted bytes pass the limit."""
    total = 20 * 1024 * 1024
    body = CountingStream(_multipart("big.csv", b"a\n" + b"1\n" * (total // 2)))
    environ = {
        "wsgi.input": body,
        "wsgi.input_terminated": True,
        "CONTENT_LENGTH": "",
        "CONTENT_TYPE": "multipart/form-data; boundary=XyZ",
    }
    r = small_app.test_client().post("/api/files", environ_overrides=environ)
    _error(r, 413, "payload_too_large")
    assert body.consumed < total / 4  # stopped early, not after reading it all
    assert_nothing_left(small_app, settings)


def test_unknown_extension_is_415(client, app, settings):
    """A name without an accepted extension gets 415 unsupported_type."""
    for name in ["virus.exe", "../../etc/passwd", "noext", "data.csv.gz", "report.xls", ".csv"]:
        error = _error(upload(client, (csv_bytes(), name)), 415, "unsupported_type")
        assert "csv" in error["details"]["accepted"], name
        assert_nothing_left(app, settings)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


BAD_CONTENT = {
    "png named csv": (PNG, "photo.csv"),
    "png named json": (PNG, "photo.json"),
    "pdf named tsv": (b"%PDF-1.7\n...", "doc.tsv"),
    "zip named txt": (_zip({"a.txt": b"x"}), "a.txt"),
    "binary csv": (b"a,b\n1,\x00\x01\x02\n", "bin.csv"),
    "empty csv": (b"", "empty.csv"),
    "empty xlsx": (b"", "empty.xlsx"),
    "empty parquet": (b"", "empty.parquet"),
    "blank csv": (b" \n\n \r\n", "blank.csv"),
    "json not json": (b"hello world", "x.json"),
    "json broken": (b'[{"a": 1}, {"a": ', "broken.json"),
    "jsonl not objects": (b"1\n2\n", "x.jsonl"),
    "xlsx garbage": (b"PK\x03\x04" + b"garbage" * 50, "bad.xlsx"),
    "xlsx truncated": (xlsx_bytes()[:300], "cut.xlsx"),
    "xlsx not a workbook": (_zip({"hello.txt": b"hi"}), "notbook.xlsx"),
    "xlsx is a csv": (csv_bytes(), "csv.xlsx"),
    "parquet garbage": (b"PAR1" + b"\x00garbage" * 20 + b"PAR1", "bad.parquet"),
    "parquet is a csv": (csv_bytes(), "csv.parquet"),
}


def test_content_that_is_not_its_type_is_422(client, app, settings):
    """Content that cannot be read as its extension's type is refused with 422 invalid_content."""
    for case, (content, name) in BAD_CONTENT.items():
        r = upload(client, (content, name))
        assert (r.status_code, r.get_json()["error"]["code"]) == (422, "invalid_content"), case
        assert_nothing_left(app, settings)


def test_xlsx_zip_bomb_refused_without_expanding(client, app, settings, monkeypatch):
    """A zip bomb named .xlsx is refused from its declared sizes; no member is ever opened."""
    bomb = xlsx_bomb()
    assert len(bomb) < 1024 * 1024

    def never(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a member of the bomb was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    error = _error(upload(client, (bomb, "bomb.xlsx")), 422, "invalid_content")
    assert error["details"]["uncompressed_bytes"] >= 30 * 1024 * 1024
    assert_nothing_left(app, settings)


def test_one_bad_file_refuses_the_whole_request(client, app, settings):
    """Several files in one request land all together or not at all."""
    r = upload(client, (csv_bytes(), "good.csv"), (PNG, "bad.csv"))
    _error(r, 422, "invalid_content")
    assert_nothing_left(app, settings)


def _cells(client, file_id: str) -> list[list]:
    return client.get(f"/api/files/{file_id}/preview").get_json()["rows"]


@pytest.mark.parametrize(
    ("content", "rows"),
    [
        (b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n", [[1, 2, 3, None], [4, 5, None, None], [6, 7, 8, 9]]),
        ("name,city\nJosé,Zürich\n".encode("latin-1"), [["José", "Zürich"]]),
        (b"\xef\xbb\xbf" + "name,n\nJosé,1\n".encode(), [["José", 1]]),
        ("name,n\nJosé,1\n".encode() + "Müller,2\n".encode("latin-1"), None),
    ],
    ids=["ragged", "latin-1", "utf-8 bom", "mixed encodings"],
)
def test_awkward_csv_is_parsed_not_refused(client, app, settings, content, rows):
    """Ragged rows, latin-1, a UTF-8 BOM and mixed encodings are parsed into a ready file."""
    r = upload(client, (content, "awkward.csv"))
    assert r.status_code == 201, r.get_json()
    info = r.get_json()["files"][0]
    assert info["status"] == "ready"
    cells = _cells(client, info["id"])
    if rows is not None:
        assert cells == rows
    else:
        assert len(cells) == 2 and cells[1][1] == 2
    columns = client.get(f"/api/files/{info['id']}").get_json()["schema"]["columns"]
    assert columns[0]["name"] in ("a", "name")  # the BOM is not part of the first header
    assert_consistent(app, settings)


CLIENT_NAMES = [
    ("../../etc/passwd.csv", "passwd.csv", "passwd"),
    ("C:/Users/me/win.ini.csv", "win.ini.csv", "win_ini"),
    ("CON.csv", "CON.csv", "con_data"),
    ("x" * 300 + ".csv", "x" * 196 + ".csv", "x" * 55),
    ("select.csv", "select.csv", "select_data"),
    ("2024 Q1 (final).csv", "2024 Q1 (final).csv", "t_2024_q1_final"),
    ("名前.csv", "名前.csv", "table_data"),
    ("  .hidden.csv", "hidden.csv", "hidden"),
]


def test_client_file_names_are_never_paths(client, app, settings, tmp_path):
    """A hostile or odd client name is cleaned for display and never decides a path."""
    for raw, name, table in CLIENT_NAMES:
        r = upload(client, (csv_bytes(), raw))
        assert r.status_code == 201, (raw, r.get_json())
        info = r.get_json()["files"][0]
        assert (info["name"], info["table_name"]) == (name, table), raw
        (row,) = assert_consistent(app, settings)
        assert row.stored_path.endswith(f"/{row.id}.csv")
        assert client.delete(f"/api/files/{row.id}").status_code == 204
    assert not (tmp_path / "etc").exists()


def test_not_multipart_is_400(client, app, settings):
    """A JSON body where a multipart upload is expected gets 400 expected_multipart."""
    _error(client.post("/api/files", json={"file": "x"}), 400, "expected_multipart")
    assert_nothing_left(app, settings)


def test_multipart_without_file_field_is_400(client, app, settings):
    """A multipart body without a `file` part gets 400 missing_file and stores nothing."""
    r = client.post("/api/files", data={"other": (io.BytesIO(b"a\n1\n"), "x.csv")}, content_type="multipart/form-data")
    _error(r, 400, "missing_file")
    assert_nothing_left(app, settings)


def test_truncated_multipart_is_400(client, app, settings):
    """A body cut before its closing boundary gets 400 malformed_multipart; the part file is removed."""
    body = _multipart("cut.csv", csv_bytes())[:-12]
    r = client.post("/api/files", data=body, content_type="multipart/form-data; boundary=XyZ")
    _error(r, 400, "malformed_multipart")
    assert_nothing_left(app, settings)


def test_multipart_with_wrong_boundary_is_400(client, app, settings):
    """A body whose boundary never appears gets 400, not a server error."""
    r = client.post("/api/files", data=b"x" * (5 * 1024 * 1024), content_type="multipart/form-data; boundary=nope")
    _error(r, 400, "malformed_multipart")
    assert_nothing_left(app, settings)


def test_unknown_id_is_404(client):
    """Every per-file route answers 404 not_found for an unknown id."""
    for method, suffix in [("get", ""), ("get", "/preview"), ("get", "/download"), ("delete", "")]:
        r = getattr(client, method)(f"/api/files/0123456789abcdef0123456789abcdef{suffix}")
        assert (r.status_code, r.get_json()["error"]["code"]) == (404, "not_found"), (method, suffix)


BAD_BATCH_BODIES = [
    {"operation": 5, "ids": ["a"]},
    {"operation": "explode", "ids": ["a"]},
    {"operation": "delete", "ids": "a"},
    {"operation": "delete", "ids": []},
    {"operation": "delete", "ids": [1, 2]},
    {"operation": "delete", "ids": [""]},
    {"operation": "delete", "ids": ["a"] * 101},
    {"operation": "delete", "ids": [None]},
    {"ids": ["a"]},
    {"operation": "delete"},
    [],
    "delete",
]


def test_batch_wrong_types_are_422(client, app, settings):
    """Every wrong type or value in a batch body gets 422 validation_error and changes nothing."""
    file_id = upload(client, (csv_bytes(), "keep.csv")).get_json()["files"][0]["id"]
    for body in BAD_BATCH_BODIES:
        r = client.post("/api/files/batch", json=body)
        assert (r.status_code, r.get_json()["error"]["code"]) == (422, "validation_error"), body
    assert [row.id for row in assert_consistent(app, settings)] == [file_id]


def test_batch_invalid_json_is_400(client):
    """A batch body that is not JSON gets 400 invalid_json."""
    r = client.post("/api/files/batch", data=b'{"operation": "delete",', content_type="application/json")
    _error(r, 400, "invalid_json")


def test_list_bad_query_is_422(client):
    """Bad list parameters get 422 validation_error naming the field."""
    for query in ["page=0", "per_page=100000", "page=x", "sort=bogus", "type=exe", "min_size=-1", "max_size=abc"]:
        error = _error(client.get(f"/api/files?{query}"), 422, "validation_error")
        assert query.split("=")[0] in str(error["details"]), query


def test_preview_bad_query_is_422(client):
    """Bad preview parameters get 422 even for a real file."""
    file_id = upload(client, (sample("csv"), "p.csv")).get_json()["files"][0]["id"]
    for query in ["offset=-1", "limit=0", "limit=5000", "limit=abc", "offset=1.5"]:
        error = _error(client.get(f"/api/files/{file_id}/preview?{query}"), 422, "validation_error")
        assert query.split("=")[0] in str(error["details"]), query


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("GET", "/api/files?search=a%00b", {}, 422),
        ("POST", "/api/files/batch", {"json": {"operation": "delete", "ids": ["a\x00b"]}}, 422),
        ("GET", "/api/files/a%00b", {}, 404),
        ("GET", "/api/chat/conversations/a%00b", {}, 404),
        ("GET", "/api/datasources/a%00b", {}, 404),
    ],
)
def test_nul_characters_are_refused_not_a_server_error(client, method, path, kwargs, status) -> None:  # type: ignore[no-untyped-def]
    """NUL in a query, a body id or a path is a clear client error (PostgreSQL cannot store NUL)."""
    response = client.open(path, method=method, **kwargs)
    assert response.status_code == status
    assert "error" in response.json

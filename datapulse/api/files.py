"""Files (SPEC 3): streaming upload, list, FileInfo with schema, preview, download,
delete and batch delete/profile: requests parsed, answers serialized. The work itself
lives in datapulse.files (the upload service, profiling, reading a file)."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema, fields
from apiflask.scaffold import _annotate
from apiflask.validators import Length, OneOf, Range
from flask import Response, request, send_file
from flask.blueprints import BlueprintSetupState

from datapulse.api.access import check_object
from datapulse.api.pagination import PageOut, PageQuery, page_of, paginate_select
from datapulse.api.schemas.auth import VisibilityIn
from datapulse.api.services import services
from datapulse.api.validation import SegmentBut, no_nul_text
from datapulse.data.readers import TYPES
from datapulse.data.relation import DECIMALS, ENCODINGS, EXCEL_SHEET_NAME_MAX
from datapulse.errors import DataPulseError, NotFound
from datapulse.files import reading
from datapulse.files.info import FileInfo
from datapulse.files.reading import SORTS
from datapulse.files.uploads import UploadStore
from datapulse.storage.models import FileStatus

bp = APIBlueprint("files", __name__, url_prefix="/api", tag="Files")
MAX_BATCH = 100


class FileIdConverter(SegmentBut):
    """Any path segment but `batch`, so `/api/files/batch` belongs to the batch route alone
    (otherwise OPTIONS on it would also advertise GET and DELETE)."""

    reserved = "batch"


@bp.record_once
def _add_converter(state: BlueprintSetupState) -> None:
    """Runs before this blueprint's rules are added (it is recorded first)."""
    state.app.url_map.converters.setdefault("file_id", FileIdConverter)


def store() -> UploadStore:
    return services().uploads


# Schemas ------------------------------------------------------------------------------
class FileOut(Schema):
    """Serializes datapulse.files.info.FileInfo (its attributes, one to one)."""

    id = fields.String()
    name = fields.String()
    table_name = fields.String()
    size = fields.Integer()
    type = fields.String()
    checksum = fields.String()
    status = fields.String(metadata={"enum": [s.value for s in FileStatus]})
    rows = fields.Integer(allow_none=True)
    columns = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)
    created_at = fields.String()
    updated_at = fields.String(allow_none=True)
    owner_id = fields.String(allow_none=True, metadata={"description": "the owner's user id"})
    visibility = fields.String(metadata={"enum": ["private", "shared"]})


class FileDetailOut(FileOut):
    schema = fields.Dict(allow_none=True, metadata={"description": "columns: name, dtype, nulls, unique, ..."})


class UploadOut(Schema):
    files = fields.List(fields.Nested(FileOut))


class FilePageOut(PageOut):
    items = fields.List(fields.Nested(FileOut))


class FileListQuery(PageQuery):
    search = fields.String(
        validate=[Length(max=200), no_nul_text()], metadata={"description": "part of the name or table name"}
    )
    type = fields.String(validate=OneOf(TYPES))
    status = fields.String(validate=OneOf([s.value for s in FileStatus]))
    min_size = fields.Integer(validate=Range(min=0, max=2**62))
    max_size = fields.Integer(validate=Range(min=0, max=2**62))
    sort = fields.String(load_default="-created_at", validate=OneOf(list(SORTS)))


class PreviewQuery(Schema):
    offset = fields.Integer(load_default=0, validate=Range(min=0, max=2**62))
    limit = fields.Integer(load_default=50, validate=Range(min=1, max=1000))
    sort = fields.String(
        load_default=None,
        validate=[Length(min=1, max=300), no_nul_text()],
        metadata={"description": "a column to order by; `-name` for descending"},
    )
    q = fields.String(
        load_default=None,
        validate=[Length(max=200), no_nul_text()],
        metadata={"description": "only rows where some cell contains this text (case-insensitive)"},
    )


class PreviewOut(Schema):
    columns = fields.List(fields.String())
    rows = fields.List(fields.List(fields.Raw(allow_none=True)))
    total_rows = fields.Integer()
    matching_rows = fields.Integer(metadata={"description": "with `q`: how many rows match"})


class RereadIn(Schema):
    """How to read the file again (issue 12); an option left out is found by the reader,
    `{}` goes back to reading it entirely automatically."""

    delimiter = fields.String(
        validate=Length(equal=1), metadata={"description": "csv/tsv/txt: the field separator, e.g. `;` or a tab"}
    )
    decimal = fields.String(validate=OneOf(list(DECIMALS)), metadata={"description": "csv/tsv/txt: the decimal mark"})
    encoding = fields.String(validate=OneOf(list(ENCODINGS)), metadata={"description": "csv/tsv/txt"})
    header = fields.Boolean(metadata={"description": "csv/tsv/txt/xlsx: the first line names the columns"})
    sheet = fields.String(
        validate=[Length(min=1, max=EXCEL_SHEET_NAME_MAX), no_nul_text()], metadata={"description": "xlsx: the sheet"}
    )


class BatchIn(Schema):
    operation = fields.String(required=True, validate=OneOf(["delete", "profile"]))
    ids = fields.List(
        fields.String(validate=[Length(min=1, max=64), no_nul_text()]),
        required=True,
        validate=Length(min=1, max=MAX_BATCH),
    )


class BatchResult(Schema):
    id = fields.String()
    ok = fields.Boolean()
    status = fields.Integer(metadata={"description": "the HTTP status this id alone would get"})
    file = fields.Nested(FileOut, allow_none=True)
    error = fields.Dict(allow_none=True)


class BatchOut(Schema):
    operation = fields.String()
    results = fields.List(fields.Nested(BatchResult))


DOWNLOAD_RESPONSES: dict[int | str, dict[str, str | dict[str, dict[str, Any]]]] = {
    200: {
        "description": "The uploaded file",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    },
    404: {"description": "Not found"},
}


def _multipart_doc(f: Any) -> Any:
    """Document the multipart body without letting a parser read it (we stream it)."""
    schema = {
        "type": "object",
        "required": ["file"],
        "properties": {"file": {"type": "array", "minItems": 1, "items": {"type": "string", "format": "binary"}}},
    }
    _annotate(f, body=schema, content_type="multipart/form-data")
    return f


# Routes -------------------------------------------------------------------------------
@bp.post("/files")
@_multipart_doc
@bp.output(UploadOut, status_code=201)
@bp.doc(summary="Upload files (multipart, field `file`, repeatable)", responses=[201, 400, 413, 415, 422])
def upload() -> tuple[dict[str, Any], int]:
    infos = store().receive(request.stream, request.content_type, request.content_length)
    return {"files": infos}, 201


@bp.get("/files")
@bp.input(FileListQuery, location="query", arg_name="query")
@bp.output(FilePageOut)
@bp.doc(summary="List files with search, filters and sort")
def list_files(query: dict[str, Any]) -> dict[str, Any]:
    filters = {k: query.get(k) for k in ("search", "type", "status", "min_size", "max_size")}
    stmt = reading.list_select(**filters, sort=query["sort"])
    with services().db.session() as session:
        rows, total = paginate_select(session, stmt, query["page"], query["per_page"])
        items = [FileInfo.of(r) for r in rows]
    return page_of(items, total, query["page"], query["per_page"])


@bp.get("/files/<file_id:file_id>")
@bp.output(FileDetailOut)
@bp.doc(summary="One file with its schema (per-column profile)", responses=[200, 404])
def get_file(file_id: str) -> FileInfo:
    return reading.detail(services().db, file_id)


@bp.get("/files/<file_id:file_id>/preview")
@bp.input(PreviewQuery, location="query", arg_name="query")
@bp.output(PreviewOut)
@bp.doc(summary="A page of the file's rows, optionally sorted and filtered", responses=[200, 400, 404, 409])
def preview(file_id: str, query: dict[str, Any]) -> dict[str, Any]:
    svc = services()
    return reading.preview(
        svc.db,
        file_id,
        query["offset"],
        query["limit"],
        sort=query.get("sort"),
        contains=query.get("q"),
        rederive=svc.uploads.rederive,
    )


@bp.get("/files/<file_id:file_id>/download")
@bp.doc(summary="The original bytes, under the original name", responses=DOWNLOAD_RESPONSES)
def download(file_id: str) -> Response:
    found = reading.download(services().db, file_id)
    return send_file(found.path, mimetype=found.mimetype, as_attachment=True, download_name=found.name)


@bp.patch("/files/<file_id:file_id>")
@bp.input(VisibilityIn, location="json", arg_name="body")
@bp.output(FileDetailOut)
@bp.doc(summary="Share a file or make it private again (its owner or an admin)", responses=[200, 403, 404, 422])
def change_file(file_id: str, body: dict[str, Any]) -> FileInfo:
    return store().set_visibility(file_id, body["visibility"])


@bp.post("/files/<file_id:file_id>/reread")
@bp.input(RereadIn, location="json", arg_name="body")
@bp.output(FileDetailOut)
@bp.doc(
    summary="Read the file again with other options (delimiter, decimal mark, encoding, header, sheet)",
    description="Profiled in the request; options that cannot read the file answer 422 and change nothing.",
    responses=[200, 403, 404, 409, 422],
)
def reread(file_id: str, body: dict[str, Any]) -> FileInfo:
    store().reread(file_id, body)
    return reading.detail(services().db, file_id)


@bp.delete("/files/<file_id:file_id>")
@bp.output({}, status_code=204)
@bp.doc(summary="Delete a file and everything derived from it", responses=[204, 404])
def delete_file(file_id: str) -> tuple[str, int]:
    if store().delete(file_id) is None:
        raise NotFound(f"No file with id '{file_id}'.", details={"file_id": file_id})
    return "", 204


@bp.post("/files/batch")
@bp.input(BatchIn, location="json", arg_name="body")
@bp.output(BatchOut)
@bp.doc(summary="Delete or profile several files; one failure never fails the others")
def batch(body: dict[str, Any]) -> dict[str, Any]:
    results = []
    uploads = store()
    action = uploads.delete if body["operation"] == "delete" else uploads.reprofile
    for file_id in body["ids"]:
        try:
            check_object(services().db, "file_id", file_id, changes=True)
            info = action(file_id)
        except DataPulseError as exc:
            results.append({"id": file_id, "ok": False, "status": exc.status, "file": None, **exc.to_dict()})
            continue
        except Exception as exc:  # one failure must never fail the others
            err = {"code": "internal_error", "message": f"{type(exc).__name__}: {exc}", "details": {}}
            results.append({"id": file_id, "ok": False, "status": 500, "file": None, "error": err})
            continue
        if info is None:
            err = {"code": "not_found", "message": f"No file with id '{file_id}'.", "details": {"file_id": file_id}}
            results.append({"id": file_id, "ok": False, "status": 404, "file": None, "error": err})
        elif info.failed:
            err = {"code": "profile_failed", "message": info.error or "Profiling failed.", "details": {}}
            results.append({"id": file_id, "ok": False, "status": 422, "file": info, "error": err})
        else:
            status = {"delete": 204, "profile": 200 if info.ready else 202}[body["operation"]]
            results.append({"id": file_id, "ok": True, "status": status, "file": info, "error": None})
    return {"operation": body["operation"], "results": results}

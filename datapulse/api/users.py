"""Users (SPEC 11), for admins: list, create, read, change (role, password, disabled),
delete (their data deleted, or given to an admin)."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint
from sqlalchemy import or_, select

from datapulse.api.auth import user_out
from datapulse.api.pagination import page_of, paginate_select
from datapulse.api.schemas.auth import UserDeleteQuery, UserDetailOut, UserIn, UserListQuery, UserPageOut, UserPatch
from datapulse.api.services import services
from datapulse.errors import NotFound, Unprocessable
from datapulse.storage.auth_models import User
from datapulse.storage.db import contains_pattern
from datapulse.userdata import remove_user

bp = APIBlueprint("users", __name__, url_prefix="/api/users", tag="Users")


def _id(user_id: str) -> int:
    if not user_id.isdigit() or len(user_id) > 12:
        raise NotFound(f"No user with id '{user_id}'.", details={"user_id": user_id})
    return int(user_id)


@bp.get("")
@bp.input(UserListQuery, location="query", arg_name="query")
@bp.output(UserPageOut)
@bp.doc(summary="List users (admins)", responses=[200, 401, 403])
def list_users(query: dict[str, Any]) -> dict[str, Any]:
    stmt = select(User).order_by(User.id)
    if query.get("search"):
        pattern = contains_pattern(query["search"])
        stmt = stmt.where(or_(User.email.like(pattern, escape="\\"), User.name.ilike(pattern, escape="\\")))
    with services().db.session() as session:
        rows, total = paginate_select(session, stmt, query["page"], query["per_page"])
    return page_of([user_out(u) for u in rows], total, query["page"], query["per_page"])


@bp.post("")
@bp.input(UserIn, location="json", arg_name="body")
@bp.output(UserDetailOut, status_code=201)
@bp.doc(summary="Create a user (admins)", responses=[201, 401, 403, 409, 422])
def create_user(body: dict[str, Any]) -> dict[str, Any]:
    user = services().auth.create_user(body["email"], body["password"], body["role"], body.get("name", ""))
    return user_out(user)


@bp.get("/<user_id>")
@bp.output(UserDetailOut)
@bp.doc(summary="One user (admins)", responses=[200, 401, 403, 404])
def get_user(user_id: str) -> dict[str, Any]:
    with services().db.session() as session:
        user = session.get(User, _id(user_id))
    if user is None:
        raise NotFound(f"No user with id '{user_id}'.", details={"user_id": user_id})
    return user_out(user)


@bp.patch("/<user_id>")
@bp.input(UserPatch, location="json", arg_name="body")
@bp.output(UserDetailOut)
@bp.doc(
    summary="Change a user: email, name, role, password, disabled (admins)", responses=[200, 401, 403, 404, 409, 422]
)
def update_user(user_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return user_out(services().auth.update_user(_id(user_id), body))


@bp.delete("/<user_id>")
@bp.input(UserDeleteQuery, location="query", arg_name="query")
@bp.output({}, status_code=204)
@bp.doc(
    summary="Delete a user; `data=delete` deletes their data, `data=transfer&transfer_to=ID` gives it to an admin",
    responses=[204, 401, 403, 404, 409, 422],
)
def delete_user(user_id: str, query: dict[str, Any]) -> tuple[str, int]:
    get_user(user_id)  # 404 first
    heir = query.get("transfer_to")
    if query["data"] is None:
        raise Unprocessable("Choose what happens to the user's data: data=delete or data=transfer.", code="choose_data")
    if query["data"] == "transfer" and heir is None:
        raise Unprocessable("Name the admin who gets the data: transfer_to.", code="invalid_heir")
    svc = services()
    remove_user(
        svc.settings, svc.db, svc.uploads, svc.auth, _id(user_id), heir if query["data"] == "transfer" else None
    )
    return "", 204

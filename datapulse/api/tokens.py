"""Personal API tokens (SPEC 11): named, scoped read or read+write, expiring, revocable;
the token itself is in the creation answer only (its SHA-256 is what is kept)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from apiflask import APIBlueprint
from sqlalchemy import select

from datapulse.api.access import require_principal
from datapulse.api.pagination import PageQuery, page_of, paginate_select
from datapulse.api.schemas.auth import TokenCreatedOut, TokenIn, TokenPageOut
from datapulse.api.services import services
from datapulse.storage.auth_models import ApiToken

bp = APIBlueprint("tokens", __name__, url_prefix="/api/tokens", tag="Auth")
DEFAULT_LIFETIME = timedelta(days=90)


def token_out(row: ApiToken) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "prefix": row.prefix,
        "scopes": ["read", "write"] if row.can_write else ["read"],
        "created_at": row.created_at,
        "expires_at": row.expires_at,
        "last_used_at": row.last_used_at,
        "revoked": row.revoked_at is not None,
    }


@bp.get("")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(TokenPageOut)
@bp.doc(summary="My API tokens (never the tokens themselves)", responses=[200, 401])
def list_tokens(query: dict[str, Any]) -> dict[str, Any]:
    who = require_principal()
    stmt = select(ApiToken).where(ApiToken.user_id == who.user_id).order_by(ApiToken.created_at.desc())
    with services().db.session() as session:
        rows, total = paginate_select(session, stmt, query["page"], query["per_page"])
    return page_of([token_out(r) for r in rows], total, query["page"], query["per_page"])


@bp.post("")
@bp.input(TokenIn, location="json", arg_name="body")
@bp.output(TokenCreatedOut, status_code=201)
@bp.doc(summary="Create an API token; the answer holds it, once", responses=[201, 401, 403, 422])
def create_token(body: dict[str, Any]) -> dict[str, Any]:
    svc = services()
    expires = body.get("expires_at") or svc.auth.clock() + DEFAULT_LIFETIME
    scopes = sorted(set(body["scopes"]) | {"read"})
    row, text = svc.auth.create_token(require_principal(), body["name"], scopes, expires)
    return {**token_out(row), "token": text}


@bp.delete("/<token_id>")
@bp.output({}, status_code=204)
@bp.doc(summary="Revoke an API token", responses=[204, 401, 404])
def delete_token(token_id: str) -> tuple[str, int]:
    services().auth.revoke_token(require_principal(), token_id)
    return "", 204

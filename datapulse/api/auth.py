"""Sign-in (SPEC 11): `POST /api/auth/login`, `/refresh`, `/logout`, `GET /api/auth/me`.

Scripts keep the access and refresh tokens; the UI gets an HttpOnly SameSite session
cookie and sends the `csrf_token` back as `X-CSRF-Token` on every change.
"""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint
from flask import Response, jsonify, request

from datapulse import audit
from datapulse.api.access import SESSION_COOKIE, require_principal
from datapulse.api.audit import note
from datapulse.api.schemas.auth import LoginIn, MeOut, RefreshIn, SignInOut, UserOut
from datapulse.api.services import services
from datapulse.auth.service import SignIn
from datapulse.errors import Conflict, DataPulseError
from datapulse.storage.auth_models import User

bp = APIBlueprint("auth", __name__, url_prefix="/api/auth", tag="Auth")


def user_out(user: User) -> dict[str, Any]:
    return dict(UserOut().dump({**{c: getattr(user, c) for c in UserOut().fields}, "id": str(user.id)}))


def _signed_in(signin: SignIn) -> Response:
    body = {
        "user": user_out(signin.user),
        "access_token": signin.access_token,
        "refresh_token": signin.refresh_token,
        "expires_in": signin.expires_in,
        "csrf_token": signin.csrf_token,
    }
    response = jsonify(SignInOut().dump(body))
    response.set_cookie(
        SESSION_COOKIE,
        signin.session_token,
        max_age=services().settings.SESSION_TTL_S,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
        path="/",
    )
    return response


def _users_mode() -> None:
    if services().settings.auth_mode != "users":
        raise Conflict("Sign-in is off: AUTH_MODE is local (one built-in admin).", code="local_mode")


@bp.post("/login")
@bp.input(LoginIn, location="json", arg_name="body")
@bp.output(SignInOut)
@bp.doc(summary="Sign in with email and password", responses=[200, 401, 403, 409, 422, 429])
def login(body: dict[str, Any]) -> Response:
    """Every sign-in is audited, the failed ones too (they are not 2xx: no automatic entry)."""
    _users_mode()
    try:
        signin = services().auth.login(body["email"], body["password"], request.remote_addr or "")
    except DataPulseError as exc:
        email = body["email"][:254]
        note(audit.LOGIN_FAILED, status=exc.status, object_type="users", object_id=email, details={"reason": exc.code})
        raise
    note(audit.LOGIN, status=200, user_id=signin.user.id, object_type="users", object_id=signin.user.email)
    return _signed_in(signin)


@bp.post("/refresh")
@bp.input(RefreshIn, location="json", arg_name="body")
@bp.output(SignInOut)
@bp.doc(summary="A new token pair; a refresh token works once, reuse ends its sign-in", responses=[200, 401, 409, 422])
def refresh(body: dict[str, Any]) -> Response:
    _users_mode()
    return _signed_in(services().auth.refresh(body["refresh_token"]))


@bp.post("/logout")
@bp.output({}, status_code=204)
@bp.doc(summary="End this sign-in (its session, access and refresh tokens)", responses=[204, 401])
def logout() -> Response:
    if request.get_data(cache=True) and request.is_json:
        request.get_json()  # a body is not needed, but a broken one is still refused (400)
    services().auth.logout(require_principal())
    response = Response(status=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@bp.get("/me")
@bp.output(MeOut)
@bp.doc(summary="Who am I, with my role (and the CSRF token of my session)", responses=[200, 401])
def me() -> dict[str, Any]:
    who = require_principal()
    svc = services()
    mode = svc.settings.auth_mode
    scopes = ["read", "write"] if who.write_scope else ["read"]
    if who.user_id is None:
        return {
            "id": "local",
            "email": "",
            "name": "local",
            "role": who.role,
            "disabled": False,
            "auth_mode": mode,
            "csrf_token": None,
            "scopes": scopes,
        }
    with svc.db.session() as session:
        user = session.get(User, who.user_id)
    assert user is not None  # authenticated this very request
    csrf = svc.auth.csrf_token(who.family_id) if who.via == "session" and who.family_id else None
    return {**user_out(user), "auth_mode": mode, "csrf_token": csrf, "scopes": scopes}

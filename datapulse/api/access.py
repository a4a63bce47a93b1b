"""Who is asking, and may they (SPEC 11): run before every view, after the Host/Origin guard.

1. The credentials: `Authorization: Bearer <access token | API token>`, or the session
   cookie (then an unsafe method also needs `X-CSRF-Token`). The principal goes on
   `flask.g.principal` and into `datapulse.auth.principal.current`, which scopes every
   ORM query of the request (datapulse.auth.access). In `local` mode it is the built-in
   admin and nothing is asked.
2. The route: public ones answer anyone; admin ones only admins; an unsafe method needs
   a writing role and scope, except the reads and questions listed below.
3. The objects in the URL (`file_id`, `run_id`, ...): another user's private one is 404;
   changing one that is not yours (and you no admin) is 403.
"""

from __future__ import annotations

import hmac
from typing import Any

from apiflask import APIFlask
from flask import g, request

from datapulse.api.guards import SAFE_METHODS
from datapulse.auth.access import OWNED, access_of, can_change, can_read
from datapulse.auth.principal import LOCAL_ADMIN, VIEWER, Principal, current
from datapulse.auth.service import API_TOKEN_PREFIX, SESSION_COOKIE, AuthService
from datapulse.errors import Forbidden, NotFound, Unauthorized
from datapulse.settings import Settings
from datapulse.storage.db import Database

CSRF_HEADER = "X-CSRF-Token"

# Answer without credentials: health, the UI's settings, the docs, the UI, signing in.
PUBLIC = frozenset(
    {
        "health.health",
        "health.dependencies",
        "health_root.root_health",
        "system.frontend_config",
        "openapi.spec",
        "openapi.docs",
        "openapi.swagger_ui_oauth_redirect",
        "docs_asset",
        "ui",
        "static",
        "auth.login",
        "auth.refresh",
    }
)
# Only for admins.
ADMIN_ONLY_BLUEPRINTS = frozenset({"users", "audit"})
# Unsafe methods that only read: allowed to viewers and to read-only API tokens.
READ_POSTS = frozenset({"query.query", "plugins.detect_functions", "batch.batch", "auth.logout"})
# Asking questions (a viewer's own conversations), and a viewer's own API tokens.
ASK_POSTS = frozenset(
    {
        "chat.create_conversation",
        "chat.post_message",
        "chat.batch",
        "chat.cancel_run",
        "chat.delete_conversation",
        "chat.update_conversation",
        "tokens.create_token",
        "tokens.delete_token",
    }
)
# Unsafe routes that use an object of the URL without changing it (reading is enough).
USES = {"plugins.execute": "plugin_id"}
OBJECT_ARGS = (*OWNED, "run_id")
NAMES = {
    "file_id": "file",
    "datasource_id": "data source",
    "conversation_id": "conversation",
    "run_id": "run",
    "assistant_id": "assistant",
    "plugin_id": "plugin",
    "template_id": "template",
    "execution_id": "plugin execution",
}


def principal() -> Principal | None:
    """The principal of the current request (None: not signed in)."""
    found: Principal | None = getattr(g, "principal", None)
    return found


def require_principal() -> Principal:
    found = principal()
    if found is None:
        raise Unauthorized("Sign in first.", code="unauthorized")
    return found


def authenticate(auth: AuthService) -> Principal | None:
    """The principal the request's credentials prove, None without any; raises on bad ones."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("Use `Authorization: Bearer <token>`.", code="invalid_token")
        if token.startswith(API_TOKEN_PREFIX):
            return auth.authenticate_api_token(token)
        return auth.authenticate_jwt(token, "access")
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    found = auth.authenticate_jwt(cookie, "session")
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not found.family_id or not hmac.compare_digest(sent, auth.csrf_token(found.family_id)):
            raise Forbidden(
                f"A signed-in browser must send the {CSRF_HEADER} header on changes.",
                code="csrf_failed",
            )
    return found


def check_route(who: Principal, endpoint: str, method: str) -> None:
    """The role and scope a route needs."""
    if endpoint.split(".", 1)[0] in ADMIN_ONLY_BLUEPRINTS and not who.is_admin:
        raise Forbidden("Only admins may do this.", code="admin_only")
    if method in SAFE_METHODS or endpoint in READ_POSTS:
        return
    if not who.write_scope:
        raise Forbidden("This API token may only read.", code="insufficient_scope")
    if who.role == VIEWER and endpoint not in ASK_POSTS:
        raise Forbidden("Viewers may read and ask, not change data.", code="role_forbidden")


def check_objects(db: Database, who: Principal, endpoint: str, method: str, args: dict[str, Any]) -> None:
    """Each owned object named in the URL: unseen → 404; changed by someone else → 403."""
    if who.is_admin:
        return
    present = [arg for arg in OBJECT_ARGS if isinstance(args.get(arg), str)]
    if not present:
        return
    rule = request.url_rule.rule if request.url_rule else ""
    present.sort(key=lambda arg: rule.find(f"{arg}>"))  # the first one is what a change targets
    with db.session() as session:
        for arg in present:
            object_id = args[arg]
            found = access_of(session, arg, object_id)
            if found is None:
                continue  # the view answers its own 404
            owner_id, visibility = found
            if not can_read(who, owner_id, visibility):
                raise NotFound(f"No {NAMES[arg]} with id '{object_id}'.", details={arg: object_id})
            changes = method not in SAFE_METHODS and arg == present[0] and USES.get(endpoint) != arg
            if changes and not can_change(who, owner_id):
                raise Forbidden(f"Only the owner of this {NAMES[arg]} (or an admin) may change it.", code="not_owner")


def check_object(db: Database, arg: str, object_id: str, changes: bool) -> None:
    """The same check for an object named in a body (a batch's ids): 404 unseen, 403 not yours."""
    who = principal()
    if who is None or who.is_admin:
        return
    with db.session() as session:
        found = access_of(session, arg, object_id)
    if found is None:
        return
    if not can_read(who, *found):
        raise NotFound(f"No {NAMES[arg]} with id '{object_id}'.", details={arg: object_id})
    if changes and not can_change(who, found[0]):
        raise Forbidden(f"Only the owner of this {NAMES[arg]} (or an admin) may change it.", code="not_owner")


def init_app(app: APIFlask, settings: Settings, auth: AuthService, db: Database) -> None:
    users_mode = settings.auth_mode == "users"

    @app.before_request
    def _who_is_asking() -> None:
        if not users_mode:
            g.principal = LOCAL_ADMIN
            g.principal_token = current.set(LOCAL_ADMIN)
            return
        endpoint = request.endpoint or ""
        public = endpoint in PUBLIC or request.method == "OPTIONS" or request.url_rule is None
        try:
            who = authenticate(auth)
        except (Unauthorized, Forbidden):
            if not public:
                raise
            who = None
        g.principal = who
        g.principal_token = current.set(who)
        if public:
            return
        if who is None:
            raise Unauthorized("Sign in first, or send `Authorization: Bearer <token>`.", code="unauthorized")
        check_route(who, endpoint, request.method)
        check_objects(db, who, endpoint, request.method, request.view_args or {})

    @app.teardown_request
    def _forget(_exc: BaseException | None) -> None:
        token = g.pop("principal_token", None)
        if token is not None:
            try:
                current.reset(token)
            except ValueError:  # torn down in another context (a finished stream): nothing to undo
                pass

"""The authorization matrix (SPEC 11), generated from the Flask URL map: every route ×
{no credentials, viewer, analyst owner, analyst not owner, admin} × {private, shared
object}, each answer checked against what its row of RULES says: 401, 403, 404 or
allowed (past authorization: any status but 401, 403 and 404; a body of `{}` makes the
changing routes stop at validation, so only DELETE really changes, and the objects are
made again after each allowed DELETE). A route without a row fails the test."""

from __future__ import annotations

import uuid
from typing import Any

from datapulse.storage.models import PRIVATE, SHARED, Conversation, DataSource, Run, StoredFile
from datapulse.storage.plugin_models import Assistant, AssistantPlugin, Plugin, PluginExecution, Template
from tests.auth.conftest import Team, upload_csv

PUBLIC = "public"  # anyone, signed in or not
SIGNED = "signed"  # any signed-in user (reads; and what a viewer may post: SQL, questions, own tokens)
CREATE = "create"  # makes new data: analysts and admins
ADMIN = "admin"  # admins only
READ = "read"  # reads the object in the URL
CHANGE = "change"  # changes the object in the URL (role first: a viewer gets 403)
ASK = "ask"  # changes a conversation or run (viewers may, on their own)
USE = "use"  # uses the object without changing it (a plugin run by an analyst)
# Routes whose allowed answer may be a 404 of their own (no image yet; an unknown token;
# Flask's static folder, which the platform does not use; a source without data yet).
# A 404 of theirs counts as allowed only when it is not the "No <kind> with id" of a refusal.
OWN_404 = {"plugins.execution_image", "tokens.delete_token", "static", "datasources.datasource_data"}

RULES: dict[str, str] = {
    "ui": PUBLIC,
    "static": PUBLIC,
    "docs_asset": PUBLIC,
    "openapi.spec": PUBLIC,
    "openapi.docs": PUBLIC,
    "openapi.swagger_ui_oauth_redirect": PUBLIC,
    "health.health": PUBLIC,
    "health.dependencies": PUBLIC,
    "health_root.root_health": PUBLIC,
    "system.frontend_config": PUBLIC,
    "auth.login": PUBLIC,
    "auth.refresh": PUBLIC,
    "auth.me": SIGNED,
    "auth.logout": SIGNED,
    "tokens.list_tokens": SIGNED,
    "tokens.create_token": SIGNED,
    "tokens.delete_token": SIGNED,
    "agents.list_agents": SIGNED,
    "agents.agents_health": SIGNED,
    "system.system_metrics": SIGNED,
    "files.list_files": SIGNED,
    "datasources.list_datasources": SIGNED,
    "chat.list_conversations": SIGNED,
    "chat.search": SIGNED,
    "assistants.list_assistants": SIGNED,
    "assistants.list_templates": SIGNED,
    "plugins.list_plugins": SIGNED,
    "plugins.list_executions": SIGNED,
    "query.query": SIGNED,
    "query.tables": SIGNED,
    "plugins.detect_functions": SIGNED,
    "batch.batch": SIGNED,
    "chat.create_conversation": SIGNED,
    "chat.batch": SIGNED,
    "files.upload": CREATE,
    "files.batch": CREATE,
    "datasources.create_datasource": CREATE,
    "datasources.test_datasource": CREATE,
    "assistants.create_assistant": CREATE,
    "assistants.create_template": CREATE,
    "assistants.import_template": CREATE,
    "plugins.create_plugin": CREATE,
    "plugins.chat_execute": CREATE,
    "users.list_users": ADMIN,
    "users.create_user": ADMIN,
    "users.get_user": ADMIN,
    "users.update_user": ADMIN,
    "users.delete_user": ADMIN,
    "audit.list_audit": ADMIN,
    "files.get_file": READ,
    "files.preview": READ,
    "files.download": READ,
    "datasources.get_datasource": READ,
    "datasources.datasource_data": READ,
    "datasources.datasource_versions": READ,
    "chat.get_conversation": READ,
    "chat.export": READ,
    "chat.get_run": READ,
    "chat.run_events": READ,
    "assistants.get_assistant": READ,
    "assistants.list_assignments": READ,
    "assistants.get_template": READ,
    "assistants.export_template": READ,
    "plugins.get_plugin_route": READ,
    "plugins.stats": READ,
    "plugins.get_execution": READ,
    "plugins.execution_image": READ,
    "files.change_file": CHANGE,
    "files.reread": CHANGE,
    "files.delete_file": CHANGE,
    "datasources.update_datasource": CHANGE,
    "datasources.change_datasource": CHANGE,
    "datasources.delete_datasource": CHANGE,
    "datasources.refresh_datasource": CHANGE,
    "assistants.update_assistant": CHANGE,
    "assistants.delete_assistant": CHANGE,
    "assistants.assign_plugin": CHANGE,
    "assistants.change_assignment": CHANGE,
    "assistants.unassign_plugin": CHANGE,
    "assistants.update_template": CHANGE,
    "assistants.delete_template": CHANGE,
    "plugins.update_plugin": CHANGE,
    "plugins.delete_plugin": CHANGE,
    "chat.post_message": ASK,
    "chat.cancel_run": ASK,
    "chat.delete_conversation": ASK,
    "chat.update_conversation": ASK,
    "plugins.execute": USE,
}
PEOPLE = (None, "viewer", "owner", "other", "admin")


def expected(rule: str, who: str | None, visibility: str) -> str:
    """SPEC 11 for one cell: "401", "403", "404" or "ok"."""
    if rule == PUBLIC:
        return "ok"
    if who is None:
        return "401"
    if rule == ADMIN:
        return "ok" if who == "admin" else "403"
    if rule == SIGNED:
        return "ok"
    if rule == CREATE:
        return "403" if who == "viewer" else "ok"
    if who in ("owner", "admin"):
        return "ok"
    hidden = visibility == PRIVATE
    if rule == READ:
        return "404" if hidden else "ok"
    if rule == CHANGE and who == "viewer":
        return "403"
    if rule == USE:
        return "403" if who == "viewer" else "404" if hidden else "ok"
    return "404" if hidden else "403"  # CHANGE by another analyst, ASK by anyone else


def build_world(team: Team, visibility: str, file_id: str | None = None) -> dict[str, str]:
    """One of each owned object, the owner's, all with `visibility`: the file uploaded
    (once, unless it was deleted), the rest straight into the database (fast)."""
    key = str(team.ids["owner"])
    file_id = file_id or upload_csv(team, "owner")
    with team.platform.db.session() as session:
        source = DataSource(owner_id=key, name="src", type="file", config={"file_id": file_id})
        source.table_name = f"src_{uuid.uuid4().hex[:12]}"
        conv = Conversation(owner_id=key, title="c", file_ids=[file_id])
        session.add_all([source, conv])
        session.flush()
        run = Run(owner_id=key, conversation_id=conv.id, question="q", status="completed")
        assistant = Assistant(owner_id=key, name="helper")
        template = Template(owner_id=key, name="tpl")
        plugin = Plugin(owner_id=key, name=f"p-{uuid.uuid4().hex}", kind="http", manifest={"functions": []})
        session.add_all([run, assistant, template, plugin])
        session.flush()
        execution = PluginExecution(owner_id=key, plugin_id=plugin.id, function_name="f", status="completed")
        session.add_all([execution, AssistantPlugin(assistant_id=assistant.id, plugin_id=plugin.id)])
        session.flush()
        ids = {"file_id": file_id, "datasource_id": source.id, "conversation_id": conv.id, "run_id": run.id}
        ids |= {"assistant_id": assistant.id, "template_id": template.id}
        ids |= {"plugin_id": plugin.id, "execution_id": execution.id}
        for model in (StoredFile, DataSource, Conversation, Assistant, Template, Plugin, PluginExecution):
            session.query(model).filter(model.owner_id == key).update({"visibility": visibility})
    return ids


def fill(rule: str, world: dict[str, str], team: Team) -> str:
    values = {
        **world,
        "user_id": str(team.ids["viewer"]),
        "token_id": "no-such-token",
        "path": "favicon.ico",
        "ui_path": "favicon.ico",
        "filename": "x.css",
        "name": "swagger-ui.css",
    }
    out = rule
    for name, value in values.items():
        for form in (f"<{name}>", f"<string:{name}>", f"<path:{name}>", f"<ui_path:{name}>", f"<{name}:{name}>"):
            out = out.replace(form, value)
    assert "<" not in out, out
    return out


def call(team: Team, method: str, path: str, who: str | None) -> tuple[int, str]:
    kwargs: dict[str, Any] = {"headers": team.headers(who), "buffered": False}
    if method in ("POST", "PUT", "PATCH"):
        kwargs["json"] = {}
    answer = team.client.open(path, method=method, **kwargs)
    status = int(answer.status_code)
    message = ""
    if status == 404 and answer.mimetype == "application/json":
        message = answer.get_json()["error"]["message"]
    answer.close()  # a stream (SSE) is not read
    return status, message


def routes(app: Any) -> list[tuple[str, str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, rule.rule, method))
    return sorted(found)


def test_every_route_has_a_rule(users_app: Any) -> None:
    missing = sorted({endpoint for endpoint, _rule, _method in routes(users_app) if endpoint not in RULES})
    assert not missing, f"add these routes to RULES in {__file__}: {missing}"
    stale = sorted(set(RULES) - {endpoint for endpoint, _r, _m in routes(users_app)})
    assert not stale, f"rules of routes that no longer exist: {stale}"


def test_authorization_matrix(team: Team, users_app: Any) -> None:
    wrong: list[str] = []
    cells = 0
    for visibility in (PRIVATE, SHARED):
        world = build_world(team, visibility)
        for endpoint, rule, method in routes(users_app):
            kind = RULES[endpoint]
            for who in PEOPLE:
                path = fill(rule, world, team)
                status, message = call(team, method, path, who)
                cells += 1
                want = expected(kind, who, visibility)
                refused = status == 404 and any(f"with id '{i}'" in message for i in world.values())
                ok = status not in (401, 403, 404) or (status == 404 and endpoint in OWN_404 and not refused)
                if (want == "ok" and not ok) or (want != "ok" and str(status) != want):
                    wrong.append(f"{method} {path} as {who} ({visibility}): {status}, want {want}")
                if endpoint == "auth.logout" and who is not None:  # signed out: sign in again
                    team.tokens[who] = team.login(f"{who}@example.com").get_json()["access_token"]
                    team.client.delete_cookie("datapulse_session", path="/")
                if method == "DELETE" and ok and kind != ADMIN:  # it may be gone: the next one needs it
                    world = build_world(team, visibility, None if endpoint == "files.delete_file" else world["file_id"])
    assert not wrong, f"{len(wrong)} of {cells} cells:\n" + "\n".join(wrong)
    assert cells > 500

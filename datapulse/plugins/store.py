"""Stored plugins: create, change, delete, list, and what a caller may see of them (the
manifest without the secret). Built-in plugins are written to the table at start-up so
that assignments and the execution log refer to them like to any other."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from datapulse.errors import Conflict, NotFound, Unprocessable
from datapulse.events import iso
from datapulse.plugins.manifest import check_manifest, check_shape
from datapulse.plugins.registry import PluginFailure, PluginRegistry, PluginSpec, builtin_id
from datapulse.plugins.secrets import SecretBox
from datapulse.settings import Settings
from datapulse.storage.db import Database
from datapulse.storage.plugin_models import PRIVATE, Plugin

HIDDEN = ("auth", "visibility")


def plugin_dict(plugin: Plugin) -> dict[str, Any]:
    manifest = {k: v for k, v in plugin.manifest.items() if k not in HIDDEN}
    if plugin.manifest.get("auth"):
        manifest["auth"] = {"header": plugin.manifest["auth"]["header"], "secret_set": plugin.secret is not None}
    return {
        "id": plugin.id,
        "name": plugin.name,
        "description": plugin.description,
        "kind": plugin.kind,
        "is_builtin": plugin.is_builtin,
        "functions": plugin.manifest.get("functions", []),
        "manifest": manifest,
        "owner_id": plugin.owner_id,
        "visibility": plugin.visibility,
        "created_at": iso(plugin.created_at),
        "updated_at": iso(plugin.updated_at),
    }


def get_plugin(session: Session, plugin_id: str) -> Plugin:
    plugin = None if "\x00" in plugin_id else session.get(Plugin, plugin_id)
    if plugin is None:
        raise NotFound(f"No plugin with id '{plugin_id}'.", details={"plugin_id": plugin_id})
    return plugin


def sync_builtins(db: Database, registry: PluginRegistry) -> None:
    """Insert or refresh the row of every built-in plugin. No autoflush: a worker starting
    beside another must meet the other's rows at the one flush below, not at a `get`."""
    with db.session() as session, session.no_autoflush:
        for manifest in registry.builtin_manifests():
            row = session.get(Plugin, builtin_id(manifest["name"]))
            if row is None:
                row = Plugin(id=builtin_id(manifest["name"]), name=manifest["name"], kind="builtin", is_builtin=True)
                row.visibility = "shared"
                session.add(row)
            row.description = manifest["description"]
            row.manifest = manifest
        try:
            session.flush()
        except IntegrityError:  # another worker inserted them first
            session.rollback()


class PluginStore:
    def __init__(self, db: Database, settings: Settings, registry: PluginRegistry, box: SecretBox) -> None:
        self.db, self.settings, self.registry, self.box = db, settings, registry, box

    def prepared(self, manifest: Any) -> tuple[dict[str, Any], str | None]:
        """(stored manifest, sealed secret): validated, addresses checked, MCP tools discovered."""
        from datapulse.datasources import guard

        manifest = dict(check_manifest(manifest))
        if manifest["kind"] == "builtin":
            raise Unprocessable(
                "Built-in plugins ship with the platform and cannot be created.",
                code="validation_error",
                details={"fields": {"kind": ["use http or mcp"]}},
            )
        allowlist = guard.Allowlist(self.settings.PLUGIN_ALLOWLIST)
        for key in ("endpoint", "url"):
            if manifest.get(key):
                guard.check_at_creation(manifest[key], allowlist)
        secret = None
        if manifest.get("auth"):
            secret = self.box.seal(manifest["auth"]["secret"])
            manifest["auth"] = {"header": manifest["auth"]["header"]}
        if manifest["kind"] == "mcp":
            if manifest.get("command"):
                from datapulse.plugins.mcp_kind import check_command

                check_command(manifest["command"], self.settings)
            spec = PluginSpec(id="new", name=manifest["name"], kind="mcp", manifest=manifest)
            try:
                manifest["functions"] = self.registry.kind("mcp").discover(spec, self.settings)
            except PluginFailure as exc:
                raise Unprocessable(
                    f"The MCP server's tools could not be discovered: {exc.message}", code="plugin_unreachable"
                ) from exc
        return manifest, secret

    def create(self, manifest: Any) -> dict[str, Any]:
        stored, secret = self.prepared(manifest)
        with self.db.session() as session:
            if session.scalar(select(Plugin.id).where(Plugin.name == stored["name"])):
                raise Conflict(f"A plugin named '{stored['name']}' exists.", code="plugin_exists")
            plugin = Plugin(
                name=stored["name"],
                description=stored.get("description", ""),
                kind=stored["kind"],
                manifest=stored,
                secret=secret,
                visibility=stored.pop("visibility", PRIVATE),
            )
            session.add(plugin)
            session.flush()
            return plugin_dict(plugin)

    def update(self, plugin_id: str, manifest: Any) -> dict[str, Any]:
        check_shape(manifest)  # a malformed body is a 422 whatever the id
        with self.db.session() as session:
            plugin = get_plugin(session, plugin_id)
            if plugin.is_builtin:
                raise Conflict("Built-in plugins cannot be changed.", code="builtin_plugin")
            keep_secret = isinstance(manifest, dict) and "auth" not in manifest and plugin.manifest.get("auth")
            stored, secret = self.prepared(manifest)
            if keep_secret:
                stored["auth"], secret = plugin.manifest["auth"], plugin.secret
            if stored["name"] != plugin.name and session.scalar(select(Plugin.id).where(Plugin.name == stored["name"])):
                raise Conflict(f"A plugin named '{stored['name']}' exists.", code="plugin_exists")
            plugin.visibility = stored.pop("visibility", plugin.visibility)
            plugin.name, plugin.description, plugin.kind = stored["name"], stored.get("description", ""), stored["kind"]
            plugin.manifest, plugin.secret = stored, secret
            session.flush()
            return plugin_dict(plugin)

    def delete(self, plugin_id: str) -> None:
        with self.db.session() as session:
            plugin = get_plugin(session, plugin_id)
            if plugin.is_builtin:
                raise Conflict("Built-in plugins cannot be deleted.", code="builtin_plugin")
            session.delete(plugin)

    def spec(self, plugin_id: str, config: dict[str, Any] | None = None) -> PluginSpec:
        with self.db.session() as session:
            plugin = get_plugin(session, plugin_id)
            secret = self.box.open(plugin.secret) if plugin.secret else None
            return PluginSpec(plugin.id, plugin.name, plugin.kind, dict(plugin.manifest), secret, dict(config or {}))

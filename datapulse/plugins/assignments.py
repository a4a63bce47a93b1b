"""What detection may call for an assistant: the functions of its enabled plugins, in
assignment order, with each assignment's parameter defaults (`config_override.parameters`).
The analysis tools are left to the planner."""

from __future__ import annotations

from sqlalchemy import select

from datapulse.assistants.service import get_assistant
from datapulse.plugins.detect import Candidate
from datapulse.plugins.registry import PluginRegistry
from datapulse.storage.db import Database
from datapulse.storage.plugin_models import AssistantPlugin, Plugin


def enabled_candidates(db: Database, registry: PluginRegistry, assistant_id: str) -> list[Candidate]:
    out = []
    with db.session() as session:
        get_assistant(session, assistant_id)
        rows = session.execute(
            select(AssistantPlugin, Plugin)
            .join(Plugin, Plugin.id == AssistantPlugin.plugin_id)
            .where(AssistantPlugin.assistant_id == assistant_id, AssistantPlugin.is_enabled.is_(True))
            .order_by(AssistantPlugin.sort_order, AssistantPlugin.created_at)
        ).all()
        for link, plugin in rows:
            if plugin.is_builtin and plugin.name in registry.builtins and not plugin.manifest.get("keywords"):
                continue
            defaults = dict((link.config_override or {}).get("parameters", {}))
            keywords = tuple(plugin.manifest.get("keywords", []))
            for function in plugin.manifest.get("functions", []):
                kw = keywords + tuple(function.get("keywords", []))
                out.append(Candidate(plugin.id, plugin.name, kw, function, defaults))
    return out


def assistant_planner(db: Database, assistant_id: str) -> str:
    """The assistant's planner field ('rules' or 'llm'): whether detection may ask the model."""
    with db.session() as session:
        return str(get_assistant(session, assistant_id).planner or "rules")

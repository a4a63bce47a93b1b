"""What every request handler needs, built once per app and reached through `services()`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from datapulse.bus.base import EventBus
from datapulse.settings import Settings
from datapulse.storage.db import Database

EXTENSION_KEY = "datapulse"


@dataclass
class Services:
    settings: Settings
    db: Database
    bus: EventBus
    # Subsystems register their long-lived helpers here by name (the query engine,
    # the run executor, the refresh scheduler ...), each in its own init_app.
    components: dict[str, Any] = field(default_factory=dict)

    def component(self, name: str) -> Any:
        return self.components[name]


def services() -> Services:
    return current_app.extensions[EXTENSION_KEY]  # type: ignore[no-any-return]

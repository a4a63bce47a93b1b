"""Imported by the fork server (`datapulse.data.pool.PRELOAD`) when chat runs compute in
child processes: the agents' imports and warm-up (patterns, the dictionary) done once
there, shared by every child forked from it. Importing it anywhere else warms this
process the same way; nothing else happens at import."""

from __future__ import annotations

from datapulse.agents.engine import warm_up

warm_up()

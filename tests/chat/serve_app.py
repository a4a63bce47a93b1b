"""Serve the API with the scripted (slow) agents in its own process, configured by the
environment: what the kill-and-restart test starts, kills and starts again."""

from __future__ import annotations

import os

from werkzeug.serving import make_server

from datapulse.api.app import create_app
from datapulse.settings import load_settings
from tests.chat.helpers import AGENTS, ScriptedAgents


def main() -> None:
    settings = load_settings(env_file=None, overrides={"CHAT_STEP_DELAY": os.environ.get("CHAT_STEP_DELAY", "0.3")})
    app = create_app(settings)
    platform = app.extensions["datapulse"]
    platform.executor.analyse = ScriptedAgents()
    platform.executor.list_agents = lambda: list(AGENTS)
    platform.start()
    httpd = make_server(settings.HOST, settings.FLASK_PORT, app, threaded=True)
    print("ready", flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()

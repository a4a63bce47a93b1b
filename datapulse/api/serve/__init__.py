"""How the API is served: gunicorn (`gunicorn_conf`) or Flask's server (`devserver`).

The names here are what the launcher runs; the standby handshake is shared by
`gunicorn_conf` (which waits) and the launcher (which promotes). This module imports
nothing heavy: the launcher reads it without loading the API.
"""

from __future__ import annotations

GUNICORN_CONFIG = "python:datapulse.api.serve.gunicorn_conf"
# Gunicorn loads the factory in each worker; its worker hooks start and stop the platform.
APP_FACTORY = "datapulse.api.app:create_app()"
DEVSERVER_MODULE = "datapulse.api.serve.devserver"
STANDBY_ENV = "DATAPULSE_STANDBY"
STANDBY_READY = "datapulse-standby: ready"

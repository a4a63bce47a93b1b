"""What the platform's processes share: the names of the API's entry points that the
launcher runs, the standby handshake between gunicorn's standby and the launcher, and
(in `lifeline`) the parent-death hook of every child. Both the API's serving modules and
the launcher import it; it imports nothing, so the launcher reads it without loading
the API.
"""

from __future__ import annotations

GUNICORN_CONFIG = "python:datapulse.api.serve.gunicorn_conf"
# Gunicorn loads the factory in each worker; its worker hooks start and stop the platform.
APP_FACTORY = "datapulse.api.app:create_app()"
DEVSERVER_MODULE = "datapulse.api.serve.devserver"
STANDBY_ENV = "DATAPULSE_STANDBY"
STANDBY_READY = "datapulse-standby: ready"

"""Starts DataPulse (placeholder until the supervised launcher lands: API only)."""

from datapulse.api.app import create_app
from datapulse.settings import load_settings

if __name__ == "__main__":
    settings = load_settings()
    create_app(settings).run(host=settings.HOST, port=settings.FLASK_PORT)

"""WSGI entry point: `gunicorn -k gevent app:app`."""

from datapulse.api.app import create_app

app = create_app()

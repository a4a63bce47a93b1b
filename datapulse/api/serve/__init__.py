"""How the API is served: gunicorn (`gunicorn_conf`) or Flask's server (`devserver`).

The names the launcher runs, and the standby handshake both sides share, live in
datapulse.processes: the launcher reads them there without importing the API.
"""

"""Process supervision for `run_server.py`: child specs, the supervisor loop, the CLI."""

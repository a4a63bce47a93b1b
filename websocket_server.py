"""`python websocket_server.py [--host H] [--port P]`: the WebSocket server alone (SPEC 6)."""

from __future__ import annotations

import argparse
import logging
import sys

from datapulse.realtime.server import run
from datapulse.settings import SettingsError, load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="DataPulse WebSocket server")
    parser.add_argument("--host", help="address to listen on (default: HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (default: WS_PORT)")
    args = parser.parse_args(argv)
    overrides = {k: v for k, v in {"HOST": args.host, "WS_PORT": args.port}.items() if v is not None}
    try:
        settings = load_settings(overrides=overrides)
        problems = settings.validate()
        if problems:
            raise SettingsError(problems)
    except SettingsError as exc:
        print(f"websocket_server.py: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if settings.LOG_LEVEL != "DEBUG":  # one line per connection and per health poll is noise
        logging.getLogger("websockets").setLevel(logging.WARNING)
    return run(settings)


if __name__ == "__main__":
    sys.exit(main())

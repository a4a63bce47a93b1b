"""A stand-in child for the supervisor's generic behaviours (not the platform's servers).

python standin.py exit            print a line and exit 3 at once
python standin.py serve PORT      answer GET /health with JSON until SIGTERM
python standin.py stubborn PORT   like serve, but ignore SIGTERM, with a helper
                                  process in its group that ignores it too
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        body = json.dumps({"status": "healthy"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    mode = sys.argv[1]
    print(f"standin {mode} starting", flush=True)
    if mode == "exit":
        sys.exit(3)
    if mode == "stubborn":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        helper = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('helper up', flush=True)"
        subprocess.Popen([sys.executable, "-c", helper + "; time.sleep(600)"])
    HTTPServer(("127.0.0.1", int(sys.argv[2])), Health).serve_forever()


if __name__ == "__main__":
    main()

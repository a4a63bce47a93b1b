"""Runs the real Supervisor (real processes, real signals) over the children given as JSON.

    python harness.py '[{"name": "a", "argv": [...], "health_url": "..."}]'

Exit code and failure message as run_server.py's: the launcher minus the platform specs.
"""

from __future__ import annotations

import json
import sys

from datapulse.launcher.specs import ChildSpec
from datapulse.launcher.supervisor import Supervisor


def main() -> int:
    specs = [ChildSpec(d["name"], tuple(d["argv"]), health_url=d.get("health_url")) for d in json.loads(sys.argv[1])]
    supervisor = Supervisor(specs)
    supervisor.install_signal_handlers()
    code = supervisor.run()
    if code and supervisor.failure:
        print(f"harness: {supervisor.failure}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())

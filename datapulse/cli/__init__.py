"""`datapulse`: the management CLI (SPEC 13), one module per command group.

Exit codes, for every command unless its own help says more:
  0  done (or, for read commands, all is well)
  1  the command could not do what was asked (bad configuration, refused, failed)
  2  wrong usage (unknown option, missing argument)
"""

from __future__ import annotations

import sys

from datapulse.cli import (
    cleanup_cmd,
    config_cmd,
    db_cmd,
    deploy_cmd,
    health_cmd,
    logs_cmd,
    services_cmd,
    users_cmd,
)
from datapulse.cli.base import cli

for _module in (users_cmd, config_cmd, db_cmd, health_cmd, services_cmd, logs_cmd, cleanup_cmd, deploy_cmd):
    cli.add_command(_module.group)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script and of `python -m datapulse`."""
    try:
        cli.main(args=argv, prog_name="datapulse", standalone_mode=True)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


__all__ = ["cli", "main"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""`python config.py --check | --summary | --export FILE | --frontend` (SPEC 8)."""

from __future__ import annotations

import argparse
import json
import os
import sys

from datapulse.settings import SETTINGS, SettingsError, load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="config.py", description="DataPulse settings")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="validate and exit (1 when invalid)")
    group.add_argument("--summary", action="store_true", help="print every setting, secrets masked")
    group.add_argument("--export", metavar="FILE", help="write settings as .env lines, secrets masked")
    group.add_argument("--frontend", action="store_true", help="print the JSON the UI reads")
    parser.add_argument("--env-file", default=".env", help="the .env file to read (default: .env)")
    args = parser.parse_args(argv)
    try:
        settings = load_settings(env_file=args.env_file)
    except SettingsError as exc:
        print("configuration error:\n  - " + "\n  - ".join(exc.problems), file=sys.stderr)
        return 1
    if args.frontend:
        print(json.dumps(settings.frontend(), indent=2))
        return 0
    if args.export:
        lines = [f"# {s.help}\n{s.name}={settings.summary()[s.name]}" for s in SETTINGS]
        fd = os.open(args.export, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # settings are the user's alone
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write("\n".join(lines) + "\n")
        print(f"wrote {len(SETTINGS)} settings to {args.export} (secrets masked)")
        return 0
    if args.summary:
        summary = settings.summary()
        width = max(len(s.name) for s in SETTINGS)
        for s in SETTINGS:
            print(f"{s.name:<{width}}  {summary[s.name]!s:<40}  ({settings.sources.get(s.name, 'default')})")
        return 0
    problems = settings.validate(check_ports=False)
    if problems:
        print("configuration invalid:\n  - " + "\n  - ".join(problems), file=sys.stderr)
        return 1
    print("configuration OK")
    return 0

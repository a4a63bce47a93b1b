"""Score the detector on the blind bank: precision and recall of calls with the right
parameters, and the calls made on messages that want none, per language and per kind.
`python -m tests.plugins.blind.report` prints only these figures, never the cases, so
that the bank stays blind."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from datapulse.plugins.detect import Candidate, detect
from tests.plugins.blind.bank import BANK, CONTAINS, PLUGINS, Case
from tests.plugins.blind.frozen import FROZEN
from tests.plugins.blind.learn import LEARN


def candidates() -> list[Candidate]:
    """Every function of the bank's plugins, each plugin assigned under its own name."""
    out = []
    for manifest in PLUGINS:
        for function in manifest["functions"]:
            out.append(Candidate(manifest["name"], manifest["name"], tuple(manifest["keywords"]), function, {}))
    return out


def matches(expected: dict[str, Any], got: dict[str, Any]) -> bool:
    """The named parameters only: CONTAINS ones as substrings, strings case-insensitive."""
    for key, want in expected.items():
        have = got.get(key)
        if key in CONTAINS:
            if not isinstance(have, str) or str(want).lower() not in have.lower():
                return False
        elif isinstance(want, str):
            if not isinstance(have, str) or want.lower() != have.lower():
                return False
        elif isinstance(have, bool) or have != want:
            return False
    return True


class Tally:
    """Counts for one group of cases."""

    def __init__(self) -> None:
        self.cases = self.detected = self.expected = self.hits = 0
        self.none_cases = self.none_false = 0

    def add(self, expected: list[tuple[str, dict[str, Any]]], calls: list[dict[str, Any]]) -> None:
        self.cases += 1
        self.detected += len(calls)
        self.expected += len(expected)
        for fn, params in expected:
            if any(c["function_name"] == fn and matches(params, c["parameters"]) for c in calls):
                self.hits += 1
        if not expected:
            self.none_cases += 1
            self.none_false += len(calls)

    def line(self, label: str) -> str:
        precision = self.hits / self.detected if self.detected else 1.0
        recall = self.hits / self.expected if self.expected else 1.0
        return (
            f"{label:<13} cases={self.cases:<4} precision={precision:.3f} recall={recall:.3f} "
            f"calls={self.detected} expected={self.expected} right={self.hits} "
            f"false_on_no_call={self.none_false}/{self.none_cases}"
        )


def score(cases: Iterable[tuple[str, Case]]) -> dict[str, Tally]:
    """Tallies keyed by 'all', each language and each kind."""
    cands = candidates()
    tallies: dict[str, Tally] = {}
    for kind, (lang, message, expected) in cases:
        calls = detect(message, cands)
        for key in ("all", f"lang={lang}", f"kind={kind}"):
            tallies.setdefault(key, Tally()).add(expected, calls)
    return tallies


def misses(cases: Iterable[tuple[str, Case]]) -> list[str]:
    """Each miss and false call of the cases, for `-v` on the learn half only."""
    cands = candidates()
    out = []
    for kind, (lang, message, expected) in cases:
        calls = detect(message, cands)
        for fn, params in expected:
            if not any(c["function_name"] == fn and matches(params, c["parameters"]) for c in calls):
                out.append(f"MISS  [{kind}/{lang}] {message!r}: want {fn} {params}; got {calls}")
        for call in calls:
            if not any(call["function_name"] == fn and matches(p, call["parameters"]) for fn, p in expected):
                out.append(f"FALSE [{kind}/{lang}] {message!r}: {call}")
    return out


def main(argv: list[str]) -> None:
    """`--half learn` or `--half frozen` scores one half; the default is the whole bank.
    `-v` prints the misses, and only for the learn half (the frozen half stays blind)."""
    half = argv[argv.index("--half") + 1] if "--half" in argv else "all"
    if "-v" in argv:
        if half != "learn":
            raise SystemExit("-v prints cases: only with --half learn")
        print("\n".join(misses((kind, case) for kind, cases in LEARN.items() for case in cases)))
    bank = {"all": BANK, "learn": LEARN, "frozen": FROZEN}[half]
    tallies = score((kind, case) for kind, cases in bank.items() for case in cases)
    for key in ["all", *sorted(k for k in tallies if k.startswith("lang=")), *(f"kind={k}" for k in BANK)]:
        print(tallies[key].line(key))


if __name__ == "__main__":
    main(sys.argv[1:])

"""Score the detector on the detection bank: precision and recall of calls with the
right parameters. `python -m tests.plugins.bankrun` prints the figures and each miss."""

from __future__ import annotations

from typing import Any

from datapulse.plugins.detect import Candidate, detect
from datapulse.plugins.image import ImageGeneration
from tests.plugins.detect_bank import CASES, CONTAINS, PLUGINS


def candidates() -> list[Candidate]:
    out = []
    image = ImageGeneration()
    manifests = [*PLUGINS, {"name": image.name, "keywords": image.keywords, "functions": image.functions}]
    for manifest in manifests:
        for function in manifest["functions"]:
            out.append(Candidate(manifest["name"], manifest["name"], tuple(manifest["keywords"]), function, {}))
    return out


def matches(expected: dict[str, Any], got: dict[str, Any]) -> bool:
    for key, want in expected.items():
        have = got.get(key)
        if key in CONTAINS:
            if not isinstance(have, str) or str(want).lower() not in have.lower():
                return False
        elif isinstance(want, str):
            if not isinstance(have, str) or want.lower() != have.lower():
                return False
        elif have != want:
            return False
    return True


def score() -> tuple[float, float, list[str]]:
    cands = candidates()
    tp = detected = expected_total = 0
    misses: list[str] = []
    for lang, message, expected in CASES:
        calls = detect(message, cands)
        detected += len(calls)
        expected_total += len(expected)
        for fn, params in expected:
            hit = next((c for c in calls if c["function_name"] == fn and matches(params, c["parameters"])), None)
            if hit:
                tp += 1
            else:
                misses.append(f"MISS [{lang}] {message!r}: want {fn} {params}, got {calls}")
        for call in calls:
            if not any(call["function_name"] == fn and matches(p, call["parameters"]) for fn, p in expected):
                misses.append(f"FALSE [{lang}] {message!r}: {call}")
    precision = tp / detected if detected else 1.0
    recall = tp / expected_total if expected_total else 1.0
    return precision, recall, misses


if __name__ == "__main__":
    p, r, m = score()
    print("\n".join(m))
    print(f"cases={len(CASES)} precision={p:.3f} recall={r:.3f}")

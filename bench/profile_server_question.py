"""The cost of one question over the server path (issue 16), in process: the eight kinds of
question of bench_concurrent_askers.py through the full HTTP path with Flask's test
client (POST message -> 202 -> GET the run's SSE stream to its final event: run and
message created, events stored and published, the stream rendered) beside the same
questions through `analyse()` alone, in the same run, so that the ratio survives a noisy
machine. Wall and CPU ms per question (CPU counts every thread: the executor's, the
event writer's, DuckDB's). With --profile, a cProfile of the server path of every
thread that works for a question (request thread, run thread, event writer), by
cumulative or own time.

    PYTHONPATH=. .venv/bin/python bench/profile_server_question.py [--rows 1000000] [--rounds 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_chat import platform_with_file  # noqa: E402
from bench_concurrent_askers import QUESTIONS  # noqa: E402
from profile_questions import _Sink  # noqa: E402


def _profiled(profiles: list[cProfile.Profile], fn: Any) -> Any:
    """`fn` run under a cProfile of its own thread (cProfile sees one thread only)."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        profile = cProfile.Profile(time.thread_time)  # CPU time: waits count nothing
        profiles.append(profile)
        profile.enable()
        try:
            return fn(*args, **kwargs)
        finally:
            profile.disable()

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative or tottime")
    parser.add_argument("--lines", type=int, default=60)
    parser.add_argument("--callers", default="", help="also print the callers of functions matching this")
    parser.add_argument("--callees", default="", help="also print what functions matching this call")
    args = parser.parse_args()
    with platform_with_file(args.rows) as (settings, platform, client, cid):
        executor = platform.executor
        tables: list[Any] = []
        real_analyse = executor.analyse

        def keep_tables(request: Any, sink: Any, settings: Any) -> Any:
            tables[:] = request.tables  # the server's own TableRefs, for analyse() alone
            return real_analyse(request, sink, settings)

        executor.analyse = keep_tables

        def over_http(question: str) -> None:
            posted = client.post(f"/api/chat/conversations/{cid}/messages", json={"content": question})
            assert posted.status_code == 202, posted.json
            body = client.get(posted.json["events_url"]).get_data(as_text=True)
            assert "event: run_completed" in body, body[-400:]

        def alone(question: str) -> None:
            from datapulse.agents.contract import AnalysisRequest

            real_analyse(AnalysisRequest(question, tables), _Sink(), settings)

        for _, question, _ in QUESTIONS:  # warm both: the table, the plans, the statements
            over_http(question)
            alone(question)
        figures: dict[str, list[float]] = {"http": [0.0, 0.0], "analyse": [0.0, 0.0]}
        for _ in range(args.rounds):  # interleaved: both see the same load
            for name, ask in (("http", over_http), ("analyse", alone)):
                wall, cpu = time.perf_counter(), time.process_time()
                for _, question, _ in QUESTIONS:
                    ask(question)
                figures[name][0] += time.perf_counter() - wall
                figures[name][1] += time.process_time() - cpu
        n = args.rounds * len(QUESTIONS)
        (hw, hc), (aw, ac) = ([v / n * 1000 for v in figures[k]] for k in ("http", "analyse"))
        print(f"{n} questions each; ms per question")
        print(f"{'path':<10} {'wall':>8} {'cpu':>8}")
        print(f"{'http':<10} {hw:>8.1f} {hc:>8.1f}")
        print(f"{'analyse':<10} {aw:>8.1f} {ac:>8.1f}")
        print(f"server path beyond analyse(): wall {hw - aw:.1f} ms ({hw / aw:.2f}x), "
              f"cpu {hc - ac:.1f} ms ({hc / ac:.2f}x)")  # fmt: skip
        if args.profile:
            profiles: list[cProfile.Profile] = []
            writer = executor.store.writer
            executor.store.settle()
            writer.close()  # the next submission starts a profiled writer thread
            writer._loop = _profiled(profiles, writer._loop)  # type: ignore[method-assign]
            executor._execute = _profiled(profiles, executor._execute)  # type: ignore[method-assign]
            here = _profiled(profiles, lambda: [over_http(q) for _ in range(2) for _, q, _ in QUESTIONS])
            here()
            writer.close()
            merged = pstats.Stats(profiles[0])
            for profile in profiles[1:]:
                merged.add(profile)
            print(f"profile of {2 * len(QUESTIONS)} questions over HTTP, {len(profiles)} threads merged:")
            merged.sort_stats(args.sort).print_stats(args.lines)
            if args.callers:
                merged.print_callers(args.callers)
            if args.callees:
                merged.print_callees(args.callees)


if __name__ == "__main__":
    main()

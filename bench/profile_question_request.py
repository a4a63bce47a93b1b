"""The API worker's own cost of a question request (issue 16): CPU ms of the request thread
for `POST /api/chat/conversations/<id>/messages` (202) and for the first part of
`GET <events_url>`, in process with Flask's test client, as a conversation grows (a
question reads the conversation and its latest run: a cost that grows with the runs
would show here), and the SQL statements one POST makes on the request thread. The runs
compute meanwhile on a small table (their threads are not counted).

    PYTHONPATH=. .venv/bin/python bench/profile_question_request.py [--sizes 0,100,300] [--posts 50]

To compare with another checkout, run its copy of this file with PYTHONPATH=<checkout>,
interleaved (CPU time moves less with the machine's load than wall time, but still moves).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_chat import platform_with_file  # noqa: E402

QUESTION = "average sales by region"


def main() -> None:
    from sqlalchemy import event

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0,100,300", help="runs in the conversation before each measurement")
    parser.add_argument("--posts", type=int, default=50, help="questions measured at each size")
    args = parser.parse_args()
    with platform_with_file(20_000, LOG_LEVEL="ERROR", CHAT_MAX_PENDING="10000") as (_, platform, client, cid):
        statements: list[str] = []
        me = threading.get_ident()

        def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
            if threading.get_ident() == me:
                statements.append(" ".join(statement.split())[:110])

        event.listen(platform.db.engine, "before_cursor_execute", count)

        def post() -> str:
            answer = client.post(f"/api/chat/conversations/{cid}/messages", json={"content": QUESTION})
            assert answer.status_code == 202, answer.json
            return str(answer.json["events_url"])

        for _ in range(3):  # warm: routes, statements, the table
            client.get(post()).get_data()
        asked = 3
        print(f"{'runs before':>11} {'POST cpu ms':>12} {'GET events cpu ms':>18}")
        for size in (int(s) for s in args.sizes.split(",")):
            while asked < size:
                post()
                asked += 1
                if asked % 100 == 0:
                    platform.executor.store.writer.flush()
            posted, streamed = 0.0, 0.0
            for _ in range(args.posts):
                started = time.thread_time()
                url = post()
                posted += time.thread_time() - started
                started = time.thread_time()
                response = client.get(url, buffered=False)
                next(iter(response.response))  # the stream's first part: the request's own work
                streamed += time.thread_time() - started
                response.close()
                asked += 1
            print(f"{size:>11} {posted / args.posts * 1000:>12.2f} {streamed / args.posts * 1000:>18.2f}")
        statements.clear()
        post()
        print(f"SQL statements of one POST on the request thread: {len(statements)}")
        for statement in statements:
            print(f"  {statement}")


if __name__ == "__main__":
    main()

"""The chat search (`GET /api/chat/search`) over 50,000 messages: what one page of hits
(20, with the total) costs on SQLite and PostgreSQL, beside the alternatives weighed.

    .venv/bin/python bench/bench_search.py [--messages 50000] [--rounds 5] [--no-postgres] [--no-sqlite]

Messages of Latin-script and Chinese filler (questions ~60 characters, answers ~600) in
conversations of 25, with English, German and Chinese phrases planted in 0.1-2 % of
them. Each query is timed as the API runs it (`select_hits` and `paginate_select`: the
page and the count; the alternatives as plain SQL), median of `--rounds`, warm:

- SQLite: the FTS5 trigram index (the choice) beside `LIKE '%term%'` over the table.
- PostgreSQL: `LIKE` over the stored `content_folded` (lower(content)) with its GIN
  pg_trgm index (the choice), `ILIKE` on `content` without and with a pg_trgm index of
  its own, the choice without its index (a scan), and
  `to_tsvector('simple') @@ websearch_to_tsquery('simple')` with its GIN index; the hits
  found are printed too, since the word-based search finds no Chinese and no part of a
  German compound. Not a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from datapulse.api.pagination import paginate_select  # noqa: E402
from datapulse.chat.search import Filters, parse_terms, select_hits  # noqa: E402
from datapulse.storage.db import Database  # noqa: E402
from datapulse.storage.models import Conversation, Message  # noqa: E402

QUERIES = ["umsatz", "average price", "平均价格", "价格", "zebrafish"]
# Planted at known rates in filler text of a wide vocabulary (a few words that every
# message shares would make every search return half the table).
PLANTED = [
    (0.02, "Der Jahresumsatz stieg."),
    (0.02, "The average price by region."),
    (0.02, "各地区的平均价格是多少？"),
    (0.02, "价格上涨。"),
    (0.001, "zebrafish"),
]
SYLLABLES = ["ka", "lo", "mer", "sta", "un", "ve", "ri", "tor", "ban", "quel", "dis", "schu", "ein", "ge", "ber"]
CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def sentence(rng: random.Random, words: int) -> str:
    if rng.random() < 0.25:
        return "".join(rng.choice(CJK) for _ in range(words * 2)) + "。"
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(words)) + "."


def planted(rng: random.Random) -> str:
    return " ".join(text for rate, text in PLANTED if rng.random() < rate)


def fill(db: Database, messages: int) -> None:
    rng = random.Random(7)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    convs = max(1, messages // 25)
    with db.session() as session:
        session.execute(
            Conversation.__table__.insert(),
            [
                {"id": f"c{n:07d}", "title": f"conv {n}", "file_ids": [], "datasource_ids": [], "context": {},
                 "visibility": "private", "created_at": t0, "updated_at": t0}
                for n in range(convs)
            ],
        )  # fmt: skip
        rows = []
        for n in range(messages):
            role = "user" if n % 2 == 0 else "assistant"
            body = sentence(rng, 8) if role == "user" else " ".join(sentence(rng, 12) for _ in range(8))
            body = f"{body} {planted(rng)}"
            rows.append(
                {"id": f"m{n:08d}", "conversation_id": f"c{n % convs:07d}", "role": role, "content": body,
                 "results": [], "metadata": {}, "created_at": t0 + timedelta(minutes=n)}
            )  # fmt: skip
        session.execute(Message.__table__.insert(), rows)


def timed(rounds: int, fn: Callable[[], int]) -> tuple[float, int]:
    fn()  # warm
    times, total = [], 0
    for _ in range(rounds):
        start = time.perf_counter()
        total = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), total


def api_page(db: Database, query: str) -> Callable[[], int]:
    def run() -> int:
        with db.session() as session:
            _rows, total = paginate_select(session, select_hits(session, parse_terms(query), Filters()), 1, 20)
        return total

    return run


def raw_page(db: Database, where: str, params: dict[str, Any]) -> Callable[[], int]:
    def run() -> int:
        with db.engine.connect() as conn:
            total = conn.execute(text(f"SELECT count(*) FROM messages WHERE {where}"), params).scalar_one()
            conn.execute(
                text(f"SELECT id FROM messages WHERE {where} ORDER BY created_at DESC, id DESC LIMIT 20"), params
            ).all()
        return int(total)

    return run


def like_where(query: str, op: str) -> tuple[str, dict[str, Any]]:
    terms = parse_terms(query)
    where = " AND ".join(f"content {op} :t{n}" for n in range(len(terms)))
    return where, {f"t{n}": f"%{t}%" for n, t in enumerate(terms)}


def report(label: str, results: dict[str, tuple[float, int]]) -> None:
    cells = "  ".join(f"{q!r}: {ms:7.1f} ms ({hits} hits)" for q, (ms, hits) in results.items())
    print(f"{label:32} {cells}", flush=True)


def bench_sqlite(messages: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/bench.sqlite3")
        db.migrate(Path(tmp))
        start = time.perf_counter()
        fill(db, messages)
        print(f"SQLite: {messages} messages stored and indexed in {time.perf_counter() - start:.1f} s")
        report("sqlite FTS5 trigram (chosen)", {q: timed(rounds, api_page(db, q)) for q in QUERIES})
        report("sqlite LIKE scan", {q: timed(rounds, raw_page(db, *like_where(q, "LIKE"))) for q in QUERIES})
        db.dispose()


def bench_postgres(messages: int, rounds: int) -> None:
    from tests.conftest import postgres_schema

    with postgres_schema() as url:
        db = Database(url)
        db.migrate(Path(tempfile.gettempdir()))
        start = time.perf_counter()
        fill(db, messages)
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))  # as autovacuum would soon after a bulk load
        print(f"PostgreSQL: {messages} messages stored and indexed in {time.perf_counter() - start:.1f} s")
        report("pg folded LIKE + trgm GIN (chosen)", {q: timed(rounds, api_page(db, q)) for q in QUERIES})
        ilike = {q: timed(rounds, raw_page(db, *like_where(q, "ILIKE"))) for q in QUERIES}
        with db.engine.begin() as conn:
            conn.execute(text("CREATE INDEX ix_bench_trgm ON messages USING gin (content public.gin_trgm_ops)"))
            conn.execute(text("ANALYZE messages"))
        report("pg ILIKE, no index on content", ilike)
        report(
            "pg ILIKE + trgm GIN on content", {q: timed(rounds, raw_page(db, *like_where(q, "ILIKE"))) for q in QUERIES}
        )
        with db.engine.begin() as conn:
            conn.execute(text("CREATE INDEX ix_bench_tsv ON messages USING gin (to_tsvector('simple', content))"))
            conn.execute(text("DROP INDEX ix_messages_content_folded_trgm"))
            conn.execute(text("DROP INDEX ix_bench_trgm"))
        tsv = "to_tsvector('simple', content) @@ websearch_to_tsquery('simple', :q)"
        report("pg tsvector simple + GIN", {q: timed(rounds, raw_page(db, tsv, {"q": q})) for q in QUERIES})
        report("pg folded LIKE, no index", {q: timed(rounds, api_page(db, q)) for q in QUERIES})
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.no_sqlite:
        bench_sqlite(args.messages, args.rounds)
    if not args.no_postgres:
        bench_postgres(args.messages, args.rounds)


if __name__ == "__main__":
    main()

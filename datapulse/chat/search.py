"""Full-text search over the chat's messages (SPEC 5, `GET /api/chat/search`).

One meaning on both databases: every term of the query must occur in the message as a
substring, in any case; `"two words"` is one term. Substrings, not words, because a
Chinese sentence has no spaces and a German compound hides its parts ("Umsatz" is in
"Jahresumsatz"); stemming would serve one language and fail the others.

- SQLite: the FTS5 `trigram` index `messages_fts` (migration 0007) answers terms of three
  or more characters, folding case across Unicode; a shorter term ("价格", "EU") is
  matched with `LIKE`, which folds ASCII only.
- PostgreSQL: `LIKE` per term over `content_folded` (`lower(content)`, a stored column
  of migration 0007), served by its GIN `pg_trgm` index (scanning where the extension
  could not be installed; and for terms under three characters, as `strpos`, which
  keeps the planner off a walk of the whole index).

Hits come newest first (no ranking: the two engines would rank differently). Who may
see what is not decided here: the conversation is joined as an ORM entity, so the
session's access filter (datapulse.auth.access) drops every hit of a conversation the
principal may not read. The snippet is plain text with highlight offsets, never markup,
so that no client has to render HTML made from message text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, func, literal_column, select, text
from sqlalchemy.orm import Session, contains_eager

from datapulse.events import as_utc
from datapulse.storage.db import contains_pattern
from datapulse.storage.models import Conversation, Message

MIN_INDEXED = 3  # characters: the trigram index finds nothing shorter
SNIPPET_CHARS = 160  # of message text around the first match
_TERMS = re.compile(r'"([^"]*)"|(\S+)')
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Filters:
    conversation_id: str | None = None
    role: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


def parse_terms(query: str) -> list[str]:
    """The terms of a query: `"quoted phrases"` whole, other words split at white space;
    NFC, white space inside a phrase collapsed, repeats (in any case) dropped."""
    terms: list[str] = []
    seen: set[str] = set()
    for phrase, word in _TERMS.findall(unicodedata.normalize("NFC", query)):
        term = _SPACE.sub(" ", phrase or word).strip().strip('"')
        if term and term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return terms


def select_hits(session: Session, terms: list[str], filters: Filters) -> Select[Any]:
    """Messages holding every term, with their conversation, newest first."""
    stmt = (
        select(Message)
        .join(Message.conversation)
        .options(contains_eager(Message.conversation))
        .where(_matches(session, terms))
        .order_by(Message.created_at.desc(), Message.id.desc())
    )
    if filters.conversation_id is not None:
        stmt = stmt.where(Message.conversation_id == filters.conversation_id)
    if filters.role is not None:
        stmt = stmt.where(Message.role == filters.role)
    if filters.since is not None:
        stmt = stmt.where(Message.created_at >= as_utc(filters.since))
    if filters.until is not None:
        stmt = stmt.where(Message.created_at < as_utc(filters.until))
    return stmt


def _matches(session: Session, terms: list[str]) -> Any:
    if session.get_bind().dialect.name != "sqlite":
        # A term too short for a trigram is a strpos, which the index cannot serve: a LIKE
        # would be planned as a walk of the whole index, slower than the scan.
        folded: ColumnElement[str] = literal_column("messages.content_folded", String())
        return and_(
            *(
                folded.like(contains_pattern(t), escape="\\")
                if len(t) >= MIN_INDEXED
                else func.strpos(folded, t.lower()) > 0
                for t in terms
            )
        )
    conditions = [Message.content.like(contains_pattern(t), escape="\\") for t in terms if len(t) < MIN_INDEXED]
    indexed = [t for t in terms if len(t) >= MIN_INDEXED]
    if indexed:
        expression = " AND ".join('"' + t.replace('"', '""') + '"' for t in indexed)
        fts = text("SELECT rowid FROM messages_fts WHERE messages_fts MATCH :fts").bindparams(fts=expression)
        conditions.append(literal_column("messages.rowid").in_(fts))
    return and_(*conditions)


def snippet(content: str, terms: list[str], width: int = SNIPPET_CHARS) -> tuple[str, list[list[int]]]:
    """About `width` characters of `content` (white space collapsed) around its first
    match, and the `[start, end)` offsets of every match inside it; `…` marks a cut."""
    flat = _SPACE.sub(" ", content).strip()
    pattern = _pattern(terms)
    spans = [m.span() for m in pattern.finditer(flat)] if pattern else []
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 3, len(flat) - width))
    if start > 0:  # begin at a word where there is one near
        space = flat.find(" ", start, first)
        start = space + 1 if 0 <= space < start + 15 else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", max(start, end - 15), end)
        end = space if space > start else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shift = start - len(prefix)
    marks = [[max(s, start) - shift, min(e, end) - shift] for s, e in spans if s < end and e > start]
    return prefix + flat[start:end] + suffix, marks


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    """One pattern for every term, longest first (so that a longer term wins where they overlap)."""
    if not terms:
        return None
    alternatives = sorted((re.escape(t).replace(r"\ ", r"\s+") for t in terms), key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


@dataclass(frozen=True)
class Hit:
    """One message that holds every term (loaded with its conversation), and the snippet
    of its text with the `[start, end)` offsets of the matches in it. The API's
    `SearchHit` serializes it: the wire shape is declared there alone."""

    message: Message
    snippet: str
    highlights: list[list[int]]

    @property
    def conversation(self) -> Conversation:
        return self.message.conversation

    @classmethod
    def of(cls, message: Message, terms: list[str]) -> Hit:
        text_, marks = snippet(message.content or "", terms)
        return cls(message, text_, marks)

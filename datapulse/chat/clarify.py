"""Clarifications (SPEC 5): what a run that asked back waits for, and how a reply binds it.

A run that completed with a `clarification` in its stored result is the pending
question: the open slot lives in the database (the run's result, and the bindings it
already had in its user message), never in memory, so a reply after a restart or a
reload binds the same way. A reply that names a candidate (explicitly with
`{"clarification": {"run_id", "value"}}`, or as plain text equal to a candidate's label
or value, of the conversation's latest run) asks the *original* question again with
that choice bound; anything else is a new question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from datapulse.agents.contract import AnalysisOutcome
from datapulse.errors import Conflict, NotFound, Unprocessable
from datapulse.storage.models import Message, Run, RunState

SLOTS = ("column", "reading", "value")


def clarification_of(outcome: AnalysisOutcome) -> dict[str, Any] | None:
    """The outcome's clarification in the SPEC shape (None when it answered)."""
    return normalise(outcome.clarification, outcome.needs_clarification, outcome.candidates)


def normalise(clar: Any, needs_clarification: bool, candidates: list[Any]) -> dict[str, Any] | None:
    """A clarification in the SPEC shape. The one place that derives it from
    `needs_clarification` + `candidates` (slot "column", about "", label = value), for a
    planner that does not fill it yet and for runs stored before it existed."""
    if isinstance(clar, dict) and clar:
        slot = str(clar.get("slot") or "column")
        offered = [
            {"label": str(c.get("label", c.get("value", ""))), "value": str(c.get("value", c.get("label", "")))}
            if isinstance(c, dict)
            else {"label": str(c), "value": str(c)}
            for c in clar.get("candidates") or []
        ]
        return {"slot": slot if slot in SLOTS else "column", "about": str(clar.get("about") or ""),
                "candidates": offered}  # fmt: skip
    if not needs_clarification:
        return None
    return {"slot": "column", "about": "", "candidates": [{"label": str(c), "value": str(c)} for c in candidates]}


@dataclass(frozen=True)
class Pending:
    """A run that asked back: its original question, what it asks, the bindings it had."""

    run_id: str
    question: str
    clarification: dict[str, Any]
    bindings: list[dict[str, str]]


@dataclass(frozen=True)
class Reply:
    """A reply that answers a pending clarification: the question to run and its bindings."""

    pending: Pending
    binding: dict[str, str]

    @property
    def question(self) -> str:
        return self.pending.question

    @property
    def bindings(self) -> list[dict[str, str]]:
        """The earlier choices for this question and this one. An earlier choice for the same
        slot (the same words, or, where the words are unknown, one of the same candidates)
        is replaced: that slot was asked again."""
        slot, about = self.binding["slot"], self.binding["about"]
        offered = {str(c.get("value")) for c in self.pending.clarification.get("candidates") or []}
        kept = [
            b
            for b in self.pending.bindings
            if not ((about and (b["slot"], b["about"]) == (slot, about)) or b["value"] in offered)
        ]
        return [*kept, self.binding]

    def meta(self) -> dict[str, Any]:
        """What the reply's user message keeps, so that its run (and a later reply to a
        further clarification of the same question) knows the question and the bindings."""
        return {
            "clarification": {"run_id": self.pending.run_id, **self.binding},
            "question": self.question,
            "bindings": self.bindings,
        }


def bindings_of(meta: dict[str, Any] | None) -> list[dict[str, str]]:
    """The bindings a user message asked its run to answer with."""
    raw = (meta or {}).get("bindings") or []
    return [
        {"slot": str(b.get("slot", "")), "about": str(b.get("about", "")), "value": str(b.get("value", ""))}
        for b in raw
        if isinstance(b, dict)
    ]


# What of a run's stored result tells whether (and what) it asked back.
_ASKED = ("clarification", "needs_clarification", "candidates")


def pending_of(session: Session, run: Run) -> Pending | None:
    """The run's open clarification, or None when it did not complete with one."""
    return _pending(session, run.id, run.status, run.question, run.message_id, run.result or {})


def _pending(
    session: Session, run_id: str, status: str, question: str, message_id: str | None, result: dict[str, Any]
) -> Pending | None:
    result = result if status == RunState.COMPLETED else {}
    clar = normalise(
        result.get("clarification"), bool(result.get("needs_clarification")), result.get("candidates") or []
    )
    if clar is None:
        return None
    message = session.get(Message, message_id) if message_id else None
    return Pending(run_id, question, clar, bindings_of(message.meta if message else None))


def _binding(pending: Pending, candidate: dict[str, Any]) -> dict[str, str]:
    clar = pending.clarification
    return {"slot": str(clar.get("slot") or "column"), "about": str(clar.get("about") or ""),
            "value": str(candidate["value"])}  # fmt: skip


# The conversation's latest run, with only the result's few clarification fields: every
# new question reads it, and a whole result (rows, charts, plan, trace) is large. The index
# `ix_runs_conversation_created` ends at that run (no sort of them all). Built once: the
# statement cost ~0.3 ms to build per question.
LATEST_RUN: Select[Any] = (
    select(Run.id, Run.status, Run.question, Run.message_id, *(Run.result[key] for key in _ASKED))
    .where(Run.conversation_id == bindparam("conversation_id"))
    .order_by(Run.created_at.desc(), Run.id.desc())
    .limit(1)
)


# What of the latest run `resolve` reads (LATEST_RUN's columns, also read beside the
# conversation's head in one statement: conversations.question_context).
LATEST_COLUMNS = (Run.id, Run.status, Run.question, Run.message_id, *(Run.result[key] for key in _ASKED))
_UNREAD: Any = object()


def resolve(
    session: Session,
    conversation_id: str,
    content: str,
    choice: dict[str, Any] | None,
    latest: Any = _UNREAD,
) -> Reply | None:
    """The clarification this message answers, or None for a new question. An explicit
    `choice` must name a run of this conversation that asked back and one of its
    candidates (404, 409, 422 otherwise). `latest`: the conversation's latest run as
    LATEST_COLUMNS (None: it has none) when the caller has read it already."""
    if choice is not None:
        return _explicit(session, conversation_id, choice)
    if latest is _UNREAD:
        latest = session.execute(LATEST_RUN, {"conversation_id": conversation_id}).first()
    pending = None
    if latest is not None:
        run_id, status, question, message_id = latest[:4]
        pending = _pending(session, run_id, status, question, message_id, dict(zip(_ASKED, latest[4:], strict=True)))
    if pending is None:
        return None
    said = content.strip().casefold()
    candidates = pending.clarification.get("candidates") or []
    for key in ("label", "value"):  # the label first: a value never shadows another's label
        for candidate in candidates:
            if str(candidate.get(key, "")).strip().casefold() == said:
                return Reply(pending, _binding(pending, candidate))
    return None


def _explicit(session: Session, conversation_id: str, choice: dict[str, Any]) -> Reply:
    run_id, value = choice["run_id"], choice["value"]
    run = session.get(Run, run_id)
    if run is None:
        raise NotFound(f"No run with id '{run_id}'.", details={"run_id": run_id})
    if run.conversation_id != conversation_id:
        raise Conflict(
            "That run belongs to another conversation.",
            code="clarification_other_conversation",
            details={"run_id": run_id, "conversation_id": conversation_id},
        )
    pending = pending_of(session, run)
    if pending is None:
        raise Conflict(
            "That run did not ask for a clarification, or has not finished yet.",
            code="no_pending_clarification",
            details={"run_id": run_id, "status": run.status},
        )
    candidates = pending.clarification.get("candidates") or []
    for candidate in candidates:
        if str(candidate.get("value")) == value:
            return Reply(pending, _binding(pending, candidate))
    raise Unprocessable(
        "The value is not one of the clarification's candidates.",
        code="not_a_candidate",
        details={"value": value, "candidates": [c.get("value") for c in candidates]},
    )

"""The chat service (SPEC 5): what each chat route does, in one call each.

The API's chat blueprint parses the request, calls one method here and serializes the
answer (datapulse.api.schemas.chat); the sessions, the announcements on the bus and the
hand-over of a run to the executor happen here. Built per request from the platform's
parts (`ChatService(db, bus, store, executor, settings)`, a few attribute copies), so a
test or a benchmark that swaps the platform's executor is heard at once.

Access rules need nothing of this module: the sessions of a platform in `users` mode are
scoped to the request's principal (datapulse.auth.access), so another user's private
conversation or run is simply not found here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from datapulse.bus.base import EventBus, emit
from datapulse.chat import clarify
from datapulse.chat import conversations as convs
from datapulse.chat import search as chat_search
from datapulse.chat.executor import RunExecutor
from datapulse.chat.store import EventStore
from datapulse.errors import Conflict, RateLimited
from datapulse.events import Activity, RunFailed
from datapulse.settings import Settings
from datapulse.storage.db import Database, contains_pattern, paginate_select
from datapulse.storage.models import FINAL_RUN_STATES, Conversation, Run, RunState


@dataclass(frozen=True)
class Asked:
    """A question stored as a user message with its queued run."""

    question: str
    message_id: str
    run_id: str


@dataclass(frozen=True)
class ChatService:
    db: Database
    bus: EventBus
    store: EventStore
    executor: RunExecutor
    settings: Settings

    # Conversations -----------------------------------------------------------------
    def create_conversation(self, data: dict[str, Any]) -> Conversation:
        with self.db.session() as session:
            conv = convs.create_conversation(session, data)
        self._announce("conversation_created", conv)
        return conv

    def list_conversations(self, page: int, per_page: int, search: str | None = None) -> tuple[list[Conversation], int]:
        """One page of the conversations, newest first; `search` matches part of the title."""
        stmt = select(Conversation).order_by(Conversation.created_at.desc(), Conversation.id)
        if search:
            stmt = stmt.where(Conversation.title.ilike(contains_pattern(search), escape="\\"))
        with self.db.session() as session:
            return paginate_select(session, stmt, page, per_page)

    def search(
        self, terms: list[str], filters: chat_search.Filters, page: int, per_page: int
    ) -> tuple[list[chat_search.Hit], int]:
        """One page of the messages the caller may read that hold every term (SPEC 5)."""
        with self.db.session() as session:
            if filters.conversation_id is not None:
                convs.get_conversation(session, filters.conversation_id)  # 404 for one you cannot read
            rows, total = paginate_select(session, chat_search.select_hits(session, terms, filters), page, per_page)
            return [chat_search.Hit.of(message, terms) for message in rows], total

    def get_conversation(self, conversation_id: str) -> Conversation:
        """The conversation with its messages, readable after the session ended."""
        with self.db.session() as session:
            return convs.get_conversation(session, conversation_id, with_messages=True)

    def update_conversation(self, conversation_id: str, data: dict[str, Any]) -> Conversation:
        with self.db.session() as session:
            conv = convs.update_conversation(session, conversation_id, data)
        if data:
            self._announce("conversation_updated", conv)
        if data.get("visibility") == "private":  # the id alone, to everyone: see _announce
            emit(self.bus, Activity("conversation_hidden", "conversation hidden", {"conversation_id": conv.id}))
        return conv

    def delete_conversation(self, conversation_id: str) -> None:
        """Its unfinished runs are cancelled first; messages, runs and events go with it."""
        with self.db.session() as session:
            conv = convs.get_conversation(session, conversation_id)
            active = list(
                session.scalars(
                    select(Run.id).where(Run.conversation_id == conv.id, Run.status.not_in(FINAL_RUN_STATES))
                )
            )
        for run_id in active:
            self.executor.cancel(run_id)
        with self.db.session() as session:
            # Lock the runs before the conversation: the order a finishing run takes them,
            # so that a delete racing a run's last write waits instead of deadlocking.
            session.execute(select(Run.id).where(Run.conversation_id == conversation_id).with_for_update()).all()
            session.execute(delete(Conversation).where(Conversation.id == conversation_id))
        self._announce("conversation_deleted", conv)

    def _announce(self, action: str, conv: Conversation) -> None:
        """Tell the open UIs that may read the conversation that their list changed (they
        re-list). The owner and visibility ride along: in users mode the WebSocket sends it
        only to those (its title is private work), also after a delete. Made private again,
        everyone is told `conversation_hidden` with the id alone, so that a list that held it
        re-lists without it."""
        extra = {
            "conversation_id": conv.id,
            "title": conv.title,
            "owner_id": conv.owner_id,
            "visibility": conv.visibility,
        }
        emit(self.bus, Activity(action, f"{action.replace('_', ' ')}: {conv.title or conv.id}", extra))

    # Questions ---------------------------------------------------------------------
    def ask(self, conversation_id: str, content: str, clarification: dict[str, Any] | None = None) -> Asked:
        """Store the question (or a clarification's reply) and hand its run to the executor."""
        with self.db.session() as session:  # reads only: the rows are stored by the writer
            conv, latest = convs.question_context(session, conversation_id)  # one statement
            reply = clarify.resolve(session, conv.id, content, clarification, latest)
            new = convs.new_run(conv, content, self.executor.identity, reply)
        self.store.create_runs([new], self.executor.list_agents())
        self._submit([new.run_id])
        return Asked(content, new.message_id, new.run_id)

    def make_room(self, count: int) -> None:
        """429 unless the executor can take `count` more runs now (a batch is all or nothing)."""
        if self.executor.max_pending - self.executor.active() < count:
            raise RateLimited("Too many questions are being answered; try again shortly.", retry_after=2)

    def ask_many(self, conversation_id: str, questions: list[str]) -> list[Asked]:
        """Each question its own message and run, stored together, then submitted in order."""
        with self.db.session() as session:
            conv = convs.conversation_head(session, conversation_id)
            # Of several titles for an untitled conversation the first stored wins.
            made = [convs.new_run(conv, question, self.executor.identity) for question in questions]
        self.store.create_runs(made, self.executor.list_agents())
        self._submit([new.run_id for new in made])
        return [Asked(q, new.message_id, new.run_id) for q, new in zip(questions, made, strict=True)]

    def _submit(self, run_ids: list[str]) -> None:
        """Hand stored runs to the executor, in order; once it is full, that run and those
        after it end as failed (429), none is left queued forever."""
        for at, run_id in enumerate(run_ids):
            try:
                self.executor.submit(run_id, step_delay=self.settings.CHAT_STEP_DELAY)
            except RateLimited as exc:
                for refused in run_ids[at:]:
                    self.store.fail(RunFailed(refused, RunState.FAILED, exc.code, exc.message), answer=False)
                    self.store.recent.retire(refused)  # kept in memory by create_runs
                raise

    # Runs --------------------------------------------------------------------------
    def get_run(self, run_id: str) -> Run:
        with self.db.session() as session:
            return convs.get_run(session, run_id)

    def run_status(self, run_id: str) -> str:
        """Only the status (404 when there is no such run): all a stream needs to start."""
        status = self.store.run_status(run_id)
        if status is None:
            raise convs.no_run(run_id)
        return status

    def cancel_run(self, run_id: str) -> Run:
        """Ask the run to stop (at the agents' next step); 409 once it has ended."""
        run = self.get_run(run_id)
        if run.status in FINAL_RUN_STATES:
            raise Conflict(
                f"The run has already ended ({run.status}).", code="run_finished", details={"status": run.status}
            )
        self.executor.cancel(run_id)
        return self.get_run(run_id)

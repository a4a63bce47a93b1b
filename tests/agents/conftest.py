"""Fixtures of the agents' tests: the real datasets as Parquet, a recording sink, ask()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from datapulse.agents.contract import AnalysisOutcome, AnalysisRequest, TableRef
from datapulse.agents.engine import analyse
from datapulse.settings import Settings
from tests.agents.datasets import DatasetStore


@dataclass
class RecordingSink:
    """Keeps every call in order; `cancel_after` agent updates turns cancelled() true."""

    events: list[tuple[str, Any]] = field(default_factory=list)
    cancel_after: int | None = None

    def agent(self, agent: str, status: str, progress: int, message: str) -> None:
        self.events.append(("agent", (agent, status, progress, message)))

    def delta(self, text: str) -> None:
        self.events.append(("delta", text))

    def result(self, result: dict[str, Any]) -> None:
        self.events.append(("result", result))

    def cancelled(self) -> bool:
        agents = sum(1 for kind, _ in self.events if kind == "agent")
        return self.cancel_after is not None and agents >= self.cancel_after


@pytest.fixture(scope="session")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> DatasetStore:
    return DatasetStore(tmp_path_factory.mktemp("datasets"))


@pytest.fixture
def agent_settings(tmp_path: Path) -> Settings:
    return Settings(DATA_DIR=tmp_path / "data", UPLOAD_FOLDER=tmp_path / "uploads")


Ask = Callable[..., AnalysisOutcome]


@pytest.fixture
def ask(datasets: DatasetStore, agent_settings: Settings) -> Ask:
    """ask(dataset, question, context=None, sink=None) → the outcome."""

    def run(
        name: str | list[str],
        question: str,
        context: dict[str, Any] | None = None,
        sink: RecordingSink | None = None,
        settings: Settings | None = None,
    ) -> AnalysisOutcome:
        names = [name] if isinstance(name, str) else name
        tables = [TableRef(n, datasets.path(n)) for n in names]
        request = AnalysisRequest(question=question, tables=tables, context=context or {})
        return analyse(request, sink or RecordingSink(), settings or agent_settings)

    return run


# The bank's figures, printed at the end of any run that graded bank questions ------------


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    from tests.agents.bankrun import BANK_VERDICTS

    if not BANK_VERDICTS:
        return
    total = len(BANK_VERDICTS)
    counts = {v: sum(1 for _, x in BANK_VERDICTS if x == v) for v in ("correct", "wrong", "clarified", "error")}
    terminalreporter.write_sep("-", "agents question bank")
    terminalreporter.write_line(
        f"{total} questions: {100 * counts['correct'] / total:.1f} % correct, "
        f"{100 * counts['wrong'] / total:.1f} % confidently wrong, "
        f"{100 * counts['clarified'] / total:.1f} % asked back, "
        f"{100 * counts['error'] / total:.1f} % errors"
    )

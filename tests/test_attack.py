"""The attack harness itself (tests/attack.py): it records every probe with its latency,
fails on a slow or missing answer, on too few samples and on memory growth."""

from __future__ import annotations

import threading

import pytest

from tests.attack import HealthSampler, Sample, under_attack


class Scripted:
    """A probe that answers from a script, moving a fake clock by each answer's latency."""

    def __init__(self, script: list[tuple[float, int | None]]) -> None:
        self.now = 0.0
        self.script = list(script)
        self.done = threading.Event()

    def clock(self) -> float:
        return self.now

    def probe(self) -> int:
        latency, status = self.script.pop(0) if self.script else (0.01, 200)
        if not self.script:
            self.done.set()
        self.now += latency
        if status is None:
            raise ConnectionResetError("no answer")
        return status


def run(script: list[tuple[float, int | None]], **check: object) -> HealthSampler:
    probe = Scripted(script)
    memory = iter([100, 150, 900, 120] + [120] * 1000)
    sampler = HealthSampler(probe.probe, every_s=0.001, memory=lambda: next(memory), clock=probe.clock)
    under_attack(lambda: probe.done.wait(10), sampler, **{"min_samples": 1, **check})
    return sampler


def test_answers_in_time_pass_and_are_all_recorded() -> None:
    sampler = run([(0.1, 200), (0.5, 503), (1.9, 200)], max_growth_bytes=1000)
    assert sampler.samples[:3] == [Sample(0.0, 0.1, 200), Sample(0.1, 0.5, 503), Sample(0.6, 1.9, 200)]
    assert sampler.growth_bytes == 800 and sampler.slowest_s == 1.9


@pytest.mark.parametrize(
    ("script", "check", "message"),
    [
        ([(0.1, 200), (2.5, 200)], {}, "over 2.0 s or not answered"),
        ([(0.1, 200), (0.1, None)], {}, "1 unanswered"),
        ([(0.1, 200), (0.1, 500)], {}, "over 2.0 s or not answered"),
        ([(0.1, 200)], {"min_samples": 10**6}, "too few samples"),
        ([(0.1, 200)] * 3, {"max_growth_bytes": 500}, r"memory \+0 MiB"),
    ],
)
def test_a_slow_missing_or_wrong_answer_fails(
    script: list[tuple[float, int | None]], check: dict[str, object], message: str
) -> None:
    with pytest.raises(AssertionError, match=message):
        run(script, **check)


def test_an_attack_shorter_than_a_probe_still_gets_a_sample_at_its_end() -> None:
    """The first probe answers only after the attack ended: a second one is taken, so a
    fast attack is judged (not refused as "too few samples") and the end is seen."""
    sampler: HealthSampler

    def probe() -> int:
        if not sampler.samples:
            sampler._stop.wait(10)  # answers once the attack is over
        return 200

    sampler = HealthSampler(probe, every_s=0.001)
    under_attack(lambda: None, sampler)
    assert len(sampler.samples) == 2

"""System metrics (psutil) and the alerts derived from them.

The same `SystemSampler` serves the WebSocket server's broadcast and the API's
`GET /api/system/metrics`, so both answer one shape. Platform processes are found by
parent pid: from this process we climb to the highest ancestor that is part of the
platform (the launcher `run_server.py`, gunicorn, `websocket_server.py`), then take it
and all its descendants. That needs no pid files, survives restarts by the launcher,
and still works when a process runs alone (it then reports itself and its children).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import psutil

from datapulse.events import iso

# Substrings of a command line that mark a platform process, with the role they name.
ROLES: tuple[tuple[str, str], ...] = (
    ("run_server.py", "launcher"),
    ("websocket_server.py", "websocket"),
    ("gunicorn", "api"),
    ("datapulse.api.serve.devserver", "api"),
    ("app:app", "api"),
    ("vite", "frontend"),
)
HEALTHY, WARNING, ERROR = "healthy", "warning", "error"


def role_of(cmdline: list[str]) -> str | None:
    text = " ".join(cmdline)
    for marker, role in ROLES:
        if marker in text:
            return role
    return None


def platform_root(proc: psutil.Process) -> psutil.Process:
    """The highest ancestor (or proc itself) whose command line marks it as ours."""
    root = proc
    try:
        for parent in proc.parents():
            if role_of(parent.cmdline()) is None:
                break
            root = parent
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        pass
    return root


class SystemSampler:
    """Keeps what rates need between two samples (CPU times, network counters)."""

    def __init__(self, upload_folder: Path, pid: int | None = None) -> None:
        self.upload_folder = upload_folder
        self.me = psutil.Process(pid or os.getpid())
        self._procs: dict[int, psutil.Process] = {}
        self._net = psutil.net_io_counters()
        self._net_at = time.monotonic()
        # Our own baseline: psutil.cpu_percent() keeps one per thread, and samples are taken
        # from request threads or greenlets and executor threads, which would all read 0.
        self._cpu_total = psutil.cpu_times()
        self._cpu_cores = psutil.cpu_times(percpu=True)

    def sample(self) -> dict[str, Any]:
        """CPU, memory, disk of the upload folder, network rates and platform processes."""
        now_total, now_cores = psutil.cpu_times(), psutil.cpu_times(percpu=True)
        total = busy_percent(self._cpu_total, now_total)
        per_core = [busy_percent(a, b) for a, b in zip(self._cpu_cores, now_cores, strict=False)]
        self._cpu_total, self._cpu_cores = now_total, now_cores
        mem = psutil.virtual_memory()
        try:
            disk_usage = psutil.disk_usage(str(_existing(self.upload_folder)))
            disk: dict[str, Any] = {
                "path": str(self.upload_folder),
                "percent": disk_usage.percent,
                "used_bytes": disk_usage.used,
                "free_bytes": disk_usage.free,
                "total_bytes": disk_usage.total,
            }
        except OSError as exc:
            disk = {"path": str(self.upload_folder), "error": exc.strerror or str(exc), "percent": None}
        net = psutil.net_io_counters()
        now = time.monotonic()
        elapsed = max(now - self._net_at, 1e-6)
        network = {
            "sent_bytes_per_s": round((net.bytes_sent - self._net.bytes_sent) / elapsed, 1),
            "recv_bytes_per_s": round((net.bytes_recv - self._net.bytes_recv) / elapsed, 1),
            "bytes_sent": net.bytes_sent,
            "bytes_recv": net.bytes_recv,
        }
        self._net, self._net_at = net, now
        return {
            "collected_at": iso(),
            "cpu": {"percent": total, "per_core": per_core, "count": len(per_core), "load_avg": _load_avg()},
            "memory": {
                "percent": mem.percent,
                "used_bytes": mem.used,
                "available_bytes": mem.available,
                "total_bytes": mem.total,
            },
            "disk": disk,
            "network": network,
            "processes": self.processes(),
        }

    def processes(self) -> list[dict[str, Any]]:
        root = platform_root(self.me)
        try:
            found = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            found = [self.me]
        alive: dict[int, psutil.Process] = {}
        rows = []
        for proc in found:
            cached = self._procs.get(proc.pid)
            if cached is not None and cached == proc:  # same pid and start time: keep its CPU baseline
                proc = cached
            try:
                with proc.oneshot():
                    cmdline = proc.cmdline()
                    row = {
                        "pid": proc.pid,
                        "name": proc.name(),
                        "role": role_of(cmdline) or "other",
                        "self": proc.pid == self.me.pid,
                        "cpu_percent": proc.cpu_percent(None),
                        "memory_rss_bytes": proc.memory_info().rss,
                        "memory_percent": round(proc.memory_percent(), 2),
                    }
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            alive[proc.pid] = proc
            rows.append(row)
        self._procs = alive
        return rows


def busy_percent(before: Any, after: Any) -> float:
    """CPU busy time between two `cpu_times()` readings, in percent (as psutil computes it)."""

    def split(times: Any) -> tuple[float, float]:
        # guest time is already counted in user time on Linux
        busy_and_idle = sum(times) - getattr(times, "guest", 0.0) - getattr(times, "guest_nice", 0.0)
        return busy_and_idle, times.idle + getattr(times, "iowait", 0.0)

    all_before, idle_before = split(before)
    all_after, idle_after = split(after)
    elapsed = all_after - all_before
    if elapsed <= 0:
        return 0.0
    return round(min(100.0, max(0.0, (elapsed - (idle_after - idle_before)) / elapsed * 100)), 1)


def _existing(path: Path) -> Path:
    """The folder itself or, before it is created, the nearest parent: the same disk."""
    for candidate in (path, *path.absolute().parents):
        if candidate.exists():
            return candidate
    return path


def _load_avg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


class AlertTracker:
    """Compares samples with ALERT_*_PCT; reports a change (raised or cleared) once."""

    def __init__(self, cpu_pct: float, memory_pct: float, disk_pct: float) -> None:
        self.thresholds = {"cpu": cpu_pct, "memory": memory_pct, "disk": disk_pct}
        self.active: dict[str, dict[str, Any]] = {}

    def evaluate(self, metrics: dict[str, Any]) -> dict[str, Any]:
        """The current status and alerts, from one sample."""
        alerts: dict[str, dict[str, Any]] = {}
        for name, threshold in self.thresholds.items():
            value = (metrics.get(name) or {}).get("percent")
            if value is None or value < threshold:
                continue
            level = ERROR if value >= threshold + (100 - threshold) / 2 else WARNING
            alerts[name] = {
                "metric": name,
                "value": value,
                "threshold": threshold,
                "level": level,
                "message": f"{name} at {value:.0f}% (threshold {threshold:.0f}%)",
            }
        status = HEALTHY
        if alerts:
            status = ERROR if any(a["level"] == ERROR for a in alerts.values()) else WARNING
        return {"status": status, "alerts": list(alerts.values())}

    def update(self, metrics: dict[str, Any]) -> dict[str, Any] | None:
        """The `system_health` data when an alert was raised, changed level or cleared."""
        health = self.evaluate(metrics)
        now = {a["metric"]: a for a in health["alerts"]}
        before = self.active
        raised = sorted(m for m in now if m not in before or before[m]["level"] != now[m]["level"])
        cleared = sorted(m for m in before if m not in now)
        self.active = now
        if not raised and not cleared:
            return None
        return {**health, "raised": raised, "cleared": cleared}

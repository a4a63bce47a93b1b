"""First contentful paint of the home view at 1.6 Mbit/s with 150 ms latency, beside a
bare static HTML page served the same way in the same run.

Run: `npm run build` in vue-frontend first, then `.venv/bin/python bench/bench_fcp.py`
(about a minute; `--runs N` loads per page, default 5).

The API runs as in production (gunicorn with the launcher's configuration) and serves the
built UI from `vue-frontend/dist`; the baseline is `fcp-baseline.html`, a page with one
heading and one paragraph, written into `dist` for the run and removed after it, so that
both pages go through the same route, the same headers and the same precompressed-file
negotiation. Debian's Chromium (`/usr/bin/chromium`, headless) is driven over the Chrome
DevTools Protocol (`websockets`): every load is a fresh tab with the cache disabled and
`Network.emulateNetworkConditions` (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up, the
"slow 4G" of Lighthouse). FCP is the page's own `first-contentful-paint` entry; "shown" is
when the view's own content (the home view's root, the baseline's heading) is first on the
page; bytes are the encoded sizes of the responses by then (`Network.loadingFinished`). The WebSocket server is
not started: the home view paints before it connects, and retries in the background.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]
DIST = HERE / "vue-frontend" / "dist"
BASELINE = "fcp-baseline.html"
BASELINE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>DataPulse</title></head>
<body><h1>DataPulse</h1><p>A bare static page: the floor of first contentful paint on this link.</p></body></html>
"""
LATENCY_MS = 150
DOWN_BPS = 1_600_000 / 8
UP_BPS = 750_000 / 8
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """gunicorn -k gevent -w 1 serving the API and the UI, stopped (TERM, then KILL) on exit."""

    def __init__(self, data: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ, "DATA_DIR": str(data / "data"), "UPLOAD_FOLDER": str(data / "uploads"),
            "FLASK_PORT": str(self.port), "WS_PORT": str(free_port()), "SECRET_KEY": "bench-secret-key-0123456789",
            "LOG_LEVEL": "WARNING", "PYTHONPATH": str(HERE),
        }  # fmt: skip
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        import requests

        cmd = [sys.executable, "-m", "gunicorn", "-c", "python:datapulse.api.serve.gunicorn_conf",
               "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{self.port}", "--log-level", "warning",
               "datapulse.api.app:create_app()"]  # fmt: skip
        self.proc = subprocess.Popen(cmd, cwd=HERE, env=self.env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.base}/{BASELINE}", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


class Browser:
    """Headless Chromium with a DevTools endpoint; one CDP connection, sessions per tab."""

    def __init__(self) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="bench-fcp-chromium-"))
        self.proc: subprocess.Popen[bytes] | None = None
        self.ws: Any = None
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Browser:
        import websockets

        args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", f"--user-data-dir={self.profile}", "--remote-debugging-port=0",
                "about:blank"]  # fmt: skip
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.is_file() and len(port_file.read_text().splitlines()) >= 2):
            if time.monotonic() > deadline:
                raise RuntimeError("Chromium did not open its DevTools port")
            await asyncio.sleep(0.1)
        port, path = port_file.read_text().splitlines()[:2]
        self.ws = await websockets.connect(f"ws://127.0.0.1:{port}{path}", max_size=None)
        self.reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        async for raw in self.ws:
            message = json.loads(raw)
            future = self.pending.pop(message.get("id", -1), None)
            if future is not None:
                future.set_result(message)
            else:
                await self.events.put(message)

    async def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
        number = next(self.ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[number] = future
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        await self.ws.send(json.dumps(message))
        answer = await asyncio.wait_for(future, 60)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    async def load(self, url: str, ready: str) -> tuple[float, float, int]:
        """(FCP, the time `ready` (a CSS selector) is on the page, both in ms from the
        navigation's start; bytes on the wire by then) of `url` in a fresh throttled tab."""
        target = (await self.send("Target.createTarget", {"url": "about:blank"}))["targetId"]
        session = (await self.send("Target.attachToTarget", {"targetId": target, "flatten": True}))["sessionId"]
        try:
            await self.send("Network.enable", session=session)
            await self.send("Network.setCacheDisabled", {"cacheDisabled": True}, session)
            conditions = {"offline": False, "latency": LATENCY_MS, "downloadThroughput": DOWN_BPS,
                          "uploadThroughput": UP_BPS}  # fmt: skip
            await self.send("Network.emulateNetworkConditions", conditions, session)
            await self.send("Page.enable", session=session)
            # the page notes when `ready` is first in the document (performance.now(): FCP's clock)
            watch = (
                "(() => { const check = () => { if (window.__shown === undefined && document.querySelector("
                + json.dumps(ready)
                + ")) window.__shown = performance.now() };"
                " new MutationObserver(check).observe(document, {subtree: true, childList: true}) })()"
            )
            await self.send("Page.addScriptToEvaluateOnNewDocument", {"source": watch}, session)
            while not self.events.empty():
                self.events.get_nowait()
            await self.send("Page.navigate", {"url": url}, session)
            wire = 0
            fcp: float | None = None
            shown: float | None = None
            deadline = time.monotonic() + 60
            while (fcp is None or shown is None) and time.monotonic() < deadline:
                try:
                    event = await asyncio.wait_for(self.events.get(), 0.1)
                    if event.get("sessionId") == session and event.get("method") == "Network.loadingFinished":
                        wire += int(event["params"].get("encodedDataLength", 0))
                    continue
                except TimeoutError:
                    pass
                probe = (
                    "[performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,"
                    " window.__shown ?? null]"
                )
                result = await self.send("Runtime.evaluate", {"expression": probe, "returnByValue": True}, session)
                fcp, shown = result.get("result", {}).get("value") or (None, None)
            if fcp is None or shown is None:
                raise RuntimeError(f"no first contentful paint or no {ready} for {url}")
            return float(fcp), float(shown), wire
        finally:
            await self.send("Target.closeTarget", {"targetId": target})

    async def __aexit__(self, *exc: object) -> None:
        if self.reader:
            self.reader.cancel()
        if self.ws is not None:
            await self.ws.close()
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


async def measure(base: str, runs: int) -> dict[str, list[tuple[float, float, int]]]:
    pages = {
        "baseline (bare HTML)": (f"{base}/{BASELINE}", "h1"),
        "home view": (f"{base}/", '[data-testid="home-view"]'),
    }
    out: dict[str, list[tuple[float, float, int]]] = {name: [] for name in pages}
    async with Browser() as browser:
        for url, ready in pages.values():  # one warm-up each: the server's first answer is not the subject
            await browser.load(url, ready)
        for _ in range(runs):  # alternating, so that a slow moment of the machine hits both
            for name, (url, ready) in pages.items():
                out[name].append(await browser.load(url, ready))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not (DIST / "index.html").is_file():
        sys.exit("vue-frontend/dist is missing: run `npm run build` in vue-frontend first")
    baseline = DIST / BASELINE
    baseline.write_text(BASELINE_HTML, encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-fcp-") as tmp, Server(Path(tmp)) as server:
            (Path(tmp) / "uploads").mkdir(exist_ok=True)
            results = asyncio.run(measure(server.base, args.runs))
    finally:
        baseline.unlink(missing_ok=True)
    print(f"first contentful paint at {DOWN_BPS * 8 / 1e6:.1f} Mbit/s, {LATENCY_MS} ms latency, {args.runs} loads each")
    print("FCP: first contentful paint; shown: the view's own content on the page; bytes: on the wire by then")
    print(f"{'page':<22}{'FCP median':>11}{'min':>6}{'max':>6}{'shown median':>14}{'bytes':>9}")
    for name, samples in results.items():
        fcp = [f for f, _, _ in samples]
        shown = statistics.median(s for _, s, _ in samples)
        wire = int(statistics.median(b for _, _, b in samples))
        row = f"{statistics.median(fcp):>9.0f}ms{min(fcp):>6.0f}{max(fcp):>6.0f}{shown:>12.0f}ms{wire:>9}"
        print(f"{name:<22}{row}")


if __name__ == "__main__":
    main()

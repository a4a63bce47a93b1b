"""WebSocket fan-out benchmark: the platform's bus and server against the bare library.

Run: `.venv/bin/python bench/bench_ws.py` (about a minute; `--quick` for 100 clients only).

Two servers, measured in the same run with the same clients:
- bare: the `websockets` library alone, `broadcast()` from inside one process (the ceiling);
- bus: `websocket_server.py` fed by a separate publisher process through `make_bus(settings)`
  (the local transport the API uses: HMAC-authenticated `/publish`, batched sender thread).

For 100 and 1,000 connected clients: deliveries/s and p50/p99 publish-to-client latency in
a burst (events published as fast as possible), p50/p99 at 20 events/s to every client,
and the server's memory per idle connection (RSS delta / N). Clients are raw sockets in this
process that parse frame headers only, so the client side costs as little as possible;
both servers use compression off (WS_COMPRESSION default). Times are CLOCK_MONOTONIC,
shared by every process on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAD = "x" * 120  # events of about 250 bytes, like a file_update
SECRET = "bench-secret-key-0123456789abcdef"


# ---------------------------------------------------------------------------- clients
class Stats:
    def __init__(self) -> None:
        self.count = 0
        self.latencies: list[float] = []
        self.first_t = float("inf")
        self.last_arrival = 0.0

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]


class RawClient(asyncio.Protocol):
    """A WebSocket client that only parses frame headers and the event's "t" field."""

    def __init__(self, port: int, stats: Stats) -> None:
        self.port, self.stats = port, stats
        self.buf = bytearray()
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        transport.write(request.encode())  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        buf = self.buf
        buf += data
        if not self.ready.done():
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            if not buf.startswith(b"HTTP/1.1 101"):
                self.ready.set_exception(RuntimeError(bytes(buf[:80]).decode(errors="replace")))
                return
            del buf[: end + 4]
            self.ready.set_result(None)
        pos, size, stats = 0, len(buf), self.stats
        while size - pos >= 2:
            length, head = buf[pos + 1] & 0x7F, 2
            if length == 126:
                if size - pos < 4:
                    break
                length, head = int.from_bytes(buf[pos + 2 : pos + 4], "big"), 4
            elif length == 127:
                if size - pos < 10:
                    break
                length, head = int.from_bytes(buf[pos + 2 : pos + 10], "big"), 10
            end = pos + head + length
            if end > size:
                break
            opcode = buf[pos] & 0x0F
            if opcode == 1:
                at = buf.find(b'"t":', pos + head, end)
                if at >= 0:
                    stop = buf.find(b",", at, end)
                    t = float(buf[at + 4 : stop])
                    stats.count += 1
                    stats.latencies.append(now - t)
                    if t < stats.first_t:
                        stats.first_t = t
                    stats.last_arrival = now
            elif opcode == 9 and self.transport is not None:  # ping: answer with a masked pong
                payload = bytes(buf[pos + head : end])
                self.transport.write(bytes([0x8A, 0x80 | len(payload)]) + b"\0\0\0\0" + payload)
            pos = end
        del buf[:pos]


async def connect_clients(port: int, n: int, stats: Stats) -> list[RawClient]:
    loop = asyncio.get_running_loop()
    clients: list[RawClient] = []
    for start in range(0, n, 50):
        batch = []
        for _ in range(min(50, n - start)):
            _, proto = await loop.create_connection(lambda: RawClient(port, stats), "127.0.0.1", port)
            batch.append(proto)
        await asyncio.gather(*(c.ready for c in batch))
        clients += batch
    return clients


# ------------------------------------------------------------------------ bare server
async def bare_server(port: int) -> None:
    """The ceiling: the library's own broadcast() from inside the server process."""
    from websockets.asyncio.server import broadcast, serve

    clients: set[Any] = set()

    async def burst(n: int, rate: float | None) -> None:
        start = time.monotonic()
        for i in range(n):
            if rate:  # stamped with its scheduled time: a server that falls behind shows it
                t = start + i / rate
                await asyncio.sleep(max(0.0, t - time.monotonic()))
            else:
                t = time.monotonic()
            message = json.dumps(
                {
                    "type": "activity",
                    "topic": "activity",
                    "seq": i + 1,
                    "ts": "2026-01-01T00:00:00.000000Z",
                    "data": {"t": t, "i": i, "pad": PAD},
                },
                separators=(",", ":"),
            )
            broadcast(clients, message)
            if not rate and i % 20 == 19:
                await asyncio.sleep(0)

    async def handler(ws: Any) -> None:
        if ws.request.path == "/control":
            async for message in ws:
                command = json.loads(message)
                await burst(command["n"], command.get("rate"))
                await ws.send("done")
            return
        clients.add(ws)
        try:
            await ws.wait_closed()
        finally:
            clients.discard(ws)

    async with serve(handler, "127.0.0.1", port, compression=None, ping_interval=30, max_queue=None):
        print("ready", flush=True)
        await asyncio.get_running_loop().create_future()


# -------------------------------------------------------------------- bus publisher
def bus_publisher(port: int, data_dir: str) -> None:
    """Publishes through make_bus(settings): the API's own transport, in its own process."""
    from datapulse.bus import make_bus
    from datapulse.settings import load_settings

    settings = load_settings(environ={"WS_PORT": str(port), "DATA_DIR": data_dir, "SECRET_KEY": SECRET}, env_file=None)
    bus = make_bus(settings)
    print("ready", flush=True)
    for line in sys.stdin:
        n, rate = json.loads(line)["n"], json.loads(line).get("rate")
        start = time.monotonic()
        for i in range(n):
            if rate:  # the same schedule as the bare server's
                t = start + i / rate
                time.sleep(max(0.0, t - time.monotonic()))
            else:
                t = time.monotonic()
            bus.publish("activity", "activity", {"t": t, "i": i, "pad": PAD})
        deadline = time.monotonic() + 30
        while bus.stats()["queued"] and time.monotonic() < deadline:
            time.sleep(0.001)
        print(json.dumps(bus.stats()), flush=True)


# ----------------------------------------------------------------------------- driver
def spawn(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_ready(proc: subprocess.Popen[str]) -> None:
    line = await asyncio.to_thread(proc.stdout.readline)  # type: ignore[union-attr]
    if line.strip() != "ready":
        raise RuntimeError(f"child not ready: {line!r}")


async def wait_port(port: int) -> None:
    for _ in range(200):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.05)
    raise RuntimeError(f"port {port} never opened")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


class Target:
    """One server under test and the way to make it publish."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.port = free_port()
        self.procs: list[subprocess.Popen[str]] = []
        self.server_pid = 0
        self.tmp = tempfile.TemporaryDirectory(prefix="bench_ws_")

    async def start(self) -> None:
        if self.name == "bare":
            proc = spawn([__file__, "--bare-server", str(self.port)])
            self.procs.append(proc)
            await wait_ready(proc)
            self.control = await _control(self.port)
        else:
            env = {
                **os.environ,
                "DATA_DIR": self.tmp.name,
                "UPLOAD_FOLDER": self.tmp.name,
                "SECRET_KEY": SECRET,
                "LOG_LEVEL": "WARNING",
                "WS_PORT": str(self.port),
                "FLASK_PORT": str(free_port()),
                "REDIS_URL": "",
            }
            proc = spawn(["websocket_server.py", "--host", "127.0.0.1", "--port", str(self.port)], env)
            self.procs.append(proc)
            await wait_port(self.port)
            self.publisher = spawn([__file__, "--publisher", str(self.port), self.tmp.name], env)
            self.procs.append(self.publisher)
            await wait_ready(self.publisher)
        self.server_pid = self.procs[0].pid

    async def publish(self, n: int, rate: float | None = None) -> dict[str, Any]:
        command = json.dumps({"n": n, "rate": rate})
        if self.name == "bare":
            await self.control.send(command)
            await self.control.recv()
            return {}
        self.publisher.stdin.write(command + "\n")  # type: ignore[union-attr]
        self.publisher.stdin.flush()  # type: ignore[union-attr]
        return json.loads(await asyncio.to_thread(self.publisher.stdout.readline))  # type: ignore[union-attr]

    def cpu_s(self) -> float:
        """CPU seconds used so far by the server and, for the bus, its publisher too."""
        total = 0.0
        for proc in self.procs:
            times = psutil.Process(proc.pid).cpu_times()
            total += times.user + times.system
        return total

    def rss(self) -> int:
        return int(psutil.Process(self.server_pid).memory_info().rss)

    async def stop(self) -> None:
        if self.name == "bare":
            await self.control.close()
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            for stream in (proc.stdin, proc.stdout):
                if stream:
                    stream.close()
        self.tmp.cleanup()


async def _control(port: int) -> Any:
    from websockets.asyncio.client import connect

    return await connect(f"ws://127.0.0.1:{port}/control", max_size=None, ping_interval=None)


async def deliver(target: Target, stats: Stats, clients: int, n: int, rate: float | None) -> dict[str, float]:
    """Publish n events (at `rate`/s, or as fast as possible); wait for every delivery."""
    stats.reset()
    expected = n * clients
    cpu_before, me = target.cpu_s(), psutil.Process()
    mine_before = sum(me.cpu_times()[:2])
    bus_stats = await target.publish(n, rate)
    deadline = time.monotonic() + 60
    while stats.count < expected and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    cpu = target.cpu_s() - cpu_before
    mine = sum(me.cpu_times()[:2]) - mine_before
    span = max(stats.last_arrival - stats.first_t, 1e-9)
    return {
        "delivered": stats.count,
        "expected": expected,
        "per_s": stats.count / span,
        "p50_ms": pct(stats.latencies, 0.50),
        "p99_ms": pct(stats.latencies, 0.99),
        "dropped": float(bus_stats.get("dropped", 0)),
        "cpu_us": cpu / max(stats.count, 1) * 1e6,
        "client_cpu_us": mine / max(stats.count, 1) * 1e6,
    }


async def measure(name: str, sizes: list[int]) -> dict[str, Any]:
    target = Target(name)
    await target.start()
    stats = Stats()
    results: dict[str, Any] = {}
    clients: list[RawClient] = []
    try:
        await asyncio.sleep(0.5)
        rss_before = target.rss()
        for size in sizes:
            clients += await connect_clients(target.port, size - len(clients), stats)
            await asyncio.sleep(1.0)
            rss_idle = target.rss()
            burst_events = max(200, 100_000 // size)
            await deliver(target, stats, size, 20, None)  # warm-up
            burst = await deliver(target, stats, size, burst_events, None)
            paced = await deliver(target, stats, size, 80, 20.0)
            results[size] = {
                "burst": burst,
                "paced": paced,
                "kib_per_idle_conn": (rss_idle - rss_before) / size / 1024,
            }
    finally:
        for client in clients:
            if client.transport is not None:
                client.transport.close()
        await target.stop()
    return results


def report(results: dict[str, dict[str, Any]], sizes: list[int]) -> int:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nWebSocket fan-out on {os.cpu_count()} cores, load average {load} (events of ~250 B, no compression)")
    print("burst: events published as fast as possible (throughput; its latency is queueing, not shown)")
    print("CPU us/delivery: CPU time of the server (+ the publisher for bus) per delivery in the burst,")
    print("  the figure a loaded machine distorts least: 1e6 / it = deliveries per CPU-second;")
    print("  (clients): the same for this process, which holds every client\n")
    header = (
        f"{'server':<6} {'clients':>7} {'burst deliveries/s':>19} {'CPU us/delivery':>15} {'(clients)':>9} "
        f"{'20 ev/s p50/p99 ms':>19} {'KiB/idle conn':>13} {'lost':>5}"
    )
    print(header)
    for name in ("bare", "bus"):
        for size in sizes:
            r = results[name][size]
            b, p = r["burst"], r["paced"]
            lost = (b["expected"] - b["delivered"]) + (p["expected"] - p["delivered"])
            print(
                f"{name:<6} {size:>7} {b['per_s']:>19,.0f} {b['cpu_us']:>15.2f} {b['client_cpu_us']:>9.2f} "
                f"{p['p50_ms']:>9.1f}/{p['p99_ms']:<9.1f} {r['kib_per_idle_conn']:>13.1f} {lost:>5}"
            )
    big = max(sizes)
    bus, bare = results["bus"][big], results["bare"][big]
    ratio = bus["burst"]["per_s"] / bare["burst"]["per_s"]
    cpu_ratio = bare["burst"]["cpu_us"] / max(bus["burst"]["cpu_us"], 1e-9)
    p99, kib = bus["paced"]["p99_ms"], bus["kib_per_idle_conn"]
    goals = [
        (f"bus throughput at {big} clients >= 1/2 of bare", ratio >= 0.5, f"{ratio:.2f} x bare"),
        (f"bus deliveries per CPU-second at {big} clients >= 1/2 of bare", cpu_ratio >= 0.5, f"{cpu_ratio:.2f} x bare"),
        (f"bus p99 at 20 ev/s x {big} clients < 50 ms", p99 < 50, f"{p99:.1f} ms"),
        ("bus memory per idle connection < 20 KiB", kib < 20, f"{kib:.1f} KiB"),
    ]
    print()
    for label, ok, figure in goals:
        print(f"[{'ok' if ok else 'MISSED'}] {label}: {figure}")
    return 0


async def main(sizes: list[int]) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, 4 * max(sizes) + 256))
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    results = {"bare": await measure("bare", sizes), "bus": await measure("bus", sizes)}
    return report(results, sizes)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 clients only")
    parser.add_argument("--bare-server", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--publisher", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_server:
        asyncio.run(bare_server(args.bare_server))
    elif args.publisher:
        bus_publisher(int(args.publisher[0]), args.publisher[1])
    else:
        sys.exit(asyncio.run(main([100] if args.quick else [100, 1000])))

"""The API with its real bus: uploads reach WebSocket clients; health reports the bus."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Iterator

import pytest
from websockets.asyncio.client import connect

from datapulse.api.app import create_app
from datapulse.bus.local import LocalBus
from datapulse.bus.redis_stream import RedisBus
from datapulse.events import Notification
from datapulse.settings import Settings
from tests.conftest import migrated
from tests.realtime.conftest import WsServer, close_app, recv_events, recv_json


@pytest.fixture
def real_app(settings: Settings) -> Iterator:  # type: ignore[type-arg]
    """The app as production builds it: no bus passed, so make_bus(settings) picks it."""
    application = create_app(migrated(settings))
    application.config["TESTING"] = True
    try:
        yield application
    finally:
        close_app(application)


def upload_csv(client, name: str = "sales.csv"):  # type: ignore[no-untyped-def]
    data = {"file": (io.BytesIO(b"region,amount\nnorth,10\nsouth,20\n"), name)}
    return client.post("/api/files", data=data, content_type="multipart/form-data")


def assert_upload_reaches_client(app, server: WsServer) -> None:  # type: ignore[no-untyped-def]
    async def main() -> None:
        async with connect(server.url) as ws:
            await recv_json(ws)
            response = await asyncio.to_thread(upload_csv, app.test_client())
            assert response.status_code == 201, response.get_json()
            file_id = response.get_json()["files"][0]["id"]
            (event,) = await recv_events(ws, 1, "file_update")
            assert set(event) == {"type", "topic", "seq", "ts", "data"}
            assert event["topic"] == "files" and event["data"]["action"] == "created"
            assert event["data"]["file"]["id"] == file_id
            (done,) = await recv_events(ws, 1, "activity")
            assert done["data"]["file_id"] == file_id and done["seq"] > event["seq"]
            with app.app_context():
                from datapulse.api.services import services
                from datapulse.bus.base import emit

                emit(services().bus, Notification("success", "Done", "all good"))
            (note,) = await recv_events(ws, 1, "notification")
            assert note["topic"] == "notifications" and note["data"]["title"] == "Done"

    asyncio.run(main())


def test_upload_reaches_a_client_through_the_local_bus(real_app, ws_server: WsServer) -> None:  # type: ignore[no-untyped-def]
    """create_app builds a LocalBus by default; an upload's file_update reaches a real client."""
    assert isinstance(real_app.extensions["datapulse"].bus, LocalBus)
    assert_upload_reaches_client(real_app, ws_server)


def test_upload_reaches_a_client_through_redis(settings: Settings, redis_url: str, start_ws_server) -> None:  # type: ignore[no-untyped-def]
    """With REDIS_URL the app publishes to Redis and a WebSocket server relays the upload."""
    redis_settings = settings.replace(REDIS_URL=redis_url)
    server = start_ws_server(REDIS_URL=redis_url, METRICS_INTERVAL="3600")
    app = create_app(migrated(redis_settings))
    app.config["TESTING"] = True
    try:
        assert isinstance(app.extensions["datapulse"].bus, RedisBus)
        wait_redis_feed(server)
        assert_upload_reaches_client(app, server)
        checks = app.test_client().get("/api/health").get_json()["checks"]
        assert checks["websocket"]["status"] == "healthy" and checks["websocket"]["servers"] >= 1
        assert checks["redis"]["status"] == "healthy"
    finally:
        close_app(app)


def wait_redis_feed(server: WsServer) -> None:
    deadline = time.monotonic() + 10
    while not server.health()["redis"]["connected"]:
        assert time.monotonic() < deadline, server.health()
        time.sleep(0.05)


def test_health_degraded_while_the_ws_server_is_down(real_app, settings: Settings, start_ws_server) -> None:  # type: ignore[no-untyped-def]
    """The `websocket` check is degraded (API still 200) without a server, healthy once it is up."""
    client = real_app.test_client()
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["checks"]["websocket"]["status"] == "degraded"
    assert body["status"] in ("degraded", "unhealthy") and body["status"] != "healthy"
    real_app.extensions["datapulse"].bus.publish("activity", "activity", {"n": 1})
    start_ws_server(port=settings.WS_PORT, METRICS_INTERVAL="3600")
    check = client.get("/api/health").get_json()["checks"]["websocket"]
    assert check["status"] == "healthy" and check["reachable"] is True
    assert check["transport"] == "local"


def test_health_with_redis_down_is_degraded(settings: Settings, bus) -> None:  # type: ignore[no-untyped-def]
    """An unreachable REDIS_URL makes `redis` and `websocket` degraded; the API keeps answering."""
    dead = settings.replace(REDIS_URL="redis://127.0.0.1:1/0")
    app = create_app(migrated(dead))
    try:
        body = app.test_client().get("/api/health").get_json()
        assert body["checks"]["redis"]["status"] == "degraded"
        assert body["checks"]["websocket"]["status"] == "degraded"
        app.extensions["datapulse"].bus.publish("activity", "activity", {})  # never raises
    finally:
        close_app(app)


def test_memory_bus_health_is_healthy(client) -> None:  # type: ignore[no-untyped-def]
    """With the tests' MemoryBus the check says so and stays healthy."""
    check = client.get("/api/health").get_json()["checks"]["websocket"]
    assert check["status"] == "healthy" and check["transport"] == "memory"

"""What a client may say (SPEC 6): subscribe, unsubscribe, ping, resume.

Bad input never closes a healthy connection: it gets an `error` message whose `data`
holds `code` and `message`, and the connection stays open.
"""

from __future__ import annotations

import json
from typing import Any

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from datapulse.auth.principal import Principal
from datapulse.events import TOPICS
from datapulse.realtime.budget import FLOOD_CLOSE_CODE, MessageRate
from datapulse.realtime.hub import Client, Hub


async def serve_client(
    hub: Hub, conn: ServerConnection, max_per_s: float | None = None, principal: Principal | None = None
) -> None:
    """A client's whole life: greeted, registered, its messages answered, then forgotten.
    One that sends more than `max_per_s` messages a second is told so and closed.
    `principal` (users mode) limits the events it receives to what it may read."""
    client = hub.add(conn, principal)
    rate = MessageRate(max_per_s) if max_per_s else None
    try:
        async for message in conn:
            if client.id not in hub.clients:
                break  # dropped (too slow): read nothing more from it
            if rate is not None and not rate.allow():
                error(hub, client, "rate_limited", f"More than {max_per_s:g} messages a second; closing.")
                hub.closed_flooding += 1
                hub.warnings.warning("closing client %s: more than %g messages a second", client.id, max_per_s)
                hub.close_client(client, FLOOD_CLOSE_CODE, "too many messages")
                break
            handle_message(hub, client, message)
    except ConnectionClosed:
        pass
    finally:
        hub.remove(client)


def error(hub: Hub, client: Client, code: str, message: str, **details: Any) -> None:
    hub.send_control(client, "error", {"code": code, "message": message, **details})


def handle_message(hub: Hub, client: Client, raw: str | bytes) -> None:
    try:
        message = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        error(hub, client, "invalid_json", "The message is not valid JSON.")
        return
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        error(hub, client, "invalid_message", 'A message must be a JSON object with a string "type".')
        return
    kind = message["type"]
    if kind in ("subscribe", "unsubscribe"):
        topics = _topics(hub, client, message)
        if topics is not None:
            (hub.subscribe if kind == "subscribe" else hub.unsubscribe)(client, topics)
    elif kind == "ping":
        data = message.get("data")
        hub.send_control(client, "pong", data if isinstance(data, dict) else {})
    elif kind == "resume":
        after = message.get("after_seq")
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            error(hub, client, "invalid_message", '"after_seq" must be an integer >= 0.')
            return
        hub.resume(client, after)
    else:
        error(
            hub,
            client,
            "unknown_type",
            f"Unknown message type {kind!r}.",
            allowed=["subscribe", "unsubscribe", "ping", "resume"],
        )


def _topics(hub: Hub, client: Client, message: dict[str, Any]) -> list[str] | None:
    """The valid topics of a (un)subscribe; None (and an error) when there are none to apply."""
    topics = message.get("topics")
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        error(hub, client, "invalid_message", '"topics" must be a list of topic names.', topics=list(TOPICS))
        return None
    unknown = sorted({t for t in topics if t not in TOPICS})
    if unknown:
        text = f"Unknown topics: {', '.join(unknown)}."
        error(hub, client, "unknown_topic", text, unknown=unknown, topics=list(TOPICS))
    return [t for t in topics if t in TOPICS]

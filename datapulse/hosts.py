"""Which names and origins are this platform's own: shared by the API's request checks and
the WebSocket server's handshake, so that both answer the same browser the same way."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from datapulse.settings import Settings

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})


def is_wildcard(host: str) -> bool:
    return host.strip("[]") in WILDCARDS


def split_host(value: str) -> tuple[str, int | None]:
    """`name:port`, `[v6]:port` or a bare name → (lower-case name without brackets, port)."""
    value = value.strip().lower()
    try:
        parts = urlsplit(f"//{value}")
        name, port = parts.hostname or "", parts.port
    except ValueError:
        return "", -1  # a malformed port is never ours
    return name.rstrip("."), port


def is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostPolicy:
    """Which `Host` headers and browser origins name this platform.

    Bound to one address, that address (and the loopback names when it is loopback)
    on FLASK_PORT. Bound to a wildcard (0.0.0.0, ::), the platform is meant to be reached
    from other machines under an address we cannot know in advance: then any IP literal,
    the loopback names and this machine's host name are accepted. An IP literal cannot be
    re-bound, so DNS rebinding still fails; any other name must be in ALLOWED_HOSTS.
    """

    def __init__(self, settings: Settings) -> None:
        self.port = settings.FLASK_PORT
        host = settings.HOST.strip("[]").lower()
        self.wildcard = host in WILDCARDS
        names = {host}
        if self.wildcard or host in LOOPBACK_NAMES or host.startswith("127."):
            names |= LOOPBACK_NAMES
        if self.wildcard:
            names.add(socket.gethostname().lower())  # no DNS lookup: start-up stays fast offline
        self.names = frozenset(names - WILDCARDS)
        self.listed: set[str] = set()
        self.listed_any = False
        for entry in settings.ALLOWED_HOSTS:
            if entry == "*":
                self.listed_any = True
            else:
                self.listed.add(entry.strip().lower())
        self.origins = frozenset(settings.allowed_origins)

    def host_allowed(self, value: str | None, *, same_port: bool = False) -> bool:
        """A `Host` header naming this platform. The port is not compared unless asked:
        DNS rebinding is stopped by the name (a rebound page sends the attacker's name),
        and the platform is served on other ports too (a test server, a proxy on 80)."""
        if self.listed_any:
            return True
        if not value:
            return False
        name, port = split_host(value)
        if not name or port == -1:
            return False
        if name in self.listed or value.strip().lower() in self.listed:
            return True
        if same_port and port is not None and port != self.port:
            return False
        return name in self.names or (self.wildcard and is_ip_literal(name))

    def ws_origin_allowed(self, origin: str, ws_host: str | None) -> bool:
        """The WebSocket handshake (another port): an allowed origin, or a page of this API,
        i.e. the same name the browser used to reach the WebSocket server, on FLASK_PORT
        (or a name in ALLOWED_HOSTS): what a LAN browser sends when HOST is a wildcard."""
        if origin in self.origins:
            return True
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not ws_host:
            return False
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return False
        name = (parts.hostname or "").rstrip(".")
        if name != split_host(ws_host)[0]:
            return False
        bracketed = f"[{name}]" if ":" in name else name
        return self.host_allowed(f"{bracketed}:{port}", same_port=True)

    def origin_allowed(self, origin: str, host: str | None) -> bool:
        """An allowed origin, or the page's own origin (scheme://Host of this request)."""
        if origin in self.origins:
            return True
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not host:
            return False
        return parts.netloc.lower() == host.strip().lower()


def public_urls(settings: Settings, host: str | None, scheme: str = "http") -> tuple[str, str]:
    """(api_url, ws_url) as the browser that sent `Host` must use them.

    A wildcard HOST is not an address anyone can connect to (`ws://0.0.0.0` fails in a
    browser on another machine): the name the browser used for the API is reused for the
    WebSocket server. PUBLIC_WS_URL, when set, always wins.
    """
    if not is_wildcard(settings.HOST) or not host:
        return settings.api_origin, settings.ws_url
    name, _ = split_host(host)
    if not name:
        return settings.api_origin, settings.ws_url
    bracketed = f"[{name}]" if ":" in name else name
    ws = settings.PUBLIC_WS_URL or f"{'wss' if scheme == 'https' else 'ws'}://{bracketed}:{settings.WS_PORT}/ws"
    return f"{scheme}://{host.strip()}", ws

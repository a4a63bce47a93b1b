"""The client's address behind a reverse proxy (`TRUSTED_PROXIES`).

Behind nginx every request comes from nginx's address, so per-address rate limits, the
audit log's `remote_addr`, the sign-in events and the per-client connection share would
all see one client. nginx says who its client was in `X-Forwarded-For`, but so can any
client that reaches the API directly: the header is believed only when the direct peer
is a trusted proxy, and then read from the right (the hop the proxy appended itself)
past every trusted hop, to the first address that is not a trusted proxy. That is what
nginx's own `real_ip` module does with `real_ip_recursive on`.

Not werkzeug's `ProxyFix`: it trusts a fixed *number* of hops from *any* peer (with
`x_for=1`, a client that reaches the API port directly names its own address with one
header), and a chain of trusted proxies of varying length has no fixed number. The walk
needs only `ipaddress`; no proxy-headers library for WSGI does the address check either.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from datapulse.settings import Network, Settings

# The direct peer's address, kept in the WSGI environ beside the resolved REMOTE_ADDR.
PEER_ADDR = "datapulse.peer_addr"


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # `::ffff:10.0.0.1` from a dual-stack socket is 10.0.0.1
    return address


class TrustedProxies:
    """Which peers may say who their client was, and who it was."""

    def __init__(self, networks: Iterable[Network]) -> None:
        self.networks = tuple(networks)
        self.trusts = lru_cache(maxsize=1024)(self._trusts)

    @classmethod
    def from_settings(cls, settings: Settings) -> TrustedProxies:
        return cls(settings.trusted_proxy_networks)

    def __bool__(self) -> bool:
        return bool(self.networks)

    def _trusts(self, address: str) -> bool:
        parsed = _address(address)
        return parsed is not None and any(parsed in network for network in self.networks)

    def client(self, peer: str, forwarded_for: str | None) -> str:
        """The right-most hop of `forwarded_for` that is not a trusted proxy; `peer`
        itself when it is not trusted (its header is ignored) or sent none. A hop that
        is not an address ends the walk at the last trusted one before it."""
        if not forwarded_for or not self.trusts(peer):
            return peer
        client = peer
        for hop in reversed(forwarded_for.split(",")):
            address = _address(hop)
            if address is None:
                break
            client = str(address)
            if not self.trusts(client):
                break
        return client


class ForwardedFor:
    """WSGI middleware: `REMOTE_ADDR` becomes the client's address behind a trusted proxy
    (the peer's is kept under `PEER_ADDR`), so that every reader of
    `request.remote_addr` (rate limits, audit, sign-in events) sees the client."""

    def __init__(self, app: Any, trusted: TrustedProxies) -> None:
        self.app = app
        self.trusted = trusted

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        peer = environ.get("REMOTE_ADDR") or ""
        environ[PEER_ADDR] = peer
        environ["REMOTE_ADDR"] = self.trusted.client(peer, environ.get("HTTP_X_FORWARDED_FOR"))
        return self.app(environ, start_response)

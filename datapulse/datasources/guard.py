"""The address guard of `url` sources (SSRF): judge every resolved address, not the name.

A host passes only when every A and AAAA record it resolves to is a public address,
unless URL_SOURCE_ALLOWLIST names the host itself or a network holding the address.
The caller then connects to one of the checked addresses, so that a second DNS answer
(rebinding) cannot swap in another address between the check and the connection.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from datapulse.errors import ForbiddenAddress, Unprocessable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
SCHEMES = ("http", "https")
# Cloud metadata services, refused even if a future Python called them global.
METADATA = (ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"))
CGNAT = ipaddress.ip_network("100.64.0.0/10")


@dataclass(frozen=True)
class Target:
    """A URL split into what the fetcher needs, with the addresses that passed the guard."""

    scheme: str
    host: str
    port: int
    path: str  # path and query, as sent on the request line
    addresses: tuple[str, ...]

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


class Allowlist:
    """URL_SOURCE_ALLOWLIST: host names (exact, case-insensitive) and networks (CIDR or single IPs)."""

    def __init__(self, entries: Iterable[str]) -> None:
        self.hosts: set[str] = set()
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for entry in entries:
            entry = entry.strip()
            if not entry:
                continue
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.hosts.add(entry.lower().rstrip("."))

    def allows(self, host: str, address: IPAddress) -> bool:
        if host.lower().rstrip(".") in self.hosts:
            return True
        return any(address.version == net.version and address in net for net in self.networks)


def forbidden_reason(address: IPAddress) -> str | None:
    """Why an address may not be fetched, or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is not None:
            reason = forbidden_reason(embedded)
            if reason:
                return f"{reason} (embedded in {address})"
    checks = (
        (address in METADATA, "cloud metadata"),
        (address.is_loopback, "loopback"),
        (address.is_unspecified, "unspecified"),
        (address.is_link_local, "link-local"),
        (address.is_multicast, "multicast"),
        (isinstance(address, ipaddress.IPv4Address) and address in CGNAT, "carrier-grade NAT"),
        (address.is_private, "private"),
        (address.is_reserved, "reserved"),
        (not address.is_global, "not a public address"),
    )
    for hit, reason in checks:
        if hit:
            return reason
    return None


def split_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path) of an http(s) URL; Unprocessable otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Unprocessable(f"Not a valid URL: {exc}.", code="invalid_url", details={"url": url}) from exc
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise ForbiddenAddress(
            f"Only http and https URLs may be fetched, not {scheme or 'a URL without scheme'}.",
            details={"url": url},
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise Unprocessable("The URL has no host.", code="invalid_url", details={"url": url})
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port or (443 if scheme == "https" else 80), path


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address (A and AAAA) of a host; a literal address resolves to itself."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, IPAddress] = {}
    for _family, _type, _proto, _name, sockaddr in infos:
        text = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone id
        seen.setdefault(text, ipaddress.ip_address(text))
    return list(seen.values())


def check_addresses(host: str, addresses: list[IPAddress], allowlist: Allowlist) -> None:
    """Raise ForbiddenAddress if any address is refused and not allowlisted."""
    for address in addresses:
        reason = forbidden_reason(address)
        if reason and not allowlist.allows(host, address):
            raise ForbiddenAddress(
                f"The host {host} resolves to {address}, a {reason} address; "
                "list it in URL_SOURCE_ALLOWLIST to allow it.",
                details={"host": host, "address": str(address), "reason": reason},
            )


def check_target(url: str, allowlist: Allowlist) -> Target:
    """Resolve and check a URL for a fetch; raises ForbiddenAddress or OSError (DNS)."""
    scheme, host, port, path = split_url(url)
    addresses = resolve(host, port)
    if not addresses:
        raise OSError(f"{host} has no address")
    check_addresses(host, addresses, allowlist)
    return Target(scheme, host, port, path, tuple(str(a) for a in addresses))


def check_at_creation(url: str, allowlist: Allowlist) -> None:
    """Refuse at creation what is already clearly forbidden; a host that does not resolve
    now is accepted (the fetch will fail and say so, and will be checked again)."""
    scheme, host, port, _path = split_url(url)
    try:
        addresses = resolve(host, port)
    except OSError:
        return
    check_addresses(host, addresses, allowlist)

"""Database passwords of `sql` data sources, encrypted at rest.

A source's SQLAlchemy URL may carry `user:password@`; stored as is, anyone who can read
the metadata database (a backup, a shared PostgreSQL) has the password. The column type
below takes the password out of the URL before it is written and keeps it encrypted
(Fernet) beside it; reading puts it back, so the rest of the code sees the URL it was
given. The key is derived from the platform's secret (SECRET_KEY, or the generated key
file in DATA_DIR, 0600): never in the database. The API masks the password anyway.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import JSON
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)
SEALED_KEY = "url_password_sealed"
_fernet: Fernet | None = None


def configure(secret: str) -> None:
    """Called when the database is opened: the key every process of a platform shares."""
    global _fernet
    digest = hashlib.sha256(b"datapulse sql source passwords\x00" + secret.encode()).digest()
    _fernet = Fernet(base64.urlsafe_b64encode(digest))


def seal(config: dict[str, Any]) -> dict[str, Any]:
    """The config with the URL's password replaced by its ciphertext (sql sources only)."""
    raw = config.get("url")
    if _fernet is None or "query" not in config or not isinstance(raw, str) or SEALED_KEY in config:
        return config
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError):
        return config
    if not url.password:
        return config
    token = _fernet.encrypt(str(url.password).encode()).decode()
    bare = url._replace(password=None).render_as_string(hide_password=False)  # set() keeps a None
    return {**config, "url": bare, SEALED_KEY: token}


def unseal(config: dict[str, Any]) -> dict[str, Any]:
    token = config.get(SEALED_KEY)
    if not isinstance(token, str) or _fernet is None:
        return config
    out = {k: v for k, v in config.items() if k != SEALED_KEY}
    try:
        password = _fernet.decrypt(token.encode()).decode()
        out["url"] = make_url(out["url"]).set(password=password).render_as_string(hide_password=False)
    except (InvalidToken, ArgumentError, ValueError, KeyError):
        log.warning("a stored sql source password cannot be decrypted (was SECRET_KEY changed?)")
    return out


class SealedJSON(TypeDecorator[Any]):
    """JSON whose `url` password is stored encrypted (see the module docstring)."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return seal(value) if isinstance(value, dict) else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return unseal(value) if isinstance(value, dict) else value

"""Plugin secrets encrypted at rest with Fernet: the key is PLUGIN_SECRET_KEY or one made
once and kept in DATA_DIR with mode 0600, so a database dump alone reveals nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from datapulse.errors import DataPulseError
from datapulse.settings import Settings

KEY_FILE = "plugin_secret.key"


def load_key(settings: Settings) -> bytes:
    if settings.PLUGIN_SECRET_KEY:
        return settings.PLUGIN_SECRET_KEY.encode()
    path = Path(settings.DATA_DIR) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(Fernet.generate_key())
    return path.read_bytes().strip()


class SecretBox:
    """Reads (or makes) its key on first use, so that building the platform writes nothing."""

    def __init__(self, key: Callable[[], bytes]) -> None:
        self._key = key
        self._cached: Fernet | None = None

    @property
    def _fernet(self) -> Fernet:
        if self._cached is None:
            self._cached = Fernet(self._key())
        return self._cached

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def open(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise DataPulseError(
                "A plugin secret cannot be decrypted: was PLUGIN_SECRET_KEY changed?", code="secret_unreadable"
            ) from exc

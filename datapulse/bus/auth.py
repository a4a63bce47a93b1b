"""Secrets derived from `settings.secret_key`: every platform process shares that key
(SECRET_KEY, or the one kept in DATA_DIR), so only they can publish or share a stream."""

from __future__ import annotations

import hashlib
import hmac

PUBLISH_HEADER = "Authorization"


def publish_token(secret_key: str) -> str:
    """The bearer token an API process shows the WebSocket server's `/publish` path."""
    return hmac.new(secret_key.encode(), b"datapulse-publish-v1", hashlib.sha256).hexdigest()


def token_is_valid(secret_key: str, header_value: str | None) -> bool:
    """Constant-time check of an `Authorization: Bearer <token>` header."""
    if not header_value or not header_value.startswith("Bearer "):
        return False
    return hmac.compare_digest(header_value[len("Bearer ") :].strip(), publish_token(secret_key))


def redis_namespace(secret_key: str) -> str:
    """Key prefix in Redis: processes sharing a secret share a stream, others never mix.

    The `{...}` hash tag keeps every key of one platform in one Redis Cluster slot, so
    the publish script may touch the stream and the sequence counter together.
    """
    digest = hmac.new(secret_key.encode(), b"datapulse-redis-v1", hashlib.sha256).hexdigest()[:16]
    return f"datapulse:{{{digest}}}"

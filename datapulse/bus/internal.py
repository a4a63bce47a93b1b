"""Reports that travel on the bus for the WebSocket server's own use, never broadcast."""

from __future__ import annotations

from typing import Final

INTERNAL_TOPIC: Final = "_internal"
# The API's request latency over the last minute (datapulse.api.latency).
API_LATENCY: Final = "api_latency"
# A sign-in ended (logout, refresh-token reuse, a user disabled, deleted or given a new
# password, an API token revoked): {"user_id"}. WebSocket servers re-check that user's
# open connections at once and close the revoked ones (datapulse.realtime.users).
SIGN_IN_REVOKED: Final = "sign_in_revoked"
# The actions of AuthService that end sign-ins (a user_updated only when its `revoked` is true).
REVOKING_ACTIONS: Final = frozenset({"logout", "refresh_reused", "user_deleted", "token_revoked", "user_updated"})

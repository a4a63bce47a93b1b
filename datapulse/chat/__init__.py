"""Chat runs: the executor that runs the agents, the stored run events, SSE and export.

The API (datapulse.api.chat) creates conversations, messages and runs; this package
executes a run in the background, stores every event before anyone sees it, streams
the stored events as SSE to any reader in any worker, and exports conversations.
"""

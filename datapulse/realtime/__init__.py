"""The standalone WebSocket server (SPEC 6): hub, connections, ingest, system metrics.

What a client sees on `ws://HOST:WS_PORT/ws`, every message `{"type", "topic", "seq", "ts", "data"}`:

- events (`file_update`, `data_update`, `agent_update`, `activity`, `notification`,
  `system_metrics`, `system_health`, `user_status`): `topic` is theirs, `seq` is global
  and grows by one per event (also across servers sharing Redis);
- replies to one client (`welcome`, `pong`, `resumed`, `error`): `topic` is null and
  `seq` is the latest event's seq (no new number);
- `welcome.data`: `client_id`, `heartbeat_interval`, `seq`, `topics`;
- `resumed.data`: `after_seq`, `replayed` (count), `missed` (the buffer did not reach
  back that far, or after_seq is beyond our seq: the server or the stream was reset), `seq`;
- `error.data`: `code` (`invalid_json`, `invalid_message`, `unknown_type`,
  `unknown_topic`) and `message`; the connection stays open;
- `system_metrics.data`: `cpu` {percent, per_core, count, load_avg}, `memory`, `disk`
  (of UPLOAD_FOLDER), `network` {sent/recv_bytes_per_s}, `processes` [{pid, name, role,
  self, cpu_percent, memory_rss_bytes, memory_percent}], `websocket` {connections,
  events_per_s, seq, publishers, server_id}, `api_latency` {count, p50_ms, p95_ms,
  window_s, processes} or null, `health` {status, alerts};
- `system_health.data`: `status` (healthy, warning, error), `alerts` [{metric, value,
  threshold, level, message}], `raised` and `cleared` (metric names), `at`.

Close codes: 1009 frame over WS_MAX_MESSAGE_KB, 1013 too slow (its queue was full),
1001 server stopping, 4401 (users mode) not signed in, or its sign-in revoked. `GET /health`
on the same port answers JSON.
"""

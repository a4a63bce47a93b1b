"""Metrics shared by both servers: the system sampler and its alerts (the WebSocket
server's broadcast and the API's `GET /api/system/metrics`) and the mergeable latency
histogram (recorded by every API process, merged by the WebSocket server)."""

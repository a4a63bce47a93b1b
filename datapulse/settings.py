"""One typed settings object, read once from the environment and `.env`.

Everything in the platform receives a `Settings` instance; nothing deep inside the
code reads `os.environ`. The `SETTINGS` table is the single place where a setting's
name, type, default and description live: the README table, `config.py --summary`
and the validation all come from it.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import re
import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dotenv import dotenv_values
from limits import parse_many

ALLOWED_EXTENSIONS = ("csv", "tsv", "txt", "json", "jsonl", "ndjson", "xlsx", "parquet")
LANGUAGES = ("en", "de", "zh")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class SettingsError(ValueError):
    """Raised with every problem found, so that one run shows them all."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid configuration:\n  - " + "\n  - ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Setting:
    name: str
    kind: str  # str, int, float, bool, list, path
    default: Any
    help: str
    secret: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "HOST",
        "str",
        "127.0.0.1",
        "Address the API and the WebSocket server listen on; 0.0.0.0 or :: serves other machines (by IP address, this machine's name or ALLOWED_HOSTS).",
    ),
    Setting("FLASK_PORT", "int", 5000, "Port of the REST API (and of the built UI).", minimum=1, maximum=65535),
    Setting("WS_PORT", "int", 8765, "Port of the WebSocket server.", minimum=1, maximum=65535),
    Setting(
        "DATA_DIR",
        "path",
        "./data",
        "Folder for the SQLite database and derived data (Parquet copies, dataset versions).",
    ),
    Setting("UPLOAD_FOLDER", "path", "./uploads", "Folder where uploaded files are stored."),
    Setting(
        "DATABASE_URL",
        "str",
        "",
        "SQLAlchemy URL of the metadata database; empty means SQLite in DATA_DIR.",
        secret=True,
    ),
    Setting(
        "REDIS_URL",
        "str",
        "",
        "Redis URL; when set, events travel through Redis so several instances share them.",
        secret=True,
    ),
    Setting(
        "MAX_COLUMNS",
        "int",
        2000,
        "Most columns an uploaded file may have (read from its header, before any parsing).",
        minimum=1,
        maximum=1_000_000,
    ),
    Setting("MAX_UPLOAD_MB", "int", 2048, "Largest accepted upload, in MiB.", minimum=1, maximum=1024 * 1024),
    Setting(
        "MAX_JSON_KB",
        "int",
        1024,
        "Largest JSON (or other non-upload) request body, in KiB; larger gets 413 before it is read.",
        minimum=1,
        maximum=1024 * 1024,
    ),
    Setting(
        "MAX_JSON_DEPTH",
        "int",
        64,
        "Deepest nesting of arrays and objects in a JSON request body; deeper gets 400.",
        minimum=2,
        maximum=10_000,
    ),
    Setting("CORS_ORIGINS", "list", "", "Comma-separated browser origins allowed besides the API's own address."),
    Setting(
        "ALLOWED_HOSTS",
        "list",
        "",
        "Host names (or host:port) the API answers to besides its own address, e.g. behind a proxy; * for any.",
    ),
    Setting(
        "TRUSTED_PROXIES",
        "list",
        "",
        "Addresses or CIDR blocks of reverse proxies whose X-Forwarded-For names the client (rate limits, audit,"
        " the connection share); empty: the header is ignored and the peer is the client.",
    ),
    Setting(
        "SECRET_KEY",
        "str",
        "",
        "Secret for signing; empty means one is generated once and kept in DATA_DIR.",
        secret=True,
    ),
    Setting("METRICS_INTERVAL", "float", 2.0, "Seconds between system metrics broadcasts.", minimum=0.1, maximum=3600),
    Setting(
        "HEARTBEAT_INTERVAL",
        "float",
        30.0,
        "Seconds between WebSocket heartbeats (protocol pings).",
        minimum=1,
        maximum=3600,
    ),
    Setting(
        "WS_MAX_MESSAGE_KB", "int", 64, "Largest WebSocket frame a client may send, in KiB.", minimum=1, maximum=65536
    ),
    Setting(
        "WS_REPLAY_BUFFER",
        "int",
        1000,
        "How many recent events the WebSocket server keeps for `resume`.",
        minimum=10,
        maximum=1_000_000,
    ),
    Setting(
        "WS_CLIENT_QUEUE",
        "int",
        256,
        "Events queued for one slow client before it is dropped.",
        minimum=1,
        maximum=1_000_000,
    ),
    Setting(
        "WS_CLIENT_MAX_MSGS_PER_S",
        "float",
        50.0,
        "Messages a second one WebSocket client may send on average (bursts of twice that); more closes it.",
        minimum=1,
        maximum=100_000,
    ),
    Setting(
        "WS_AUTH_TIMEOUT_S",
        "float",
        5.0,
        "Users mode: seconds a WebSocket client without a session cookie has to send its auth message.",
        minimum=0.1,
        maximum=60,
    ),
    Setting(
        "WS_AUTH_RECHECK_S",
        "float",
        60.0,
        "Users mode: seconds between re-checks of every open WebSocket's sign-in (a revoked one closes with 4401; "
        "the API also announces revocations at once).",
        minimum=0.05,
        maximum=3600,
    ),
    Setting(
        "WS_PRESENCE_TTL_S",
        "float",
        30.0,
        "Users mode with REDIS_URL: seconds after which the users of a WebSocket server that stopped renewing "
        "its presence (crashed) count as offline.",
        minimum=0.5,
        maximum=3600,
    ),
    Setting(
        "RATE_LIMIT",
        "str",
        "1200/minute",
        "Requests one user (per address when anonymous) may make to the API, e.g. 1200/minute or "
        "100/second;1000/hour (sliding window; empty: no limit). /api/health is never limited.",
    ),
    Setting("RATE_LIMIT_LOGIN", "str", "10/minute", "Sign-in attempts (POST /api/auth/login) per address."),
    Setting("RATE_LIMIT_UPLOAD", "str", "60/minute", "Uploads (POST /api/files) per user, else per address."),
    Setting(
        "RATE_LIMIT_CHAT",
        "str",
        "60/minute",
        "Chat questions per user, else per address (a chat batch counts each of its questions).",
    ),
    Setting("RATE_LIMIT_SQL", "str", "300/minute", "SQL queries (POST /api/query) per user, else per address."),
    Setting("WS_COMPRESSION", "bool", False, "Per-message deflate on WebSocket connections (costs memory per client)."),
    Setting("QUERY_TIMEOUT_S", "float", 30.0, "Time limit of one SQL query, in seconds.", minimum=0.1, maximum=86400),
    Setting(
        "BATCH_DEADLINE_S",
        "float",
        60.0,
        "Longest time one POST /api/batch may take, in seconds; items not started by then are answered 504"
        " batch_deadline, and a SQL item's time limit is at most what is left.",
        minimum=0.1,
        maximum=86400,
    ),
    Setting(
        "QUERY_MAX_RESULT_MB",
        "int",
        64,
        "Largest reply of one SQL query, in MiB of JSON; rows past it are left out and the result flagged truncated.",
        minimum=1,
        maximum=64 * 1024,
    ),
    Setting(
        "QUERY_PROCESS_MEMORY_MB",
        "int",
        256,
        "Memory one SQL query over the platform's tables may take, in MiB: each runs in a child process limited to"
        " this much beyond its own (DuckDB's memory_limit is half of it); past it the query is answered 422"
        " query_memory_exceeded and its process replaced.",
        minimum=64,
        maximum=1024 * 1024,
    ),
    Setting(
        "URL_SOURCE_ALLOWLIST", "list", "", "Hosts or networks (CIDR) a url data source may reach although private."
    ),
    Setting(
        "URL_FETCH_TIMEOUT_S",
        "float",
        20.0,
        "Time limit of one url data source fetch, in seconds.",
        minimum=0.1,
        maximum=3600,
    ),
    Setting(
        "URL_FETCH_MAX_MB",
        "int",
        200,
        "Largest body a url data source may fetch, in MiB.",
        minimum=1,
        maximum=1024 * 1024,
    ),
    Setting(
        "SQL_SOURCE_ALLOWLIST",
        "list",
        "",
        "What a sql data source may reach: folders (starting with /) for SQLite files, hosts (or host:port) "
        "for database servers; empty allows none.",
    ),
    Setting(
        "SQL_SOURCE_TIMEOUT_S",
        "float",
        30.0,
        "Statement time-out of a sql data source, in seconds.",
        minimum=0.1,
        maximum=86400,
    ),
    Setting(
        "ALERT_CPU_PCT", "float", 90.0, "CPU use above which a system_health alert is raised.", minimum=1, maximum=100
    ),
    Setting(
        "ALERT_MEMORY_PCT",
        "float",
        90.0,
        "Memory use above which a system_health alert is raised.",
        minimum=1,
        maximum=100,
    ),
    Setting(
        "ALERT_DISK_PCT",
        "float",
        90.0,
        "Disk use of the upload folder above which an alert is raised.",
        minimum=1,
        maximum=100,
    ),
    Setting(
        "MIN_FREE_DISK_MB",
        "int",
        500,
        "Free space in the upload folder below which health is degraded.",
        minimum=0,
        maximum=1024 * 1024 * 1024,
    ),
    Setting(
        "WORKERS",
        "int",
        1,
        "Number of API worker processes (gunicorn with gevent when above 1).",
        minimum=1,
        maximum=64,
    ),
    Setting(
        "API_WORKER_CONNECTIONS",
        "int",
        4096,
        "Connections one API worker holds at once (gunicorn's worker_connections); the open-file limit is raised"
        " to fit.",
        minimum=16,
        maximum=100_000,
    ),
    Setting(
        "API_CONNECTIONS_PER_CLIENT",
        "int",
        1024,
        "Connections one client address may hold at one API worker; more are answered at once with 429 (0: no"
        " limit). A peer in TRUSTED_PROXIES is not counted: the proxy limits its clients (nginx limit_conn).",
        minimum=0,
        maximum=100_000,
    ),
    Setting(
        "BODY_MIN_BYTES_PER_S",
        "int",
        1024,
        "Slowest rate a request body (an upload) may arrive at, in bytes per second; a slower one is cut off with 408.",
        minimum=1,
        maximum=1024 * 1024 * 1024,
    ),
    Setting(
        "BODY_GRACE_S",
        "float",
        10.0,
        "Seconds a request body may fall behind BODY_MIN_BYTES_PER_S (a slow start, a stall) before it is cut off.",
        minimum=0.01,
        maximum=3600,
    ),
    Setting(
        "RUN_STALE_AFTER_S",
        "float",
        60.0,
        "A run whose worker (on any host) has not marked it alive for this long is ended as interrupted.",
        minimum=5,
        maximum=86400,
    ),
    Setting(
        "RUN_TIME_LIMIT_S",
        "float",
        300.0,
        "Longest a chat run may take from its question to its ending, in seconds (time queued included); past it"
        " the run is cancelled (its query interrupted) and ends as failed with run_timeout, even if its work never"
        " returns.",
        minimum=1,
        maximum=86400,
    ),
    Setting(
        "SQL_WORKERS",
        "int",
        4,
        "POST /api/query statements that run at once in one API worker, each in a child process (at most this many"
        " per worker, started on demand); four times as many wait, more are refused with 429.",
        minimum=1,
        maximum=256,
    ),
    Setting(
        "EXPORT_WORKERS",
        "int",
        2,
        "Conversation exports (PDF and the others) rendered at once in one API worker, in their own threads; four"
        " times as many wait, more are refused with 429.",
        minimum=1,
        maximum=64,
    ),
    Setting(
        "CHAT_MAX_WORKERS",
        "int",
        4,
        "Chat runs that compute at once in one API worker; a run still computing after 3 s gives its slot to "
        "the next (up to as many long ones beside).",
        minimum=1,
        maximum=256,
    ),
    Setting(
        "CHAT_PROCESSES",
        "str",
        "0",
        "Child processes of one API worker that compute the chat runs' analyses (planner, tools, chart), so that"
        " more than one core runs Python: this many are kept and a run waits for a free one (one more starts beside"
        " each run computing for 3 s, up to twice as many); 0: in the worker's own threads; auto: one per core with"
        " two cores or more, else 0.",
    ),
    Setting(
        "CHAT_MAX_PENDING",
        "int",
        256,
        "Chat runs queued or running in one API worker; more are refused with 429.",
        minimum=1,
        maximum=100_000,
    ),
    Setting(
        "CHAT_KEEPALIVE_S",
        "float",
        15.0,
        "Seconds between keep-alive comments on an idle chat event stream.",
        minimum=0.01,
        maximum=3600,
    ),
    Setting(
        "CHAT_POLL_S",
        "float",
        0.25,
        "How often a chat event stream reads the database when nothing woke it, in seconds.",
        minimum=0.01,
        maximum=60,
    ),
    Setting(
        "CHAT_STEP_DELAY",
        "float",
        0.0,
        "Pause after each agent step, in seconds (demos and tests; 0 in production).",
        minimum=0,
        maximum=60,
    ),
    Setting("PUBLIC_WS_URL", "str", "", "WebSocket URL the UI connects to; empty means ws://HOST:WS_PORT/ws."),
    Setting("LOG_LEVEL", "str", "INFO", "Log level.", choices=LOG_LEVELS),
    Setting(
        "LOG_FORMAT",
        "str",
        "text",
        "Lines of the launcher's log files: text, or one JSON object per line.",
        choices=LOG_FORMATS,
    ),
    Setting(
        "LOG_MAX_BYTES",
        "int",
        10 * 1024 * 1024,
        "Size at which a log file in DATA_DIR/logs is rotated, in bytes.",
        minimum=1024,
        maximum=1024**4,
    ),
    Setting("LOG_BACKUPS", "int", 5, "Rotated log files kept per service.", minimum=0, maximum=1000),
    Setting(
        "LOG_DIR",
        "str",
        "",
        "Folder of the launcher's log files; empty means DATA_DIR/logs (set one per launcher sharing DATA_DIR).",
    ),
    Setting(
        "CONTROL_SOCKET",
        "str",
        "",
        "Unix socket of the launcher for `datapulse services`; empty means DATA_DIR/launcher.sock.",
    ),
    Setting(
        "CLEANUP_OLDER_THAN_DAYS",
        "float",
        90.0,
        "`datapulse cleanup` removes finished runs and their events older than this, in days.",
        minimum=0,
        maximum=36500,
    ),
    Setting(
        "CLEANUP_KEEP_VERSIONS",
        "int",
        5,
        "`datapulse cleanup` keeps this many newest versions of each data source.",
        minimum=1,
        maximum=100000,
    ),
    # Users, roles and access (SPEC 11)
    Setting(
        "AUTH_MODE",
        "str",
        "",
        "local (no sign-in, one built-in admin) or users (sign-in, roles, owned data); empty: local while HOST "
        "is a loopback address, users otherwise.",
        choices=("", "local", "users"),
    ),
    Setting(
        "ACCESS_TOKEN_TTL_S", "int", 900, "Lifetime of an access token (JWT), in seconds.", minimum=10, maximum=86400
    ),
    Setting(
        "REFRESH_TOKEN_TTL_S",
        "int",
        14 * 86400,
        "Lifetime of a refresh token family, in seconds (each refresh rotates the token).",
        minimum=60,
        maximum=365 * 86400,
    ),
    Setting(
        "SESSION_TTL_S",
        "int",
        12 * 3600,
        "Lifetime of the UI's session cookie, in seconds.",
        minimum=60,
        maximum=365 * 86400,
    ),
    Setting(
        "LOGIN_MAX_FAILURES",
        "int",
        10,
        "Failed sign-ins of one account within LOGIN_LOCK_S that lock it.",
        minimum=1,
        maximum=10_000,
    ),
    Setting(
        "LOGIN_LOCK_S",
        "int",
        900,
        "The window that counts failed sign-ins, and how long a locked account stays locked, in seconds.",
        minimum=1,
        maximum=86400 * 30,
    ),
    Setting(
        "PASSWORD_HASH_TIME_COST", "int", 3, "argon2id passes over memory per password hash.", minimum=1, maximum=100
    ),
    Setting(
        "PASSWORD_HASH_MEMORY_KIB",
        "int",
        65536,
        "argon2id memory per password hash, in KiB.",
        minimum=8,
        maximum=4 * 1024 * 1024,
    ),
    Setting("PASSWORD_MIN_LENGTH", "int", 8, "Shortest accepted password.", minimum=1, maximum=1024),
    Setting("LLM_BASE_URL", "str", "", "OpenAI-compatible endpoint for the optional language-model planner."),
    Setting("LLM_MODEL", "str", "", "Model name for the language-model planner."),
    Setting("LLM_API_KEY", "str", "", "API key for the language-model planner.", secret=True),
    Setting(
        "LLM_TIMEOUT_S", "float", 20.0, "Time limit of one language-model call, in seconds.", minimum=0.1, maximum=600
    ),
    Setting(
        "LLM_ATTEMPTS",
        "int",
        3,
        "Tries of one language-model call after a connection error, a 5xx or a 429 (1: no retry).",
        minimum=1,
        maximum=10,
    ),
    Setting(
        "LLM_BACKOFF_S",
        "float",
        0.1,
        "Wait before the first language-model retry, in seconds; it doubles at each retry.",
        minimum=0,
        maximum=60,
    ),
    Setting(
        "LLM_BACKOFF_MAX_S",
        "float",
        2.0,
        "Longest wait between two language-model retries, in seconds.",
        minimum=0,
        maximum=600,
    ),
    Setting(
        "LLM_BREAKER_FAILURES",
        "int",
        3,
        "Failed language-model plans in a row after which the model is not asked for a while.",
        minimum=1,
        maximum=1000,
    ),
    Setting(
        "LLM_BREAKER_OPEN_S",
        "float",
        60.0,
        "Seconds the model is left alone after those failures, before one more try.",
        minimum=0.1,
        maximum=86400,
    ),  # Plugins (SPEC 12)
    Setting("PLUGIN_ALLOWLIST", "list", "", "Hosts or networks (CIDR) a plugin may reach although private."),
    Setting(
        "MCP_STDIO_COMMANDS",
        "list",
        "",
        "Executables an MCP plugin may start over stdio (exact paths); empty: none may be started.",
    ),
    Setting("PLUGIN_SECRET_KEY", "str", "", "Fernet key for plugin secrets; empty: one kept in DATA_DIR.", secret=True),
    Setting("PLUGIN_WORKERS", "int", 4, "Plugin executions run at once.", minimum=1, maximum=256),
    Setting(
        "PLUGIN_QUEUE", "int", 100, "Plugin executions waiting at most; more are refused.", minimum=1, maximum=100_000
    ),
    Setting("PLUGIN_TIMEOUT_S", "float", 30.0, "Longest time limit of one plugin attempt.", minimum=0.1, maximum=3600),
    Setting("PLUGIN_BACKOFF_S", "float", 0.5, "Wait before a plugin's first retry; doubles.", minimum=0, maximum=60),
    Setting("PLUGIN_BREAKER_FAILURES", "int", 5, "Failed calls in a row that open a plugin's breaker.", minimum=1),
    Setting("PLUGIN_BREAKER_OPEN_S", "float", 60.0, "Seconds an open plugin breaker refuses calls.", minimum=0.1),
    Setting("IMAGE_API_URL", "str", "", "Queue endpoint of the Flux image service (image_generation plugin)."),
    Setting("IMAGE_API_KEY", "str", "", "Key of the Flux image service.", secret=True),
    Setting("IMAGE_POLL_S", "float", 1.0, "Seconds between two status polls of an image.", minimum=0.01, maximum=60),
    Setting("IMAGE_TIMEOUT_S", "float", 120.0, "Longest wait for one generated image.", minimum=1, maximum=3600),
)

_BY_NAME = {s.name: s for s in SETTINGS}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _cast(setting: Setting, raw: Any) -> Any:
    """Turn a raw value into the setting's type, raising ValueError with a reason."""
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    if setting.kind == "int":
        return int(text)
    if setting.kind == "float":
        return float(text)
    if setting.kind == "bool":
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError(f"expected one of {sorted(_TRUE | _FALSE - {''})}")
    if setting.kind == "list":
        return tuple(part.strip() for part in text.split(",") if part.strip())
    if setting.kind == "path":
        return Path(text)
    return text


@dataclass(frozen=True)
class Settings:
    """All settings, typed. Build it with `load_settings()`; tests use `replace()`."""

    HOST: str = "127.0.0.1"
    FLASK_PORT: int = 5000
    WS_PORT: int = 8765
    DATA_DIR: Path = Path("./data")
    UPLOAD_FOLDER: Path = Path("./uploads")
    DATABASE_URL: str = ""
    REDIS_URL: str = ""
    MAX_UPLOAD_MB: int = 2048
    MAX_COLUMNS: int = 2000
    MAX_JSON_KB: int = 1024
    MAX_JSON_DEPTH: int = 64
    CORS_ORIGINS: tuple[str, ...] = ()
    ALLOWED_HOSTS: tuple[str, ...] = ()
    TRUSTED_PROXIES: tuple[str, ...] = ()
    SECRET_KEY: str = ""
    METRICS_INTERVAL: float = 2.0
    HEARTBEAT_INTERVAL: float = 30.0
    WS_MAX_MESSAGE_KB: int = 64
    WS_REPLAY_BUFFER: int = 1000
    WS_CLIENT_QUEUE: int = 256
    WS_CLIENT_MAX_MSGS_PER_S: float = 50.0
    WS_AUTH_TIMEOUT_S: float = 5.0
    WS_AUTH_RECHECK_S: float = 60.0
    WS_PRESENCE_TTL_S: float = 30.0
    WS_COMPRESSION: bool = False
    RATE_LIMIT: str = "1200/minute"
    RATE_LIMIT_LOGIN: str = "10/minute"
    RATE_LIMIT_UPLOAD: str = "60/minute"
    RATE_LIMIT_CHAT: str = "60/minute"
    RATE_LIMIT_SQL: str = "300/minute"
    QUERY_TIMEOUT_S: float = 30.0
    BATCH_DEADLINE_S: float = 60.0
    QUERY_MAX_RESULT_MB: int = 64
    QUERY_PROCESS_MEMORY_MB: int = 256
    URL_SOURCE_ALLOWLIST: tuple[str, ...] = ()
    URL_FETCH_TIMEOUT_S: float = 20.0
    URL_FETCH_MAX_MB: int = 200
    SQL_SOURCE_ALLOWLIST: tuple[str, ...] = ()
    SQL_SOURCE_TIMEOUT_S: float = 30.0
    ALERT_CPU_PCT: float = 90.0
    ALERT_MEMORY_PCT: float = 90.0
    ALERT_DISK_PCT: float = 90.0
    MIN_FREE_DISK_MB: int = 500
    WORKERS: int = 1
    API_WORKER_CONNECTIONS: int = 4096
    API_CONNECTIONS_PER_CLIENT: int = 1024
    BODY_MIN_BYTES_PER_S: int = 1024
    BODY_GRACE_S: float = 10.0
    RUN_STALE_AFTER_S: float = 60.0
    RUN_TIME_LIMIT_S: float = 300.0
    SQL_WORKERS: int = 4
    EXPORT_WORKERS: int = 2
    CHAT_MAX_WORKERS: int = 4
    CHAT_MAX_PENDING: int = 256
    CHAT_PROCESSES: str = "0"
    CHAT_KEEPALIVE_S: float = 15.0
    CHAT_POLL_S: float = 0.25
    CHAT_STEP_DELAY: float = 0.0
    PUBLIC_WS_URL: str = ""
    LOG_LEVEL: str = "INFO"
    LOG_FORMAT: str = "text"
    LOG_MAX_BYTES: int = 10 * 1024 * 1024
    LOG_BACKUPS: int = 5
    LOG_DIR: str = ""
    CONTROL_SOCKET: str = ""
    CLEANUP_OLDER_THAN_DAYS: float = 90.0
    CLEANUP_KEEP_VERSIONS: int = 5
    AUTH_MODE: str = ""
    ACCESS_TOKEN_TTL_S: int = 900
    REFRESH_TOKEN_TTL_S: int = 14 * 86400
    SESSION_TTL_S: int = 12 * 3600
    LOGIN_MAX_FAILURES: int = 10
    LOGIN_LOCK_S: int = 900
    PASSWORD_HASH_TIME_COST: int = 3
    PASSWORD_HASH_MEMORY_KIB: int = 65536
    PASSWORD_MIN_LENGTH: int = 8
    LLM_BASE_URL: str = ""
    LLM_MODEL: str = ""
    LLM_API_KEY: str = ""
    LLM_TIMEOUT_S: float = 20.0
    LLM_ATTEMPTS: int = 3
    LLM_BACKOFF_S: float = 0.1
    LLM_BACKOFF_MAX_S: float = 2.0
    LLM_BREAKER_FAILURES: int = 3
    LLM_BREAKER_OPEN_S: float = 60.0
    PLUGIN_ALLOWLIST: tuple[str, ...] = ()
    MCP_STDIO_COMMANDS: tuple[str, ...] = ()
    PLUGIN_SECRET_KEY: str = ""
    PLUGIN_WORKERS: int = 4
    PLUGIN_QUEUE: int = 100
    PLUGIN_TIMEOUT_S: float = 30.0
    PLUGIN_BACKOFF_S: float = 0.5
    PLUGIN_BREAKER_FAILURES: int = 5
    PLUGIN_BREAKER_OPEN_S: float = 60.0
    IMAGE_API_URL: str = ""
    IMAGE_API_KEY: str = ""
    IMAGE_POLL_S: float = 1.0
    IMAGE_TIMEOUT_S: float = 120.0
    # Not environment settings: where the values came from, for error messages.
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    # Derived values -------------------------------------------------------------------
    @property
    def database_url(self) -> str:
        return self.DATABASE_URL or f"sqlite:///{(self.DATA_DIR / 'datapulse.db').resolve()}"

    @property
    def max_upload_bytes(self) -> int:
        return self.MAX_UPLOAD_MB * 1024 * 1024

    @property
    def query_max_result_bytes(self) -> int:
        return self.QUERY_MAX_RESULT_MB * 1024 * 1024

    @property
    def max_json_bytes(self) -> int:
        return self.MAX_JSON_KB * 1024

    @property
    def ws_max_message_bytes(self) -> int:
        return self.WS_MAX_MESSAGE_KB * 1024

    @property
    def api_origin(self) -> str:
        return f"http://{self.HOST}:{self.FLASK_PORT}"

    @property
    def ws_url(self) -> str:
        return self.PUBLIC_WS_URL or f"ws://{self.HOST}:{self.WS_PORT}/ws"

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """The API's own address (both spellings of loopback) plus CORS_ORIGINS."""
        own = {self.api_origin}
        if self.HOST in ("127.0.0.1", "localhost", "0.0.0.0"):
            own |= {f"http://127.0.0.1:{self.FLASK_PORT}", f"http://localhost:{self.FLASK_PORT}"}
        return tuple(sorted(own)) + tuple(o for o in self.CORS_ORIGINS if o not in own)

    @property
    def trusted_proxy_networks(self) -> tuple[Network, ...]:
        """TRUSTED_PROXIES parsed (validated in `value_problems`)."""
        return parse_networks(self.TRUSTED_PROXIES)

    @property
    def host_is_loopback(self) -> bool:
        """Only this machine can reach HOST (127.0.0.0/8, ::1, localhost)."""
        name = self.HOST.strip("[]").lower()
        if name == "localhost":
            return True
        try:
            return ipaddress.ip_address(name).is_loopback
        except ValueError:
            return False

    @property
    def chat_processes(self) -> int:
        """CHAT_PROCESSES as a number: `auto` is one per core with two cores or more, else 0."""
        value = self.CHAT_PROCESSES.strip().lower()
        if value == "auto":
            cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
            return cores if cores >= 2 else 0
        return int(value)

    @property
    def auth_mode(self) -> str:
        """AUTH_MODE, or its default: `local` on a loopback HOST, `users` on any other."""
        return self.AUTH_MODE or ("local" if self.host_is_loopback else "users")

    def auth_mode_problem(self) -> str | None:
        """Why this configuration must not serve: `local` (everyone is admin) off loopback."""
        if self.auth_mode == "local" and not self.host_is_loopback:
            return (
                f"AUTH_MODE=local: refused on HOST={self.HOST} (anyone who reaches it would be admin); "
                "create the first admin with `datapulse users create --email you@example.com --role admin` "
                "and set AUTH_MODE=users (or listen on 127.0.0.1)"
            )
        return None

    @property
    def secret_key(self) -> str:
        """SECRET_KEY, or one generated once and kept in DATA_DIR (shared by all processes)."""
        if self.SECRET_KEY:
            return self.SECRET_KEY
        path = self.DATA_DIR / ".secret_key"
        try:
            return path.read_text().strip()
        except FileNotFoundError:
            self.DATA_DIR.mkdir(parents=True, exist_ok=True)
            key = secrets.token_hex(32)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(key)
            os.chmod(tmp, 0o600)
            try:
                os.link(tmp, path)  # first writer wins; others read its key
            except FileExistsError:
                pass
            finally:
                tmp.unlink(missing_ok=True)
            return path.read_text().strip()

    # Validation -------------------------------------------------------------------------
    def validate(self, check_ports: bool = False) -> list[str]:
        """Every problem at once, each naming the setting; empty when all is well."""
        problems = self.value_problems()
        for name in ("DATA_DIR", "UPLOAD_FOLDER"):
            problem = _folder_problem(getattr(self, name))
            if problem:
                problems.append(f"{name}={getattr(self, name)}: {problem}")
        if check_ports:
            for name in ("FLASK_PORT", "WS_PORT"):
                if not port_is_free(self.HOST, getattr(self, name)):
                    problems.append(f"{name}={getattr(self, name)}: port is already in use on {self.HOST}")
        return problems

    def value_problems(self) -> list[str]:
        """The problems the values alone show (ranges, choices, pairs), without touching
        the machine: what `load_settings` can report beside the type errors."""
        problems: list[str] = []
        for setting in SETTINGS:
            value = getattr(self, setting.name)
            if setting.minimum is not None and value < setting.minimum:
                problems.append(f"{setting.name}={value!r}: must be at least {setting.minimum:g}")
            if setting.maximum is not None and value > setting.maximum:
                problems.append(f"{setting.name}={value!r}: must be at most {setting.maximum:g}")
            if setting.choices and value not in setting.choices:
                problems.append(f"{setting.name}={value!r}: must be one of {', '.join(setting.choices)}")
        if not _processes_ok(self.CHAT_PROCESSES):
            problems.append(f"CHAT_PROCESSES={self.CHAT_PROCESSES!r}: must be auto or a whole number from 0 to 64")
        if self.FLASK_PORT == self.WS_PORT:
            problems.append(f"FLASK_PORT and WS_PORT are both {self.FLASK_PORT}: they must differ")
        for url_name in ("DATABASE_URL", "REDIS_URL", "LLM_BASE_URL", "PUBLIC_WS_URL"):
            value = getattr(self, url_name)
            if value and "://" not in value:
                problems.append(f"{url_name}: not a URL (expected scheme://...)")
        if self.LLM_BASE_URL and not self.LLM_MODEL:
            problems.append("LLM_MODEL: must be set when LLM_BASE_URL is set")
        if self.LLM_BACKOFF_MAX_S < self.LLM_BACKOFF_S:
            problems.append(
                f"LLM_BACKOFF_MAX_S={self.LLM_BACKOFF_MAX_S!r}: must be at least LLM_BACKOFF_S ({self.LLM_BACKOFF_S:g})"
            )
        for name in RATE_LIMIT_SETTINGS:
            problem = rate_limit_problem(getattr(self, name))
            if problem:
                problems.append(f"{name}={getattr(self, name)!r}: {problem}")
        try:
            parse_networks(self.TRUSTED_PROXIES)
        except ValueError as exc:
            problems.append(f"TRUSTED_PROXIES: {exc}")
        if self.SECRET_KEY and len(self.SECRET_KEY) < 16:
            problems.append("SECRET_KEY: must be at least 16 characters (or empty to generate one)")
        return problems

    def summary(self) -> dict[str, Any]:
        """Every setting with secrets masked: for `--summary`, `--export` and logs."""
        out: dict[str, Any] = {}
        for setting in SETTINGS:
            value = getattr(self, setting.name)
            if setting.secret and value:
                value = mask_secret(setting.name, str(value))
            elif isinstance(value, Path):
                value = str(value)
            elif isinstance(value, tuple):
                value = ",".join(redact_url(item) for item in value)
            elif isinstance(value, str):
                value = redact_url(value)
            out[setting.name] = value
        return out

    def frontend(self) -> dict[str, Any]:
        """The JSON the UI reads (`GET /api/config`, `config.py --frontend`)."""
        return {
            "api_url": self.api_origin,
            "ws_url": self.ws_url,
            "max_upload_bytes": self.max_upload_bytes,
            "allowed_extensions": list(ALLOWED_EXTENSIONS),
            "ws_max_message_bytes": self.ws_max_message_bytes,
            "heartbeat_interval": self.HEARTBEAT_INTERVAL,
            "metrics_interval": self.METRICS_INTERVAL,
            "query_timeout_s": self.QUERY_TIMEOUT_S,
            "languages": list(LANGUAGES),
            "llm_enabled": bool(self.LLM_BASE_URL),
            "redis_enabled": bool(self.REDIS_URL),
            "auth_mode": self.auth_mode,
        }


_SECRET_PARAM = re.compile(r"(?i)([?&](?:[^=&]*(?:password|passwd|pwd|secret|token|key|auth)[^=&]*)=)[^&#]*")


def redact_url(value: str) -> str:
    """Any URL's password (`user:pw@`) and credential-like query values become `***`."""
    if "://" not in value:
        return value
    scheme, _, rest = value.partition("://")
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    if "@" in authority:
        userinfo, _, host = authority.rpartition("@")
        user = userinfo.split(":", 1)[0]
        authority = f"{user}:***@{host}" if ":" in userinfo else f"***@{host}"
    return _SECRET_PARAM.sub(r"\1***", f"{scheme}://{authority}{tail}")


RATE_LIMIT_SETTINGS = ("RATE_LIMIT", "RATE_LIMIT_LOGIN", "RATE_LIMIT_UPLOAD", "RATE_LIMIT_CHAT", "RATE_LIMIT_SQL")


def _processes_ok(value: str) -> bool:
    value = value.strip().lower()
    return value == "auto" or (value.isdigit() and 0 <= int(value) <= 64)


def rate_limit_problem(value: str) -> str | None:
    """None when `value` is empty (no limit) or rate limits the `limits` library reads."""
    if not value.strip():
        return None
    try:
        items = parse_many(value)
    except ValueError:
        return "not a rate limit; write e.g. 100/minute, or several separated by ; (100/minute;1000/hour)"
    if any(item.amount < 1 for item in items):
        return "a limit must allow at least 1 request (leave it empty for no limit)"
    return None


def parse_networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    """Addresses and CIDR blocks (`10.0.0.0/8`, `::1`); ValueError names a bad one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip().strip("[]"), strict=True))
        except ValueError as exc:
            raise ValueError(f"{value!r} is not an IP address or CIDR block ({exc})") from None
    return tuple(networks)


def mask_secret(name: str, value: str) -> str:
    """Mask a secret; for URLs keep scheme and host so a summary stays useful."""
    if "://" in value and name.endswith("_URL"):
        scheme, _, rest = value.partition("://")
        host = rest.rsplit("@", 1)[-1].split("/", 1)[0]
        return f"{scheme}://***@{host}/***" if "@" in rest else f"{scheme}://{host}/***"
    return "********"


def _folder_problem(path: Path) -> str | None:
    """None if the folder exists (or can be made) and is writable."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot create folder ({exc.strerror})"
    if not path.is_dir():
        return "is not a folder"
    if not os.access(path, os.W_OK | os.X_OK):
        return "folder is not writable"
    return None


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def load_settings(
    environ: Mapping[str, str] | None = None,
    env_file: str | Path | None = ".env",
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Read settings: defaults < `.env` < environment < overrides (command line).

    Raises SettingsError listing every value that cannot be cast.
    """
    environ = os.environ if environ is None else environ
    file_values: dict[str, str] = {}
    if env_file is not None and Path(env_file).is_file():
        file_values = {k: v for k, v in dotenv_values(env_file).items() if v is not None}
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    problems: list[str] = []
    layers: list[tuple[str, Mapping[str, Any]]] = [
        (".env", file_values),
        ("environment", environ),
        ("command line", overrides or {}),
    ]
    for setting in SETTINGS:
        raw: Any = setting.default
        origin = "default"
        for label, layer in layers:
            if setting.name in layer and layer[setting.name] is not None:
                raw, origin = layer[setting.name], label
        try:
            values[setting.name] = _cast(setting, raw)
        except ValueError as exc:
            problems.append(f"{setting.name}={raw!r} ({origin}): expected {setting.kind}: {exc}")
            continue
        sources[setting.name] = origin
    if problems:
        # The values that did cast are checked too (their ranges, their pairs), so that
        # one run names every problem; a check that involves a bad value is left out.
        failed = {s.name for s in SETTINGS} - set(values)
        partial = Settings(**values)
        problems += [p for p in partial.value_problems() if not any(name in p for name in failed)]
        raise SettingsError(problems)
    return Settings(**values, sources=sources)


def settings_table() -> list[tuple[str, str, str]]:
    """(name, default, help) rows, for the README and `--summary`."""
    rows = []
    for s in SETTINGS:
        default = s.default if s.default != "" else "(unset)"
        rows.append((s.name, str(default), s.help))
    return rows

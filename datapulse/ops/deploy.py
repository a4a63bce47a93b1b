"""Deployment files for `datapulse deploy --target systemd|nginx|compose`.

One `Profile` per environment (dev, staging, prod) holds the numbers; each target turns
it into files. The nginx configuration is what the multi-instance set-up runs behind:
any API instance serves any request (runs live in the shared database, events in Redis),
so there is no stickiness; SSE goes through unbuffered with long read timeouts; /ws is
upgraded and spread over the WebSocket servers.

nginx is the edge, so it knows each client's real address: it limits every client's
connections (`limit_conn`) and request rate (`limit_req`, a coarse guard at RATE_LIMIT's
pace that sheds a flood before it reaches Python; the exact per-user limits stay in the
app), and names the client in `X-Forwarded-For`. The generated settings trust that
header from nginx's address only (`TRUSTED_PROXIES`) and turn the API's own per-address
connection share off (`API_CONNECTIONS_PER_CLIENT=0`): only nginx reaches the API."""

from __future__ import annotations

import ipaddress
import json
import math
import shlex
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from limits import parse_many

from datapulse.launcher.specs import ROOT
from datapulse.processes import APP_FACTORY, GUNICORN_CONFIG
from datapulse.settings import SETTINGS

ENVIRONMENTS = ("dev", "staging", "prod")
TARGETS = ("systemd", "nginx", "compose")
_NAMES = {s.name for s in SETTINGS}
_DEFAULTS = {s.name: s.default for s in SETTINGS}
# compose: one private network per environment, nginx at a fixed address on it, so
# that the API can trust exactly nginx's X-Forwarded-For (several environments on one
# Docker host get different subnets).
COMPOSE_SUBNETS = {"dev": "172.28.1.0/24", "staging": "172.28.2.0/24", "prod": "172.28.3.0/24"}


@dataclass(frozen=True)
class Profile:
    env: str
    server_name: str
    listen: int
    api_ports: tuple[int, ...]
    ws_ports: tuple[int, ...]
    workers: int
    log_level: str
    log_format: str
    host: str = "127.0.0.1"
    root: Path = ROOT
    python: str = sys.executable
    user: str = "datapulse"
    ui_dir: Path = field(default=ROOT / "vue-frontend" / "dist")
    max_upload_mb: int = 2048
    env_file: str = "/etc/datapulse/datapulse.env"
    # nginx's limits per client address: connections held at once (SSE streams and the
    # WebSocket included; an office behind one NAT address shares them), and the request
    # rate of RATE_LIMIT (nginx's is per address, the app's per signed-in user).
    conn_per_client: int = 100
    rate_limit: str = str(_DEFAULTS["RATE_LIMIT"])
    # The addresses nginx reaches the API from (TRUSTED_PROXIES): on the same machine.
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")

    @property
    def public_origin(self) -> str:
        port = "" if self.listen == 80 else f":{self.listen}"
        return f"http://{self.server_name}{port}"


def profile(env: str, **changes: object) -> Profile:
    """The defaults of an environment, with the command line's changes."""
    base = {
        "dev": Profile("dev", "localhost", 8080, (5000,), (8765,), 1, "DEBUG", "text"),
        "staging": Profile(
            "staging", "datapulse-staging.example.org", 80, (5000, 5001), (8765, 8766), 2, "INFO", "json"
        ),
        "prod": Profile("prod", "datapulse.example.org", 80, (5000, 5001), (8765, 8766), 4, "WARNING", "json"),
    }[env]
    return replace(base, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]


# nginx's refusal (limit_conn or limit_req) in the API's error shape; nginx fills in the code.
LIMITED_BODY = json.dumps(
    {
        "error": {
            "code": "$datapulse_limit_code",
            "message": "Too many requests or connections from this address; try again in a second.",
            "details": {"by": "proxy", "retry_after": 1},
        }
    }
)


def nginx_rate(limit: str) -> tuple[str, int] | None:
    """RATE_LIMIT as nginx's `rate` and `burst`: the first limit's average pace, with a
    whole window's requests as the burst, so that nginx never refuses what the app's
    sliding window allows and still caps a sustained flood at the app's pace. None when
    RATE_LIMIT is empty (no limit)."""
    if not limit.strip():
        return None
    item = parse_many(limit)[0]
    per_s = item.amount / item.get_expiry()
    rate = f"{math.ceil(per_s)}r/s" if per_s >= 1 else f"{math.ceil(per_s * 60)}r/m"
    return rate, item.amount


def env_lines(p: Profile, database_url: str, redis_url: str) -> str:
    """The settings every instance shares (one file, read by systemd or compose)."""
    lines = [
        f"# DataPulse settings for {p.env}; see the README's settings table.",
        f"HOST={p.host}",
        f"DATABASE_URL={database_url}",
        f"REDIS_URL={redis_url}",
        "DATA_DIR=/var/lib/datapulse/data",
        "UPLOAD_FOLDER=/var/lib/datapulse/uploads",
        "SECRET_KEY=change-me-to-64-random-hex-characters-shared-by-every-instance",
        f"WORKERS={p.workers}",
        f"LOG_LEVEL={p.log_level}",
        f"LOG_FORMAT={p.log_format}",
        f"MAX_UPLOAD_MB={p.max_upload_mb}",
        f"PUBLIC_WS_URL={p.public_origin.replace('http', 'ws', 1)}/ws",
        f"CORS_ORIGINS={p.public_origin}",
        "# nginx names each client in X-Forwarded-For and limits its connections (limit_conn):",
        "# trust the header from nginx only, and let nginx share the connections out.",
        f"TRUSTED_PROXIES={','.join(p.trusted_proxies)}",
        "API_CONNECTIONS_PER_CLIENT=0",
    ]
    if "ALLOWED_HOSTS" in _NAMES:
        lines.append(f"ALLOWED_HOSTS={p.server_name}")
    return "\n".join(lines) + "\n"


# systemd ---------------------------------------------------------------------------------
def systemd_files(p: Profile) -> dict[str, str]:
    py, root = shlex.quote(p.python), p.root
    common = f"""User={p.user}
Group={p.user}
WorkingDirectory={root}
EnvironmentFile={p.env_file}
Environment=PYTHONUNBUFFERED=1
Restart=always
RestartSec=2
KillMode=mixed
TimeoutStopSec=15
NoNewPrivileges=true
PrivateTmp=true
ProtectSystem=full
ReadWritePaths=/var/lib/datapulse
"""
    files = {
        "datapulse.service": f"""# One machine, one process tree: the launcher runs the API and the WebSocket server.
# Use this OR datapulse.target (API and WebSocket servers as separate units), not both.
[Unit]
Description=DataPulse (launcher: API + WebSocket server)
After=network-online.target postgresql.service redis-server.service
Wants=network-online.target

[Service]
Type=simple
ExecStartPre={py} -m datapulse db migrate
ExecStart={py} {root}/run_server.py
{common}
[Install]
WantedBy=multi-user.target
""",
        "datapulse-api@.service": f"""# One API instance per port (the instance name): datapulse-api@5000
[Unit]
Description=DataPulse API on port %i
PartOf=datapulse.target
After=network-online.target datapulse-migrate.service
Requires=datapulse-migrate.service

[Service]
Type=simple
ExecStart={py} -m gunicorn -c {GUNICORN_CONFIG} -k gevent -w {p.workers} -b {p.host}:%i '{APP_FACTORY}'
{common}
[Install]
WantedBy=datapulse.target
""",
        "datapulse-ws@.service": f"""# One WebSocket server per port (the instance name): datapulse-ws@8765
[Unit]
Description=DataPulse WebSocket server on port %i
PartOf=datapulse.target
After=network-online.target

[Service]
Type=simple
ExecStart={py} {root}/websocket_server.py --host {p.host} --port %i
{common}
[Install]
WantedBy=datapulse.target
""",
        "datapulse-migrate.service": f"""[Unit]
Description=DataPulse schema migrations (before any API instance starts)
After=network-online.target postgresql.service

[Service]
Type=oneshot
RemainAfterExit=true
User={p.user}
WorkingDirectory={root}
EnvironmentFile={p.env_file}
ExecStart={py} -m datapulse db migrate
""",
        "datapulse.target": """[Unit]
Description=DataPulse API and WebSocket servers
Wants={units}

[Install]
WantedBy=multi-user.target
""".format(
            units=" ".join(
                [f"datapulse-api@{port}.service" for port in p.api_ports]
                + [f"datapulse-ws@{port}.service" for port in p.ws_ports]
            )
        ),
        "datapulse.env": env_lines(
            p, "postgresql+psycopg://datapulse:CHANGE-ME@127.0.0.1:5432/datapulse", "redis://127.0.0.1:6379/0"
        ),
    }
    return files


# nginx -----------------------------------------------------------------------------------
def nginx_conf(
    p: Profile, api: list[str] | None = None, ws: list[str] | None = None, ui_dir: Path | None = None
) -> str:
    """An `http {}`-level file: upstreams, the upgrade map and one server."""
    api = api or [f"{p.host}:{port}" for port in p.api_ports]
    ws = ws or [f"{p.host}:{port}" for port in p.ws_ports]
    api_servers = "\n".join(f"    server {a} max_fails=1 fail_timeout=5s;" for a in api)
    ws_servers = "\n".join(f"    server {w} max_fails=1 fail_timeout=5s;" for w in ws)
    rate = nginx_rate(p.rate_limit)
    limit_req_zone = f"limit_req_zone $datapulse_limit_key zone=datapulse_req:10m rate={rate[0]};" if rate else ""
    limit_req = f"        limit_req zone=datapulse_req burst={rate[1]} nodelay;\n" if rate else ""
    proxy_headers = """        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Forwarded-Host $host;"""
    return f"""# DataPulse ({p.env}): the UI, /api/ over {len(api)} API instance(s), /ws over {len(ws)} WS server(s).
# No sticky sessions: any API instance serves any request and any run (state is in the
# shared database and Redis), so plain round robin is right.

upstream datapulse_api {{
{api_servers}
    keepalive 32;
}}

upstream datapulse_ws {{
{ws_servers}
}}

map $http_upgrade $datapulse_connection_upgrade {{
    default upgrade;
    ''      close;
}}

# Limits per client address ($remote_addr: nginx is the edge; behind a load balancer,
# set set_real_ip_from and real_ip_header first). Monitoring (/api/health) is never
# rate limited, as in the app. Over a limit: 429 in the API's JSON error shape.
map $uri $datapulse_limit_key {{
    ~^/api/health(/|$)  "";
    default             $binary_remote_addr;
}}
map $limit_conn_status $datapulse_limit_code {{
    REJECTED  too_many_connections;
    default   rate_limited;
}}
limit_conn_zone $binary_remote_addr zone=datapulse_conn:10m;
{limit_req_zone}

server {{
    listen {p.listen};
    server_name {p.server_name};

    client_max_body_size {p.max_upload_mb}m;
    server_tokens off;

    limit_conn datapulse_conn {p.conn_per_client};
    limit_conn_status 429;
    limit_req_status 429;
    error_page 429 = @datapulse_limited;
    location @datapulse_limited {{
        default_type application/json;
        add_header Retry-After 1 always;
        return 429 '{LIMITED_BODY}';
    }}

    root {ui_dir or p.ui_dir};
    index index.html;

    # The built UI; unknown paths are the single-page app's routes.
    location / {{
        try_files $uri $uri/ /index.html;
    }}

    location /assets/ {{
        expires 30d;
        add_header Cache-Control "public, immutable";
        add_header X-Content-Type-Options nosniff;
    }}

    # The REST API and chat over SSE: unbuffered both ways, long reads for streams,
    # a failed connect retried on the next instance (never a request that was sent).
    location /api/ {{
{limit_req}        proxy_pass http://datapulse_api;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
{proxy_headers}
        proxy_buffering off;
        proxy_cache off;
        proxy_request_buffering off;
        proxy_read_timeout 3600s;
        proxy_send_timeout 3600s;
        proxy_connect_timeout 5s;
        proxy_next_upstream error timeout;
        proxy_next_upstream_tries 2;
        add_header X-Accel-Buffering no;
    }}

    # Live events: an upgraded connection to any WebSocket server.
    location /ws {{
        proxy_pass http://datapulse_ws;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $datapulse_connection_upgrade;
{proxy_headers}
        proxy_buffering off;
        proxy_read_timeout 3600s;
        proxy_send_timeout 3600s;
        proxy_connect_timeout 5s;
    }}
}}
"""


# compose ---------------------------------------------------------------------------------
def compose_nginx_address(env: str) -> str:
    """nginx's fixed address on the environment's network (the API trusts it alone)."""
    return str(ipaddress.ip_network(COMPOSE_SUBNETS[env])[10])


def compose_files(p: Profile) -> dict[str, str]:
    replicas = {"dev": 1, "staging": 2, "prod": 2}[p.env]
    nginx_address = compose_nginx_address(p.env)
    nginx = nginx_conf(
        replace(p, listen=80, server_name="_"), api=["api:5000"], ws=["ws:8765"], ui_dir=Path("/usr/share/nginx/html")
    )
    compose = f"""# DataPulse ({p.env}): PostgreSQL, Redis, {replicas} API and {replicas} WS replica(s), nginx in front.
# docker compose --env-file .env up -d    (set POSTGRES_PASSWORD and SECRET_KEY in .env)
name: datapulse-{p.env}

x-datapulse: &datapulse
  build: .
  image: datapulse:{p.env}
  restart: unless-stopped
  environment: &environment
    HOST: 0.0.0.0
    DATABASE_URL: postgresql+psycopg://datapulse:${{POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}}@postgres:5432/datapulse
    REDIS_URL: redis://redis:6379/0
    SECRET_KEY: ${{SECRET_KEY:?set SECRET_KEY}}
    DATA_DIR: /var/lib/datapulse/data
    UPLOAD_FOLDER: /var/lib/datapulse/uploads
    WORKERS: "{p.workers}"
    LOG_LEVEL: {p.log_level}
    LOG_FORMAT: {p.log_format}
    PUBLIC_WS_URL: ws://${{PUBLIC_HOST:-localhost}}:${{PUBLIC_PORT:-{p.listen}}}/ws
    CORS_ORIGINS: http://${{PUBLIC_HOST:-localhost}}:${{PUBLIC_PORT:-{p.listen}}}
    # Only nginx (at its fixed address) names the client; it limits each client's connections.
    TRUSTED_PROXIES: {nginx_address}
    API_CONNECTIONS_PER_CLIENT: "0"
  volumes:
    - datapulse-files:/var/lib/datapulse
  depends_on:
    postgres:
      condition: service_healthy
    redis:
      condition: service_healthy

services:
  postgres:
    image: postgres:15
    restart: unless-stopped
    environment:
      POSTGRES_DB: datapulse
      POSTGRES_USER: datapulse
      POSTGRES_PASSWORD: ${{POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}}
    volumes:
      - postgres-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U datapulse -d datapulse"]
      interval: 5s
      timeout: 3s
      retries: 20

  redis:
    image: redis:7
    restart: unless-stopped
    command: ["redis-server", "--appendonly", "yes"]
    volumes:
      - redis-data:/data
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 5s
      timeout: 3s
      retries: 20

  migrate:
    <<: *datapulse
    restart: "no"
    command: ["python", "-m", "datapulse", "db", "migrate"]

  api:
    <<: *datapulse
    command: ["python", "-m", "gunicorn", "-c", "{GUNICORN_CONFIG}", "-k", "gevent", "-w", "{p.workers}",
              "-b", "0.0.0.0:5000", "{APP_FACTORY}"]
    depends_on:
      migrate:
        condition: service_completed_successfully
    deploy:
      replicas: {replicas}
    healthcheck:
      test: ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5000/api/health')"]
      interval: 10s
      timeout: 5s
      retries: 6

  ws:
    <<: *datapulse
    command: ["python", "websocket_server.py", "--host", "0.0.0.0", "--port", "8765"]
    deploy:
      replicas: {replicas}

  ui:
    <<: *datapulse
    restart: "no"
    user: root
    command: ["sh", "-c", "cp -a /app/vue-frontend/dist/. /ui/"]
    volumes:
      - datapulse-ui:/ui

  nginx:
    image: nginx:1.22
    restart: unless-stopped
    ports:
      - "${{PUBLIC_PORT:-{p.listen}}}:80"
    volumes:
      - ./nginx.conf:/etc/nginx/conf.d/default.conf:ro
      - datapulse-ui:/usr/share/nginx/html:ro
    networks:
      default:
        ipv4_address: {nginx_address}
    depends_on:
      ui:
        condition: service_completed_successfully
      api:
        condition: service_started
      ws:
        condition: service_started

networks:
  default:
    ipam:
      config:
        - subnet: {COMPOSE_SUBNETS[p.env]}

volumes:
  postgres-data:
  redis-data:
  datapulse-files:
  datapulse-ui:
"""
    dockerfile = """# The DataPulse image: the package, its pinned requirements and the built UI.
FROM node:20-bookworm-slim AS ui
WORKDIR /src/vue-frontend
COPY vue-frontend/package.json vue-frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY vue-frontend/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
# wordnet-base and trans-de-en: the planner's offline English synonyms and German-English words.
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client fonts-dejavu-core \\
    wordnet-base trans-de-en && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Every package, transitive ones included, at the locked version and hash (`make lock`).
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
COPY --from=ui /src/vue-frontend/dist ./vue-frontend/dist
RUN pip install --no-cache-dir --no-deps -e . && useradd --system datapulse \\
    && mkdir -p /var/lib/datapulse && chown datapulse /var/lib/datapulse
USER datapulse
EXPOSE 5000 8765
"""
    env = "POSTGRES_PASSWORD=change-me\nSECRET_KEY=change-me-to-64-random-hex-characters\nPUBLIC_HOST=localhost\n"
    return {"compose.yaml": compose, "nginx.conf": nginx, "Dockerfile": dockerfile, "env.example": env}


def render(target: str, p: Profile) -> dict[str, str]:
    if target == "systemd":
        return systemd_files(p)
    if target == "nginx":
        return {"datapulse.conf": nginx_conf(p)}
    if target == "compose":
        return compose_files(p)
    raise ValueError(f"unknown target {target!r}")


def write(files: dict[str, str], folder: Path, overwrite: bool) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    clashes = [folder / n for n in files if (folder / n).exists()]
    if clashes and not overwrite:
        raise FileExistsError(", ".join(str(c) for c in clashes))
    written = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text)
        written.append(path)
    return written

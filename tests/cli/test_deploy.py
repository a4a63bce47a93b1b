"""`datapulse deploy`: each target's files, rendered and checked by the tools that read them."""

from __future__ import annotations

import configparser
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from datapulse.cli import cli
from tests.conftest import IN_CI


def deploy(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["--env-file", str(tmp_path / "absent.env"), "deploy", *args, "--output", str(out), "--json"],
        env={"DATA_DIR": str(tmp_path / "data"), "UPLOAD_FOLDER": str(tmp_path / "up")},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert all(Path(f).is_file() for f in json.loads(result.output)["files"])
    return out


def need(tool: str) -> str:
    found = shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/sbin")
    if found is None:
        if IN_CI:
            pytest.fail(f"{tool} is not installed (make system-deps installs it)")
        pytest.skip(f"{tool} is not installed")
    return found


def nginx_test(conf: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    prefix = tmp_path / "nginx"
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    main = prefix / "nginx.conf"
    main.write_text(
        f"pid {prefix}/nginx.pid;\nerror_log stderr;\nevents {{}}\nhttp {{\n  access_log off;\n  include {conf};\n}}\n"
    )
    return subprocess.run(
        [need("nginx"), "-t", "-c", str(main), "-p", str(prefix)], capture_output=True, text=True, timeout=60
    )


def location(conf: str, path: str) -> str:
    found = re.search(rf"location {re.escape(path)} \{{(.*?)\n    \}}", conf, re.S)
    assert found, path
    return found.group(1)


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_nginx_config_passes_nginx_t_and_proxies_right(tmp_path: Path, env: str) -> None:
    """nginx -t accepts it; /api/ unbuffered with long reads; /ws upgraded; several upstreams, no stickiness."""
    out = deploy(tmp_path, "--target", "nginx", "--env", env)
    conf = (out / "datapulse.conf").read_text()
    done = nginx_test(out / "datapulse.conf", tmp_path)
    assert done.returncode == 0, done.stderr
    api = location(conf, "/api/")
    assert (
        "proxy_buffering off" in api and "proxy_read_timeout 3600s" in api and "proxy_pass http://datapulse_api" in api
    )
    ws = location(conf, "/ws")
    assert "proxy_set_header Upgrade $http_upgrade" in ws and "proxy_http_version 1.1" in ws
    assert "try_files $uri $uri/ /index.html" in location(conf, "/")
    directives = "\n".join(line for line in conf.splitlines() if not line.lstrip().startswith("#"))
    for sticky in ("ip_hash", "hash ", "sticky"):
        assert sticky not in directives
    upstream_api = re.search(r"upstream datapulse_api \{(.*?)\}", conf, re.S).group(1)  # type: ignore[union-attr]
    assert upstream_api.count("server ") == (1 if env == "dev" else 2)


def test_nginx_ports_and_name_from_the_command_line(tmp_path: Path) -> None:
    out = deploy(tmp_path, "--target", "nginx", "--api-ports", "7001,7002,7003", "--server-name", "dp.test")
    conf = (out / "datapulse.conf").read_text()
    assert conf.count("server 127.0.0.1:700") == 3 and "server_name dp.test;" in conf
    again = CliRunner().invoke(
        cli, ["deploy", "--target", "nginx", "--output", str(out)], env={"DATA_DIR": str(tmp_path)}
    )
    assert again.exit_code == 1 and "--force" in again.output


def test_systemd_units(tmp_path: Path) -> None:
    """The launcher unit, or API and WebSocket instances apart under one target; systemd-analyze accepts them."""
    out = deploy(tmp_path, "--target", "systemd", "--env", "prod")
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        ["datapulse.service", "datapulse-api@.service", "datapulse-ws@.service", "datapulse-migrate.service",
         "datapulse.target", "datapulse.env"]
    )  # fmt: skip
    for unit in ("datapulse.service", "datapulse-api@.service", "datapulse-ws@.service"):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        parser.read(out / unit)
        assert parser["Service"]["Restart"] == "always" and parser["Service"]["EnvironmentFile"]
    api = (out / "datapulse-api@.service").read_text()
    assert "-k gevent -w 4 -b 127.0.0.1:%i 'datapulse.api.app:create_app()'" in api
    assert "datapulse-api@5000.service datapulse-api@5001.service" in (out / "datapulse.target").read_text()
    assert "REDIS_URL=redis://" in (out / "datapulse.env").read_text()
    analyze = shutil.which("systemd-analyze")
    if analyze:
        shutil.copy(out / "datapulse-api@.service", out / "datapulse-api@5000.service")
        shutil.copy(out / "datapulse-ws@.service", out / "datapulse-ws@8765.service")
        for unit in ("datapulse.service", "datapulse-api@5000.service", "datapulse-ws@8765.service"):
            done = subprocess.run(
                [analyze, "verify", "--man=no", f"./{unit}"], cwd=out, capture_output=True, text=True, timeout=120
            )
            problems = [line for line in done.stderr.splitlines() if unit.split("@")[0] in line]
            assert not problems, done.stderr


def test_compose_has_postgres_redis_and_replicas(tmp_path: Path) -> None:
    """compose.yaml: PostgreSQL and Redis with health checks, migrations first, replicated API and WS, nginx."""
    out = deploy(tmp_path, "--target", "compose", "--env", "staging")
    doc = yaml.safe_load((out / "compose.yaml").read_text())
    services = doc["services"]
    assert {"postgres", "redis", "migrate", "api", "ws", "nginx"} <= set(services)
    assert services["api"]["deploy"]["replicas"] == 2 and services["ws"]["deploy"]["replicas"] == 2
    assert services["api"]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert services["api"]["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert services["api"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "healthcheck" in services["postgres"] and "healthcheck" in services["redis"]
    assert "server api:5000" in (out / "nginx.conf").read_text()
    assert services["ui"]["volumes"] == ["datapulse-ui:/ui"]  # the built UI reaches nginx through a volume
    assert "datapulse-ui:/usr/share/nginx/html:ro" in services["nginx"]["volumes"]


def test_dockerfile_installs_the_locked_requirements_with_hashes(tmp_path: Path) -> None:
    """The image installs requirements.lock with --require-hashes: every package, transitive
    ones included, at its locked version, refused when a download's hash differs."""
    out = deploy(tmp_path, "--target", "compose")
    dockerfile = (out / "Dockerfile").read_text()
    root = Path(__file__).resolve().parents[2]
    copied = re.findall(r"^COPY (?!--from)(\S+) \./$", dockerfile, flags=re.M)
    assert "requirements.lock" in copied and "requirements.txt" not in copied
    assert all((root / name).exists() for name in copied)
    installs = [line for line in dockerfile.splitlines() if line.startswith("RUN pip install") and " -r " in line]
    assert installs == ["RUN pip install --no-cache-dir --require-hashes -r requirements.lock"]
    # Every pin of the lock carries its hashes (pip refuses the whole file otherwise).
    entries = re.split(r"\n(?=[a-z0-9])", (root / "requirements.lock").read_text().split("\n\n", 1)[1].strip())
    assert len(entries) > 50
    assert all(re.match(r"^[a-z0-9._-]+==\S+ \\\n\s+--hash=sha256:[0-9a-f]{64}", e) for e in entries), entries[:3]


def test_nginx_limits_each_client_and_forwards_its_address(tmp_path: Path) -> None:
    """limit_conn per client address, limit_req at RATE_LIMIT's pace with a window's burst
    on /api/ (health never), JSON 429s, and the real peer in X-Forwarded-For."""
    out = deploy(tmp_path, "--target", "nginx", "--env", "prod", "--conn-per-client", "40")
    conf = (out / "datapulse.conf").read_text()
    assert "limit_conn_zone $binary_remote_addr zone=datapulse_conn:10m;" in conf
    assert "limit_req_zone $datapulse_limit_key zone=datapulse_req:10m rate=20r/s;" in conf  # 1200/minute
    assert re.search(r"~\^/api/health\(/\|\$\)\s+\"\";", conf)  # an empty key: never counted
    server = conf.split("\nserver {", 1)[1]
    assert "limit_conn datapulse_conn 40;" in server and "error_page 429 = @datapulse_limited;" in server
    assert "limit_req zone=datapulse_req burst=1200 nodelay;" in location(conf, "/api/")
    assert "limit_req" not in location(conf, "/ws")
    for path in ("/api/", "/ws"):
        assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in location(conf, path)
    refusal = location(conf, "@datapulse_limited")
    assert "default_type application/json;" in refusal and "add_header Retry-After 1 always;" in refusal
    body = re.search(r"return 429 '(.*)';", refusal).group(1)  # type: ignore[union-attr]
    assert json.loads(body.replace("$datapulse_limit_code", "rate_limited"))["error"]["details"]["by"] == "proxy"


@pytest.mark.parametrize(
    ("rate_limit", "directive"), [("30/minute", "rate=30r/m"), ("100/second;1000/hour", "rate=100r/s"), ("", None)]
)
def test_nginx_request_rate_follows_the_rate_limit_setting(
    tmp_path: Path, rate_limit: str, directive: str | None
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["--env-file", str(tmp_path / "absent.env"), "deploy", "--target", "nginx", "--output", str(out)],
        env={"DATA_DIR": str(tmp_path / "data"), "UPLOAD_FOLDER": str(tmp_path / "up"), "RATE_LIMIT": rate_limit},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    conf = (out / "datapulse.conf").read_text()
    if directive is None:  # no limit in the app: none in nginx either
        assert "limit_req" not in conf.replace("limit_req_status", "")
    else:
        assert directive in conf
    done = nginx_test(out / "datapulse.conf", tmp_path)
    assert done.returncode == 0, done.stderr


def test_systemd_env_trusts_the_local_proxy_and_leaves_connections_to_it(tmp_path: Path) -> None:
    out = deploy(tmp_path, "--target", "systemd", "--env", "staging")
    env = dict(
        line.split("=", 1) for line in (out / "datapulse.env").read_text().splitlines() if line and line[0] != "#"
    )
    assert env["TRUSTED_PROXIES"] == "127.0.0.1,::1" and env["API_CONNECTIONS_PER_CLIENT"] == "0"
    assert "-b 127.0.0.1:%i" in (out / "datapulse-api@.service").read_text()  # only nginx reaches the API
    other = deploy(tmp_path / "b", "--target", "systemd", "--trusted-proxies", "10.0.0.7, 10.0.1.0/24")
    assert "TRUSTED_PROXIES=10.0.0.7,10.0.1.0/24\n" in (other / "datapulse.env").read_text()
    bad = CliRunner().invoke(
        cli, ["deploy", "--target", "systemd", "--trusted-proxies", "nginx", "--output", str(tmp_path / "c")],
        env={"DATA_DIR": str(tmp_path)},
    )  # fmt: skip
    assert bad.exit_code == 2 and "'nginx' is not an IP address" in bad.output


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_compose_trusts_nginx_at_its_fixed_address_only(tmp_path: Path, env: str) -> None:
    import ipaddress

    out = deploy(tmp_path, "--target", "compose", "--env", env)
    doc = yaml.safe_load((out / "compose.yaml").read_text())
    subnet = ipaddress.ip_network(doc["networks"]["default"]["ipam"]["config"][0]["subnet"])
    nginx_address = doc["services"]["nginx"]["networks"]["default"]["ipv4_address"]
    assert ipaddress.ip_address(nginx_address) in subnet
    for service in ("api", "ws", "migrate"):
        environment = doc["services"][service]["environment"]
        assert environment["TRUSTED_PROXIES"] == nginx_address and environment["API_CONNECTIONS_PER_CLIENT"] == "0"
    assert "ports" not in doc["services"]["api"]  # only nginx is published
    assert "limit_conn datapulse_conn" in (out / "nginx.conf").read_text()

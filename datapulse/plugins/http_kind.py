"""The `http` kind: POST `{"function", "parameters"}` as JSON to the plugin's endpoint; the
JSON answer is the output. Each attempt has the plugin's time limit; connection errors,
time-outs, 429 and 5xx are retried with exponential back-off (tenacity); a breaker per
plugin (pybreaker) stops calling a plugin that keeps failing, and lets one call through
after PLUGIN_BREAKER_OPEN_S to close again."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import pybreaker
import requests
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from datapulse.datasources import guard
from datapulse.errors import ForbiddenAddress
from datapulse.plugins import outbound
from datapulse.plugins.registry import CallContext, Outcome, PluginFailure, PluginSpec
from datapulse.settings import Settings

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_RETRIES = 2


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, outbound.HTTPStatusFailure):
        return exc.status_code >= 500 or exc.status_code == 429
    return isinstance(exc, requests.ConnectionError | requests.Timeout)


def describe(exc: BaseException, timeout_s: float) -> str:
    """A sentence for the log: what went wrong, never a stack trace."""
    if isinstance(exc, pybreaker.CircuitBreakerError):
        return "The plugin failed too often in a row; its circuit breaker is open, so it is not called for now."
    if isinstance(exc, requests.Timeout):
        return f"The plugin did not answer within its time limit of {timeout_s:g} s."
    if isinstance(exc, requests.ConnectionError):
        return "The plugin is unreachable (the connection failed)."
    if isinstance(exc, PluginFailure | ForbiddenAddress):
        return exc.message
    return f"The call failed: {exc}"


class HttpKind:
    name = "http"

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.sleep = sleep
        self.allowlist = guard.Allowlist(settings.PLUGIN_ALLOWLIST)
        self._breakers: dict[str, pybreaker.CircuitBreaker] = {}
        self._lock = threading.Lock()

    def breaker(self, plugin_id: str) -> pybreaker.CircuitBreaker:
        with self._lock:
            if plugin_id not in self._breakers:
                self._breakers[plugin_id] = pybreaker.CircuitBreaker(
                    fail_max=self.settings.PLUGIN_BREAKER_FAILURES,
                    reset_timeout=self.settings.PLUGIN_BREAKER_OPEN_S,
                    exclude=[ForbiddenAddress],
                    name=plugin_id,
                )
            return self._breakers[plugin_id]

    def discover(self, spec: PluginSpec, settings: Settings) -> list[dict[str, Any]]:
        return list(spec.manifest.get("functions", []))

    def call(self, spec: PluginSpec, function: str, parameters: dict[str, Any], ctx: CallContext) -> Outcome:
        manifest = {**spec.manifest, **{k: v for k, v in spec.config.items() if k in ("timeout_s", "retries")}}
        timeout_s = min(float(manifest.get("timeout_s", DEFAULT_TIMEOUT_S)), self.settings.PLUGIN_TIMEOUT_S)
        retries = int(manifest.get("retries", DEFAULT_RETRIES))
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if spec.secret and manifest.get("auth"):
            headers[manifest["auth"]["header"]] = spec.secret
        body = json.dumps({"function": function, "parameters": parameters})
        breaker = self.breaker(spec.id)
        attempts = 0

        def attempt() -> Any:
            nonlocal attempts
            attempts += 1
            method = manifest.get("method", "POST")
            return breaker.call(self._post, manifest["endpoint"], method, headers, body, timeout_s)

        retrying = Retrying(
            stop=stop_after_attempt(retries + 1),
            wait=wait_exponential(multiplier=self.settings.PLUGIN_BACKOFF_S, max=30),
            retry=retry_if_exception(_transient),
            sleep=self.sleep,
            reraise=True,
        )
        try:
            output = retrying(attempt)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message
            raise PluginFailure(describe(exc, timeout_s), details={"attempts": attempts}) from exc
        return Outcome(output=output, attempts=attempts, cost=float(manifest.get("cost_per_call", 0.0)))

    def _post(self, url: str, method: str, headers: dict[str, str], body: str, timeout_s: float) -> Any:
        status, _ctype, raw = outbound.request(method, url, self.allowlist, timeout_s, headers=headers, data=body)
        if status >= 400:
            raise outbound.HTTPStatusFailure(f"The plugin answered HTTP {status}.", status)
        try:
            return json.loads(raw)
        except ValueError:
            raise PluginFailure(f"The plugin answered something that is not JSON ({raw[:60]!r}...).") from None

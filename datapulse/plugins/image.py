"""The built-in `image_generation` plugin: speaks the queue protocol of a hosted Flux
image service. Submit `{"prompt", "image_size"}` to IMAGE_API_URL (header
`Authorization: Key <IMAGE_API_KEY>`) → `{"request_id", "status_url", "response_url"}`;
poll `status_url` until `{"status": "COMPLETED"}`; fetch `response_url` →
`{"images": [{"url", "content_type"}]}`; download the image. The image is stored under
DATA_DIR/plugin_images and served by the API, so a chat shows it without the service."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from datapulse.datasources import guard
from datapulse.plugins import outbound
from datapulse.plugins.registry import CallContext, Outcome, PluginFailure
from datapulse.settings import Settings

FOLDER = "plugin_images"
MIMES = {b"\x89PNG\r\n\x1a\n": ("image/png", "png"), b"\xff\xd8\xff": ("image/jpeg", "jpg")}
DONE, FAILED_STATES = "COMPLETED", ("FAILED", "ERROR", "CANCELLED")


def image_path(settings: Settings, execution_id: str) -> Path | None:
    """The stored image of an execution, if there is one."""
    folder = Path(settings.DATA_DIR) / FOLDER
    for _mime, ext in MIMES.values():
        path = folder / f"{execution_id}.{ext}"
        if path.exists():
            return path
    return None


def image_url(execution_id: str) -> str:
    return f"/api/plugin-executions/{execution_id}/image"


def image_bytes(settings: Settings, url: str) -> bytes | None:
    """The stored image an image result's `url` names (for exports), or None."""
    prefix, suffix = "/api/plugin-executions/", "/image"
    if not (url.startswith(prefix) and url.endswith(suffix)):
        return None
    execution_id = url[len(prefix) : -len(suffix)]
    if not execution_id or "/" in execution_id or execution_id.startswith("."):
        return None
    path = image_path(settings, execution_id)
    return path.read_bytes() if path is not None else None


class ImageGeneration:
    name = "image_generation"
    description = "Generate an image from a text prompt (Flux image service)"
    keywords = ["image", "picture", "draw", "illustration", "Bild", "zeichne", "图片", "图像", "画"]
    functions: list[dict[str, Any]] = [
        {
            "name": "generate_image",
            "description": "Generate an image from a text prompt",
            "parameters": {
                "type": "object",
                "properties": {
                    "prompt": {"type": "string", "minLength": 1, "maxLength": 2000},
                    "width": {"type": "integer", "minimum": 64, "maximum": 2048},
                    "height": {"type": "integer", "minimum": 64, "maximum": 2048},
                },
                "required": ["prompt"],
            },
        }
    ]

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self.sleep = sleep

    def run(self, function: str, parameters: dict[str, Any], ctx: CallContext) -> Outcome:
        settings = ctx.settings
        if function != "generate_image":
            raise PluginFailure(f"image_generation has no function '{function}'.")
        if not settings.IMAGE_API_URL:
            raise PluginFailure("The image service is not configured (IMAGE_API_URL).")
        allowlist = guard.Allowlist(settings.PLUGIN_ALLOWLIST)
        headers = {"Authorization": f"Key {settings.IMAGE_API_KEY}", "Content-Type": "application/json"}
        size = {"width": parameters.get("width", 1024), "height": parameters.get("height", 1024)}
        body = json.dumps({"prompt": parameters["prompt"], "image_size": size})
        submitted = self._json("POST", settings.IMAGE_API_URL, allowlist, settings, headers=headers, data=body)
        status_url, response_url = submitted.get("status_url"), submitted.get("response_url")
        if not isinstance(status_url, str) or not isinstance(response_url, str):
            raise PluginFailure("The image service did not queue the request (no status_url/response_url).")
        deadline = time.monotonic() + settings.IMAGE_TIMEOUT_S
        while True:
            state = str(self._json("GET", status_url, allowlist, settings, headers=headers).get("status", ""))
            if state == DONE:
                break
            if state in FAILED_STATES:
                raise PluginFailure(f"The image service ended the request as {state}.")
            if time.monotonic() > deadline:
                raise PluginFailure(f"No image within {settings.IMAGE_TIMEOUT_S:g} s.")
            self.sleep(settings.IMAGE_POLL_S)
        result = self._json("GET", response_url, allowlist, settings, headers=headers)
        images = result.get("images") or []
        if not images or not isinstance(images[0], dict) or not isinstance(images[0].get("url"), str):
            raise PluginFailure("The image service's result holds no image.")
        status, _ctype, raw = outbound.request("GET", images[0]["url"], allowlist, settings.IMAGE_TIMEOUT_S)
        if status != 200:
            raise PluginFailure(f"The image could not be downloaded (HTTP {status}).")
        mime, ext = next((m for magic, m in MIMES.items() if raw.startswith(magic)), (None, None))
        if mime is None:
            raise PluginFailure("The image service returned something that is not a PNG or JPEG image.")
        folder = Path(settings.DATA_DIR) / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{ctx.execution_id}.tmp"
        tmp.write_bytes(raw)
        tmp.replace(folder / f"{ctx.execution_id}.{ext}")
        output = {"kind": "image", "title": parameters["prompt"], "url": image_url(ctx.execution_id), "mime": mime}
        return Outcome(output=output)

    def _json(self, method: str, url: str, allowlist: guard.Allowlist, settings: Settings, **kw: Any) -> Any:
        status, _ctype, raw = outbound.request(method, url, allowlist, min(30.0, settings.IMAGE_TIMEOUT_S), **kw)
        if status >= 400:
            raise PluginFailure(f"The image service answered HTTP {status}.")
        try:
            data = json.loads(raw)
        except ValueError:
            raise PluginFailure("The image service answered something that is not JSON.") from None
        if not isinstance(data, dict):
            raise PluginFailure("The image service answered an unexpected JSON value.")
        return data

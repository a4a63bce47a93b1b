"""The shape of a detection case: (language, message, expected calls)."""

from __future__ import annotations

from typing import Any

Call = tuple[str, dict[str, Any]]
Case = tuple[str, str, list[Call]]

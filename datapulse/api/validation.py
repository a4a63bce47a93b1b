"""Field validators shared by every area's request schemas."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from apiflask import fields
from apiflask.validators import Regexp
from marshmallow import ValidationError
from werkzeug.routing import BaseConverter

from datapulse.text import clean_display_text


class DisplayText(fields.String):
    """A name people will see: bidi and other invisible controls are dropped on load."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        return text if "\x00" in text else clean_display_text(text)  # NUL stays refused by no_nul


def no_nul(value: str) -> None:
    """PostgreSQL text cannot hold NUL, and no name, id, URL or question needs one."""
    if "\x00" in value:
        raise ValidationError("Must not contain NUL characters.")


def no_nul_text(error: str = "Must not contain NUL characters.") -> Regexp:
    """The same rule as a pattern, so the OpenAPI document states it too."""
    return Regexp(r"^[^\x00]*$", error=error)


def visible_text() -> Regexp:
    """Some character that is not ASCII white space, and no NUL; anchored at both ends so
    that Python (match) and JSON Schema (search) read the pattern the same way."""
    return Regexp(
        r"^[^\x00]*[^\x00 \t\n\r\f\v][^\x00]*$",
        error="Must not be empty, only white space, or contain NUL characters.",
    )


class SegmentBut(BaseConverter):
    """A path segment other than the literal of a sibling route (`/api/files/batch` beside
    `/api/files/<id>`), so that the methods a path allows (OPTIONS, 405) are those of one
    route; the OpenAPI document says the id is never that word (docs.py)."""

    reserved: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.regex = rf"(?!{re.escape(cls.reserved)}$)[^/]+"

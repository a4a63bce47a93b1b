"""Request and response shapes of SPEC 11: sign-in, users, API tokens, visibility."""

from __future__ import annotations

from apiflask import Schema, fields
from apiflask.validators import Email, Length, OneOf, Range

from datapulse.api.pagination import PageQuery
from datapulse.api.schemas.common import PageMeta, Timestamp
from datapulse.api.validation import DisplayText, no_nul_text
from datapulse.auth.principal import ROLES
from datapulse.storage.models import VISIBILITIES

EMAIL = [Length(min=3, max=254), Email(), no_nul_text()]
PASSWORD = [Length(min=1, max=1024), no_nul_text()]


class LoginIn(Schema):
    email = fields.String(required=True, validate=[Length(min=1, max=254), no_nul_text()])
    password = fields.String(required=True, validate=PASSWORD)


class RefreshIn(Schema):
    refresh_token = fields.String(required=True, validate=[Length(min=1, max=512), no_nul_text()])


class UserOut(Schema):
    id = fields.String(required=True)
    email = fields.String(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True, metadata={"enum": list(ROLES)})
    disabled = fields.Boolean(required=True)
    created_at = Timestamp(allow_none=True)
    last_login_at = Timestamp(allow_none=True)


class UserDetailOut(UserOut):
    """UserOut as a whole answer (its own class: apispec registers a nested class once)."""


class SignInOut(Schema):
    user = fields.Nested(UserOut, required=True)
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    expires_in = fields.Integer(required=True, metadata={"description": "seconds the access token is valid"})
    csrf_token = fields.String(required=True, metadata={"description": "send as X-CSRF-Token with the cookie"})


class MeOut(UserOut):
    auth_mode = fields.String(required=True, metadata={"enum": ["local", "users"]})
    csrf_token = fields.String(allow_none=True)
    scopes = fields.List(fields.String(), required=True)


class UserIn(Schema):
    email = fields.String(required=True, validate=EMAIL)
    password = fields.String(required=True, validate=PASSWORD)
    role = fields.String(required=True, validate=OneOf(ROLES))
    name = DisplayText(load_default="", validate=[Length(max=120), no_nul_text()])


class UserPatch(Schema):
    email = fields.String(validate=EMAIL)
    password = fields.String(validate=PASSWORD)
    role = fields.String(validate=OneOf(ROLES))
    name = DisplayText(validate=[Length(max=120), no_nul_text()])
    disabled = fields.Boolean()


class UserPageOut(PageMeta):
    items = fields.List(fields.Nested(UserOut), required=True)


class UserListQuery(PageQuery):
    search = fields.String(validate=[Length(max=200), no_nul_text()], metadata={"description": "part of email or name"})


class UserDeleteQuery(Schema):
    data = fields.String(
        load_default=None,
        validate=OneOf(["delete", "transfer"]),
        metadata={
            "description": "required: what happens to the user's files, sources, conversations ...: deleted, or given"
        },
    )
    transfer_to = fields.Integer(
        validate=Range(min=1, max=2**31 - 1), metadata={"description": "with data=transfer: the admin who gets it"}
    )


class TokenIn(Schema):
    name = DisplayText(required=True, validate=[Length(min=1, max=120), no_nul_text()])
    scopes = fields.List(
        fields.String(validate=OneOf(["read", "write"])), load_default=lambda: ["read"], validate=Length(min=1, max=2)
    )
    expires_at = fields.AwareDateTime(
        load_default=None, allow_none=True, metadata={"description": "ISO 8601 with a zone; empty: 90 days"}
    )


class TokenOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    prefix = fields.String(required=True, metadata={"description": "the first characters, to recognise it"})
    scopes = fields.List(fields.String(), required=True)
    created_at = Timestamp(required=True)
    expires_at = Timestamp(allow_none=True)
    last_used_at = Timestamp(allow_none=True)
    revoked = fields.Boolean(required=True)


class TokenCreatedOut(TokenOut):
    token = fields.String(required=True, metadata={"description": "shown this once; only its hash is kept"})


class TokenPageOut(PageMeta):
    items = fields.List(fields.Nested(TokenOut), required=True)


class VisibilityIn(Schema):
    visibility = fields.String(required=True, validate=OneOf(VISIBILITIES))

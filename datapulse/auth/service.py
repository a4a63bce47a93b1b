"""Sign-in, tokens and users (SPEC 11): the rules, on the database; no Flask here.

- Passwords: argon2id (argon2-cffi), costs from the settings (cheap in tests).
- A sign-in opens a *family*: a refresh token (rotated on every use; only the newest
  works, and presenting a used one revokes the family) and, for the UI, a session. The
  access token (a JWT, ACCESS_TOKEN_TTL_S) and the session cookie (a JWT,
  SESSION_TTL_S) name the family, so signing out or a detected reuse ends them too.
- The CSRF token of a session is an HMAC of its family: nothing to store.
- API tokens: `dp_…`, stored as SHA-256, scoped read or read+write, expiring, revocable.
- LOGIN_MAX_FAILURES failed sign-ins within LOGIN_LOCK_S lock the account for LOGIN_LOCK_S.
The clock is injected, so expiry and lock-out are tested without waiting.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from datapulse.auth.principal import ADMIN, ROLES, Principal
from datapulse.errors import Conflict, Forbidden, NotFound, RateLimited, Unauthorized, Unprocessable
from datapulse.events import utcnow
from datapulse.settings import Settings
from datapulse.storage.auth_models import ApiToken, LoginFailure, SignInFamily, UsedRefreshToken, User
from datapulse.storage.db import Database

API_TOKEN_PREFIX = "dp_"
SESSION_COOKIE = "datapulse_session"  # the UI's session: read by the API and the WebSocket handshake
READ, WRITE = "read", "write"
Listener = Callable[[str, dict[str, Any]], None]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class SignIn:
    """What a sign-in or a refresh hands out."""

    user: User
    access_token: str
    refresh_token: str
    expires_in: int
    session_token: str
    csrf_token: str


class AuthService:
    def __init__(self, settings: Settings, db: Database, clock: Callable[[], datetime] = utcnow) -> None:
        self.settings = settings
        self.db = db
        self.clock = clock
        self.hasher = PasswordHasher(
            time_cost=settings.PASSWORD_HASH_TIME_COST, memory_cost=settings.PASSWORD_HASH_MEMORY_KIB, parallelism=1
        )
        self._dummy_hash = self.hasher.hash(secrets.token_hex(8))  # unknown emails cost the same time
        secret = settings.secret_key.encode()
        self._jwt_key = hmac.new(secret, b"datapulse-jwt", hashlib.sha256).digest()
        self._csrf_key = hmac.new(secret, b"datapulse-csrf", hashlib.sha256).digest()
        self.listeners: list[Listener] = []  # the audit log subscribes here

    def _event(self, action: str, **details: Any) -> None:
        for listener in self.listeners:
            listener(action, details)

    # Users ------------------------------------------------------------------------------
    def check_password(self, password: str) -> None:
        if len(password) < self.settings.PASSWORD_MIN_LENGTH:
            raise Unprocessable(
                f"The password must have at least {self.settings.PASSWORD_MIN_LENGTH} characters.",
                code="weak_password",
                details={"min_length": self.settings.PASSWORD_MIN_LENGTH},
            )

    def create_user(self, email: str, password: str, role: str, name: str = "") -> User:
        if role not in ROLES:
            raise Unprocessable(f"Unknown role '{role}'.", details={"roles": list(ROLES)})
        self.check_password(password)
        user = User(email=email.strip().lower(), name=name, role=role, password_hash=self.hasher.hash(password))
        try:
            with self.db.session() as session:
                session.add(user)
        except IntegrityError:
            raise Conflict(f"A user with the email '{user.email}' exists.", code="email_taken") from None
        self._event("user_created", user_id=user.id, role=role)
        return user

    def update_user(self, user_id: int, changes: dict[str, Any]) -> User:
        with self.db.session() as session:
            user = session.get(User, user_id)
            if user is None:
                raise NotFound(f"No user with id '{user_id}'.", details={"user_id": str(user_id)})
            if "password" in changes:
                self.check_password(changes["password"])
                user.password_hash = self.hasher.hash(changes["password"])
                self._revoke_all(session, user_id)
            if changes.get("role") is not None:
                if changes["role"] not in ROLES:
                    raise Unprocessable(f"Unknown role '{changes['role']}'.", details={"roles": list(ROLES)})
                if user.role == ADMIN and changes["role"] != ADMIN:
                    self._keep_an_admin(session, user_id)
                user.role = changes["role"]
            if changes.get("disabled") is not None:
                if changes["disabled"] and user.role == ADMIN:
                    self._keep_an_admin(session, user_id)
                user.disabled = bool(changes["disabled"])
                if user.disabled:
                    self._revoke_all(session, user_id)
            if changes.get("name") is not None:
                user.name = changes["name"]
            if changes.get("email") is not None:
                user.email = changes["email"].strip().lower()
            try:
                session.flush()
            except IntegrityError:
                raise Conflict(f"A user with the email '{user.email}' exists.", code="email_taken") from None
        revoked = "password" in changes or bool(changes.get("disabled"))
        self._event(
            "user_updated", user_id=user_id, fields=sorted(k for k in changes if k != "password"), revoked=revoked
        )
        return user

    def _keep_an_admin(self, session: Session, leaving: int) -> None:
        """The last enabled admin cannot be demoted, disabled or deleted: nobody could sign in to fix it."""
        others = session.scalar(
            select(func.count()).where(User.role == ADMIN, User.disabled.is_(False), User.id != leaving)
        )
        if not others:
            raise Conflict("This is the last enabled admin; make another admin first.", code="last_admin")

    def delete_user(self, user_id: int, transfer_to: int | None, owned: list[Any]) -> None:
        """Delete a user; their data goes to the admin `transfer_to`, or (None) is deleted.
        `owned` are the models with an owner (the caller knows them; files on disk are the
        caller's business before this)."""
        with self.db.session() as session:
            user = session.get(User, user_id)
            if user is None:
                raise NotFound(f"No user with id '{user_id}'.", details={"user_id": str(user_id)})
            if user.role == ADMIN:
                self._keep_an_admin(session, user_id)
            key = str(user_id)
            if transfer_to is not None:
                heir = session.get(User, transfer_to)
                if heir is None or heir.role != ADMIN or heir.id == user_id:
                    raise Unprocessable("Data can only go to another admin.", code="invalid_heir")
                for model in owned:
                    session.execute(update(model).where(model.owner_id == key).values(owner_id=str(transfer_to)))
            session.delete(user)
        self._event("user_deleted", user_id=user_id, transfer_to=transfer_to)

    def principal_of(self, user: User, **extra: Any) -> Principal:
        return Principal(user_id=user.id, role=user.role, email=user.email, name=user.name, **extra)

    # Sign-in ----------------------------------------------------------------------------
    def login(self, email: str, password: str, address: str = "") -> SignIn:
        now = self.clock()
        refused = Unauthorized("Wrong email or password.", code="invalid_credentials")
        with self.db.session() as session:
            user = session.scalar(select(User).where(User.email == email.strip().lower()))
            if user is None:
                self._verify(self._dummy_hash, password)
                self._event("login_failed", email=email[:254], address=address, reason="unknown_email")
                raise refused
            locked = aware(user.locked_until)
            if locked is not None and locked > now:
                retry = max(1, int((locked - now).total_seconds() + 0.999))
                self._event("login_locked", user_id=user.id, address=address)
                raise RateLimited(
                    "Too many failed sign-ins; this account is locked for a while.",
                    code="account_locked",
                    retry_after=retry,
                    details={"retry_after": retry},
                )
            if not self._verify(user.password_hash, password):
                session.add(LoginFailure(user_id=user.id, at=now, address=address[:64]))
                session.flush()
                since = now - timedelta(seconds=self.settings.LOGIN_LOCK_S)
                failures = session.scalar(
                    select(func.count()).where(LoginFailure.user_id == user.id, LoginFailure.at > since)
                )
                if (failures or 0) >= self.settings.LOGIN_MAX_FAILURES:
                    user.locked_until = now + timedelta(seconds=self.settings.LOGIN_LOCK_S)
                    session.execute(delete(LoginFailure).where(LoginFailure.user_id == user.id))
                self._event("login_failed", user_id=user.id, address=address, reason="wrong_password")
                session.commit()
                raise refused
            if user.disabled:
                raise Forbidden("This account is disabled.", code="account_disabled")
            session.execute(delete(LoginFailure).where(LoginFailure.user_id == user.id))
            user.locked_until = None
            user.last_login_at = now
            if self.hasher.check_needs_rehash(user.password_hash):
                user.password_hash = self.hasher.hash(password)
            refresh = secrets.token_urlsafe(32)
            family = SignInFamily(
                user_id=user.id,
                current_hash=digest(refresh),
                created_at=now,
                expires_at=now + timedelta(seconds=self.settings.REFRESH_TOKEN_TTL_S),
            )
            session.add(family)
            session.flush()
            signin = self._issue(user, family, refresh, now)
        self._event("login", user_id=user.id, address=address)
        return signin

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return bool(self.hasher.verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False

    def refresh(self, token: str) -> SignIn:
        """A new pair for a valid refresh token; a used one revokes its whole family."""
        now = self.clock()
        invalid = Unauthorized("The refresh token is not valid.", code="invalid_refresh_token")
        hashed = digest(token)
        with self.db.session() as session:
            family = session.scalar(select(SignInFamily).where(SignInFamily.current_hash == hashed))
            if family is None:
                used = session.get(UsedRefreshToken, hashed)
                if used is not None:
                    session.execute(
                        update(SignInFamily)
                        .where(SignInFamily.id == used.family_id, SignInFamily.revoked_at.is_(None))
                        .values(revoked_at=now)
                    )
                    session.commit()
                    owner = session.scalar(select(SignInFamily.user_id).where(SignInFamily.id == used.family_id))
                    self._event("refresh_reused", family_id=used.family_id, user_id=owner)
                    raise Unauthorized(
                        "This refresh token was already used; its sign-in has been ended everywhere.",
                        code="refresh_token_reused",
                    )
                raise invalid
            expires = aware(family.expires_at)
            if family.revoked_at is not None or (expires is not None and expires <= now):
                raise invalid
            user = session.get(User, family.user_id)
            if user is None or user.disabled:
                raise invalid
            session.add(UsedRefreshToken(token_hash=hashed, family_id=family.id))
            fresh = secrets.token_urlsafe(32)
            family.current_hash = digest(fresh)
            family.generation += 1
            session.flush()
            return self._issue(user, family, fresh, now)

    def logout(self, principal: Principal) -> None:
        if principal.family_id is None:
            return
        with self.db.session() as session:
            session.execute(
                update(SignInFamily)
                .where(SignInFamily.id == principal.family_id, SignInFamily.revoked_at.is_(None))
                .values(revoked_at=self.clock())
            )
        self._event("logout", user_id=principal.user_id)

    def _revoke_all(self, session: Session, user_id: int) -> None:
        now = self.clock()
        session.execute(
            update(SignInFamily)
            .where(SignInFamily.user_id == user_id, SignInFamily.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    def _issue(self, user: User, family: SignInFamily, refresh: str, now: datetime) -> SignIn:
        ttl = self.settings.ACCESS_TOKEN_TTL_S
        access = self._jwt({"typ": "access", "sub": str(user.id), "fam": family.id}, now, ttl)
        session = self._jwt({"typ": "session", "sub": str(user.id), "fam": family.id}, now, self.settings.SESSION_TTL_S)
        return SignIn(user, access, refresh, ttl, session, self.csrf_token(family.id))

    def _jwt(self, claims: dict[str, Any], now: datetime, ttl: int) -> str:
        body = {**claims, "iat": int(now.timestamp()), "exp": int(now.timestamp()) + ttl}
        return jwt.encode(body, self._jwt_key, algorithm="HS256")

    def csrf_token(self, family_id: str) -> str:
        return hmac.new(self._csrf_key, family_id.encode(), hashlib.sha256).hexdigest()

    # Authentication of a request ----------------------------------------------------------
    def authenticate_jwt(self, token: str, typ: str) -> Principal:
        """The principal of an access token (`typ` access) or a session cookie (`session`)."""
        invalid = Unauthorized("The credentials are not valid or have expired.", code="invalid_token")
        try:
            claims = jwt.decode(
                token,
                self._jwt_key,
                algorithms=["HS256"],
                options={"verify_exp": False, "require": ["exp", "sub", "fam", "typ"]},
            )
        except jwt.PyJWTError:
            raise invalid from None
        if claims["typ"] != typ or int(claims["exp"]) <= self.clock().timestamp():
            raise invalid
        with self.db.session() as session:
            row = session.execute(
                select(User, SignInFamily.revoked_at)
                .join(SignInFamily, SignInFamily.user_id == User.id)
                .where(SignInFamily.id == str(claims["fam"]), User.id == int(claims["sub"]))
            ).first()
        if row is None or row[1] is not None or row[0].disabled:
            raise invalid
        via = "bearer" if typ == "access" else "session"
        return self.principal_of(row[0], via=via, family_id=str(claims["fam"]))

    def authenticate_api_token(self, token: str) -> Principal:
        invalid = Unauthorized("The API token is not valid, expired or revoked.", code="invalid_token")
        now = self.clock()
        with self.db.session() as session:
            row = session.execute(
                select(ApiToken, User)
                .join(User, User.id == ApiToken.user_id)
                .where(ApiToken.token_hash == digest(token))
            ).first()
            if row is None:
                raise invalid
            api_token, user = row
            expires = aware(api_token.expires_at)
            if api_token.revoked_at is not None or user.disabled or (expires is not None and expires <= now):
                raise invalid
            last = aware(api_token.last_used_at)
            if last is None or (now - last).total_seconds() > 60:  # at most one write a minute per token
                api_token.last_used_at = now
        return self.principal_of(user, via="token", write_scope=api_token.can_write, token_id=api_token.id)

    def sign_in_alive(self, principal: Principal) -> bool:
        """Does what `principal` signed in with still hold: its user enabled, and its sign-in
        (family) or API token neither revoked nor expired. The WebSocket asks this of open
        connections; the access token's own short expiry does not end one (the sign-in's does)."""
        if principal.user_id is None:
            return True  # the local admin
        now = self.clock()
        with self.db.session() as session:
            user = session.get(User, principal.user_id)
            if user is None or user.disabled:
                return False
            if principal.token_id is not None:
                token = session.get(ApiToken, principal.token_id)
                if token is None or token.revoked_at is not None:
                    return False
                expires = aware(token.expires_at)
            elif principal.family_id is not None:
                family = session.get(SignInFamily, principal.family_id)
                if family is None or family.revoked_at is not None:
                    return False
                expires = aware(family.expires_at)
            else:
                return True
        return expires is None or expires > now

    # API tokens -------------------------------------------------------------------------
    def create_token(
        self, principal: Principal, name: str, scopes: list[str], expires_at: datetime | None
    ) -> tuple[ApiToken, str]:
        if principal.user_id is None:
            raise Unprocessable("API tokens belong to users; the local admin needs none.", code="no_user")
        if set(scopes) not in ({READ}, {READ, WRITE}):
            raise Unprocessable('Scopes are ["read"] or ["read", "write"].', code="invalid_scopes")
        now = self.clock()
        if expires_at is not None and aware(expires_at) <= now:  # type: ignore[operator]
            raise Unprocessable("The expiry must lie in the future.", code="invalid_expiry")
        text = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = ApiToken(
            user_id=principal.user_id,
            name=name,
            token_hash=digest(text),
            prefix=text[:10],
            can_write=WRITE in scopes,
            created_at=now,
            expires_at=expires_at,
        )
        with self.db.session() as session:
            session.add(row)
        self._event("token_created", user_id=principal.user_id, token_id=row.id)
        return row, text

    def revoke_token(self, principal: Principal, token_id: str) -> None:
        with self.db.session() as session:
            row = session.get(ApiToken, token_id)
            if row is None or row.user_id != principal.user_id:
                raise NotFound(f"No token with id '{token_id}'.", details={"token_id": token_id})
            if row.revoked_at is None:
                row.revoked_at = self.clock()
        self._event("token_revoked", user_id=principal.user_id, token_id=token_id)

    def token_scopes(self, row: ApiToken) -> list[str]:
        return [READ, WRITE] if row.can_write else [READ]

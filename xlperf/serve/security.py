"""Who may do what: administrators' passwords (argon2), lock-out after repeated failures, CSRF tokens.

A password is stored only as its argon2id hash (argon2-cffi's defaults).  ``MAX_FAILURES`` wrong passwords
in a row lock the account for ``LOCK_MINUTES`` (also for the right password); an unknown name costs the same
hash check as a known one, so timing does not tell which names exist.  Every form an administrator posts
carries the session's CSRF token (:func:`csrf_ok`); the session cookie itself is signed, HttpOnly and SameSite.
"""

from __future__ import annotations

import datetime as _dt
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .store import Store, now

MAX_FAILURES = 5
LOCK_MINUTES = 15
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("xlperf-no-such-user")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _verify(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def login(store: Store, name: str, password: str, addr: str = "") -> tuple[bool, str]:
    """(ok, the message the login page shows).  Counts failures and locks the account; logs every attempt."""
    admin = store.admin(name)
    if admin is None:
        _verify(_DUMMY, password)
        store.log(name or "（空）", "登录失败", "用户名或密码不正确", addr)
        return False, "用户名或密码不正确。"
    locked = admin["locked_until"]
    if locked and locked > now():
        store.log(name, "登录被拒绝", f"账户已锁定至{locked}", addr)
        return False, f"密码错误次数过多，账户已锁定，请{LOCK_MINUTES}分钟后再试。"
    if _verify(admin["password_hash"], password):
        store.note_login(name, True)
        store.log(name, "登录", "", addr)
        return True, ""
    failures = admin["failures"] + 1
    until = None
    if failures >= MAX_FAILURES:
        until = (_dt.datetime.now(_dt.timezone.utc).astimezone()
                 + _dt.timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds")
    store.note_login(name, False, until)
    store.log(name, "登录失败", f"第{failures}次密码错误" + ("，账户锁定" if until else ""), addr)
    if until:
        return False, f"密码错误次数过多，账户已锁定，请{LOCK_MINUTES}分钟后再试。"
    return False, f"用户名或密码不正确（还可尝试{MAX_FAILURES - failures}次）。"


def new_csrf() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(session: dict, sent: str | None) -> bool:
    expected = session.get("csrf")
    return bool(expected and sent and secrets.compare_digest(str(expected), str(sent)))

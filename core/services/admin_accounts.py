"""Staff sign-in: passwords, lock-out after repeated failures, LINE link codes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from werkzeug.security import check_password_hash, generate_password_hash

from core.domain.errors import DomainError
from core.persistence.admin_queries import (
    count_signin_failures,
    record_signin_failure,
    user_with_link_code,
)
from core.persistence.models import User
from core.persistence.uow import UnitOfWork
from core.services.users import ROLES, UNIT_REQUIRED, check_password_strength

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
ADDRESS_LIMIT = 20  # failed sign-ins from one client address ...
ADDRESS_WINDOW = timedelta(minutes=15)  # ... within this window, whatever the usernames
LINK_CODE_TTL = timedelta(minutes=15)
LINK_CODE_DIGITS = 6  # what the bot accepts: `LINK 123456` (core.conversation.commands)
BAD_LOGIN = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
LAST_ADMIN = ("บัญชีนี้เป็นผู้ดูแลระบบที่ใช้งานได้บัญชีสุดท้าย จึงเปลี่ยนบทบาทหรือระงับไม่ได้ "
              "กรุณาตั้งผู้ดูแลระบบคนอื่นก่อน")
# Checked when the username is unknown, so a wrong name costs as much time as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def authenticate(uow: UnitOfWork, username: str, password: str, now: datetime) -> User:
    """The account, or DomainError (Thai); failures count toward a 15-minute lock."""
    user = uow.users.by_username(username.strip().lower())
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        raise DomainError(BAD_LOGIN)
    if user.locked_until is not None and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise DomainError(f"บัญชีนี้ถูกระงับชั่วคราวเพราะใส่รหัสผ่านผิดหลายครั้ง "
                          f"กรุณาลองใหม่ในอีก {minutes} นาที")
    if not check_password_hash(user.password_hash, password):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILURES:
            user.failed_logins, user.locked_until = 0, now + LOCK_FOR
        raise DomainError(BAD_LOGIN)
    user.failed_logins, user.locked_until = 0, None
    return user


def address_blocked(uow: UnitOfWork, address_key: str, now: datetime) -> bool:
    """Whether the client address (its keyed digest) failed ADDRESS_LIMIT times lately, in
    any web process: counted in the database, so more workers give a guesser no more tries."""
    return count_signin_failures(uow.session, address_key, now - ADDRESS_WINDOW,
                                 ADDRESS_LIMIT) >= ADDRESS_LIMIT


def address_failed(uow: UnitOfWork, address_key: str, now: datetime) -> None:
    """Count one failed sign-in from the address; failures past the window are forgotten."""
    record_signin_failure(uow.session, address_key, now, forget_before=now - ADDRESS_WINDOW)


def session_token(user: User) -> str:
    """What the session cookie names: the id plus a digest of the password hash.

    Changing the password changes the token, which signs out every other session.
    """
    digest = hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]
    return f"{user.id}:{digest}"


def user_for_token(uow: UnitOfWork, token: str) -> User | None:
    """The active account a session token names, or None when it is stale."""
    user_id, _, _digest = token.partition(":")
    if not user_id.isdigit():
        return None
    user = uow.users.get(int(user_id))
    if user is None or not user.active:
        return None
    return user if secrets.compare_digest(session_token(user), token) else None


def change_password(uow: UnitOfWork, user: User, current: str, new: str) -> None:
    """Replace the password after checking the current one."""
    if not check_password_hash(user.password_hash, current):
        raise DomainError("รหัสผ่านปัจจุบันไม่ถูกต้อง")
    if new == current:
        raise DomainError("รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม")
    set_password(user, new)


def set_password(user: User, new: str) -> None:
    """Set a new password (an administrator's reset, or after change_password's checks)."""
    check_password_strength(new)
    user.password_hash = generate_password_hash(new)
    user.failed_logins, user.locked_until = 0, None


def new_line_link_code(uow: UnitOfWork, user: User, now: datetime) -> str:
    """A one-time code the staff member sends to the bot as `LINK <code>` (15 minutes).

    Six digits, unique among the codes not yet used (the bot finds the account by code).
    """
    while True:
        code = f"{secrets.randbelow(10 ** LINK_CODE_DIGITS):0{LINK_CODE_DIGITS}d}"
        holder = user_with_link_code(uow.session, code)
        if holder is None or holder.id == user.id:
            break
    user.line_link_code, user.line_link_expires_at = code, now + LINK_CODE_TTL
    return code


def unlink_line(user: User) -> None:
    """Stop sending this staff member's alerts to LINE."""
    user.line_user_id = None
    user.line_link_code = user.line_link_expires_at = None


def update_account(uow: UnitOfWork, user: User, *, role: str, unit_code: str | None,
                   active: bool) -> None:
    """An administrator's change of role, unit or status."""
    if role not in ROLES:
        raise DomainError("บทบาทต้องเป็น admin, officer หรือ viewer")
    if unit_code and uow.reference.unit(unit_code) is None:
        raise DomainError(f"ไม่มีหน่วยงานรหัส {unit_code}")
    if role != "admin" and not unit_code:
        raise DomainError(UNIT_REQUIRED)
    stays_admin = role == "admin" and active
    if user.role == "admin" and user.active and not stays_admin \
            and not uow.users.other_active_admins(user.id):
        raise DomainError(LAST_ADMIN)
    user.role, user.unit_code, user.active = role, unit_code or None, active
    if active:
        user.failed_logins, user.locked_until = 0, None

"""Staff accounts."""

from __future__ import annotations

import re
from datetime import datetime

from werkzeug.security import generate_password_hash

from core.domain.errors import DomainError
from core.persistence.models import User
from core.persistence.uow import UnitOfWork

ROLES = {"admin": "ผู้ดูแลระบบ", "officer": "เจ้าหน้าที่", "viewer": "ผู้ดูข้อมูล"}
USERNAME_RE = re.compile(r"^[a-z0-9_.-]{3,40}$")
MIN_PASSWORD = 10
UNIT_REQUIRED = "เจ้าหน้าที่และผู้ดูข้อมูลต้องระบุหน่วยงาน"  # the CLI adds its flag, the page does not


def check_password_strength(password: str) -> None:
    """Refuse short passwords."""
    if len(password) < MIN_PASSWORD:
        raise DomainError(f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร")


def create_user(uow: UnitOfWork, *, username: str, role: str, unit_code: str | None,
                password: str, now: datetime) -> User:
    """A new staff account; officers and viewers belong to a unit."""
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise DomainError("ชื่อผู้ใช้ใช้ได้เฉพาะ a-z 0-9 _ . - ยาว 3-40 ตัว")
    if role not in ROLES:
        raise DomainError("บทบาทต้องเป็น admin, officer หรือ viewer")
    if unit_code is not None and uow.reference.unit(unit_code) is None:
        raise DomainError(f"ไม่มีหน่วยงานรหัส {unit_code}")
    if role != "admin" and unit_code is None:
        raise DomainError(UNIT_REQUIRED)
    if uow.users.by_username(username) is not None:
        raise DomainError(f"มีชื่อผู้ใช้ {username} อยู่แล้ว")
    check_password_strength(password)
    user = User(username=username, role=role, unit_code=unit_code, created_at=now,
                password_hash=generate_password_hash(password), active=True, failed_logins=0)
    uow.users.add(user)
    uow.flush()
    return user

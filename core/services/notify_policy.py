"""How and when complainants are told: quiet hours and the reopen period (editable in `kv`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from core.domain.clock import BANGKOK
from core.domain.errors import DomainError
from core.persistence.scheduling import store
from core.persistence.uow import UnitOfWork

KV_KEY = "notify_policy"


@dataclass(frozen=True)
class NotifyPolicy:
    """Quiet hours (Bangkok wall clock) and how long a closed case may be reopened."""

    quiet_start: time = time(20, 0)
    quiet_end: time = time(8, 0)
    reopen_working_days: int = 15

    def in_quiet_hours(self, now: datetime) -> bool:
        """True when `now` falls in the quiet hours."""
        return self.release_at(now) is not None

    def release_at(self, now: datetime) -> datetime | None:
        """When quiet hours that contain `now` end (UTC), or None outside them."""
        if self.quiet_start == self.quiet_end:
            return None
        local = now.astimezone(BANGKOK)
        clock = local.time().replace(tzinfo=None)
        start, end = self.quiet_start, self.quiet_end
        overnight = start > end
        inside = (clock >= start or clock < end) if overnight else (start <= clock < end)
        if not inside:
            return None
        day = local.date()
        if overnight and clock >= start:
            day += timedelta(days=1)
        return datetime.combine(day, end, BANGKOK).astimezone(UTC)

    def to_data(self) -> dict[str, Any]:
        """The JSON shape kept in `kv`."""
        data = asdict(self)
        data["quiet_start"] = self.quiet_start.strftime("%H:%M")
        data["quiet_end"] = self.quiet_end.strftime("%H:%M")
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> NotifyPolicy:
        """Read and check the JSON shape."""
        try:
            policy = cls(
                quiet_start=time.fromisoformat(data.get("quiet_start", "20:00")),
                quiet_end=time.fromisoformat(data.get("quiet_end", "08:00")),
                reopen_working_days=int(data.get("reopen_working_days", 15)),
            )
        except (TypeError, ValueError):
            raise DomainError("เวลางดส่งข้อความต้องอยู่ในรูป HH:MM") from None
        if not 0 < policy.reopen_working_days <= 120:
            raise DomainError("ระยะเวลาขอเปิดเรื่องใหม่ต้องอยู่ระหว่าง 1 ถึง 120 วันทำการ")
        return policy


def load_notify_policy(uow: UnitOfWork) -> NotifyPolicy:
    """The policy in force (defaults until an admin changes it)."""
    data = store(uow.session).kv_get(KV_KEY)
    return NotifyPolicy.from_data(data) if data else NotifyPolicy()


def save_notify_policy(uow: UnitOfWork, policy: NotifyPolicy, now: datetime) -> None:
    """Store a new policy (checked first)."""
    NotifyPolicy.from_data(policy.to_data())
    store(uow.session).kv_put(KV_KEY, policy.to_data(), now)

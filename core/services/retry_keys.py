"""How long an outbox row's `X-Line-Retry-Key` may be used: LINE keeps a key 24 hours.

After that LINE no longer answers 409 for a request it accepted earlier, so a push it took
but answered with a 5xx or a timeout could reach the person twice. The outbox therefore
stops trying a key an hour before that (a margin for slow sends and clocks), and a staff
resend after it takes a fresh key.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

KEY_LIFETIME = timedelta(hours=23)


def key_usable_until(first_tried_at: datetime | None) -> datetime | None:
    """The last instant a try may use the key (None: never tried, so no limit yet)."""
    return None if first_tried_at is None else first_tried_at + KEY_LIFETIME


def key_usable_at(first_tried_at: datetime | None, at: datetime) -> bool:
    """True when a try at `at` may still use the key."""
    until = key_usable_until(first_tried_at)
    return until is None or at < until


def fresh_key() -> str:
    """A new retry key (a UUID, as LINE asks)."""
    return str(uuid.uuid4())

"""Forgetting what the intake keeps only for a while: idle drafts, seen event ids, copies
of replies.

`forget_stale(uow, now)` is meant for the clock's daily jobs: drafts idle longer than
DRAFT_TTL (30 days; the issue asks for at least 7) are wiped with their evidence files,
and webhook event ids older than EVENT_IDS_KEPT are dropped (LINE redelivers for far less),
as are the reply guards that had to be pushed (a delivered reply's guard is deleted at
once: bot/guards.py), which hold what the bot said, personal data included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.conversation.context import DRAFT_TTL
from core.conversation.evidence import EvidenceStore
from core.conversation.memory import Memory
from core.persistence.bot_store import BotStore
from core.persistence.uow import UnitOfWork

EVENT_IDS_KEPT = timedelta(days=30)
MARKERS_KEPT = timedelta(days=1)  # in-flight markers: a minute matters (ordering.STALL)


@dataclass(frozen=True)
class Forgotten:
    drafts: int
    files: int
    event_ids: int
    replies: int  # copies of replies pushed instead


def forget_stale(uow: UnitOfWork, now: datetime, evidence: EvidenceStore | None = None,
                 batch: int = 500) -> Forgotten:
    """Wipe idle drafts and their unfiled evidence, and old event ids; commits nothing."""
    store = BotStore(uow.session)
    cutoff = now - DRAFT_TTL
    drafts = 0
    for chat in store.idle_drafts(cutoff, batch):
        memory = Memory.from_data(chat.data)
        if memory.forget_unsent():
            memory.draft_forgotten_at = now.isoformat()  # said at the person's next message
        store.save_conversation(chat, "idle", memory.to_data(), now)
        drafts += 1
    keys = store.drop_unfiled_attachments(cutoff)
    if evidence is not None:
        for key in keys:
            evidence.delete(key)
    store.drop_markers(now - MARKERS_KEPT)  # LINE user IDs kept no longer than needed
    return Forgotten(drafts, len(keys), store.drop_event_ids(now - EVENT_IDS_KEPT),
                     store.drop_reply_copies(now - EVENT_IDS_KEPT))

"""LINE messages that could not be sent: counts, a pause in force, dead letters to resend."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from admin.context import admin_required, now, uow, viewer
from core.domain.errors import DomainError
from core.services import outbox
from core.services.admin_audit import record
from core.services.dead_letters import RETRYABLE

STATUS_LABELS = {"pending": "รอส่ง", "sending": "กำลังส่ง", "sent": "ส่งแล้ว",
                 "dead": "ส่งไม่สำเร็จ", "skipped": "ข้าม (ผู้รับบล็อก/เลิกติดตาม)",
                 "cancelled": "ยกเลิก"}
REASONS = {"rate": "ส่งถี่เกินกำหนดของ LINE", "quota": "โควตาข้อความของเดือนหมด",
           "auth": "โทเคนของ LINE ใช้ไม่ได้"}


def add_routes(bp: Blueprint) -> None:
    """The outbox page and its two actions."""
    bp.add_url_rule("/outbox", view_func=outbox_page)
    bp.add_url_rule("/outbox/<int:message_id>/retry", view_func=retry, methods=["POST"])
    bp.add_url_rule("/outbox/resume", view_func=resume, methods=["POST"])


@admin_required
def outbox_page():  # noqa: ANN201
    """Counts by state, the pause in force, and the messages LINE refused."""
    status = request.args.get("status", "dead")
    if status not in RETRYABLE:
        status = "dead"
    moment = now()
    with uow() as work:
        health = outbox.outbox_health(work)
        pause = outbox.active_pause(work, moment)
        letters = outbox.list_dead_letters(work, status=status)
    until = datetime.fromisoformat(pause["until"]) if pause else None
    return render_template("admin/outbox.html", health=health, pause=pause, until=until,
                           letters=letters, status=status, labels=STATUS_LABELS,
                           reasons=REASONS)


@admin_required
def retry(message_id: int):  # noqa: ANN201
    """Queue a refused message again."""
    with uow() as work:
        try:
            outbox.retry_dead_letter(work, message_id, now())
        except DomainError as exc:
            if "ไม่พบ" in str(exc):
                abort(404)
            flash(str(exc), "error")
        else:
            record(work, actor=viewer().username, action="outbox_retry", now=now(),
                   message=message_id)
            work.commit()
            flash("ส่งข้อความนี้ใหม่แล้ว (จะส่งในรอบถัดไป)", "ok")
    return redirect(url_for("admin.outbox_page"))


@admin_required
def resume():  # noqa: ANN201
    """End a pause now (the quota was raised or the token fixed)."""
    with uow() as work:
        outbox.resume_sending(work, now())
        record(work, actor=viewer().username, action="outbox_resume", now=now())
        work.commit()
    flash("กลับมาส่งข้อความแล้ว", "ok")
    return redirect(url_for("admin.outbox_page"))

"""`rongrian privacy anonymise|export|delete-request`: the PDPA duties."""

from __future__ import annotations

import argparse
import json

from core.domain.errors import DomainError
from core.services import privacy
from rongrian.commands._args import past_instant, phone
from rongrian.errors import CommandError, UsageError
from rongrian.runtime import Runtime, utcnow


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("privacy", help="personal data (PDPA)")
    priv = parser.add_subparsers(dest="privacy_command", required=True)
    anon = priv.add_parser("anonymise", help="anonymise closed cases past the retention period")
    anon.add_argument("--now", type=past_instant,
                      help="ISO-8601 instant with a zone, not in the future (default: now)")
    anon.set_defaults(func=run_anonymise)
    export = priv.add_parser("export", help="everything held about one person, as JSON")
    export.add_argument("--phone", type=phone)
    export.add_argument("--line-user-id")
    export.add_argument("--by", default="cli", help="who asked (recorded in the audit log)")
    export.set_defaults(func=run_export)
    delete = priv.add_parser("delete-request", help="record a request to delete a case's data")
    delete.add_argument("--tracking-no", required=True)
    delete.add_argument("--note", required=True)
    delete.add_argument("--anonymise-now", action="store_true")
    delete.add_argument("--by", default="cli")
    delete.set_defaults(func=run_delete)


def _attachments(runtime: Runtime):  # noqa: ANN202
    return runtime.settings.instance_path / "attachments"


def run_anonymise(args: argparse.Namespace) -> int:
    """Anonymise in batches until none are left."""
    runtime = Runtime.from_env()
    runtime.require_migrated()
    now, total = args.now or utcnow(), 0
    while True:
        with runtime.uow() as uow:
            done = privacy.anonymise_expired(uow, now=now, attachment_root=_attachments(runtime))
            uow.commit()
        total += done
        if done == 0:
            break
    print(f"anonymised {total} case(s) closed more than {privacy.retention_days()} days ago")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Print the person's data as JSON."""
    if not (args.phone or args.line_user_id):
        raise UsageError("give --phone or --line-user-id")
    runtime = Runtime.from_env()
    runtime.require_migrated()
    with runtime.uow() as uow:
        try:
            data = privacy.person_export(uow, phone=args.phone, line_user_id=args.line_user_id,
                                         actor=args.by, now=utcnow())
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        uow.commit()
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def run_delete(args: argparse.Namespace) -> int:
    """Record the request (and anonymise when asked)."""
    runtime = Runtime.from_env()
    runtime.require_migrated()
    with runtime.uow() as uow:
        try:
            privacy.record_deletion_request(
                uow, tracking_no=args.tracking_no, note=args.note, actor=args.by, now=utcnow(),
                anonymise_now=args.anonymise_now, attachment_root=_attachments(runtime))
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        uow.commit()
    done = " and anonymised" if args.anonymise_now else ""
    print(f"deletion request for {args.tracking_no} recorded{done}")
    return 0

"""Writes of the import wizard: a draft is created from an upload, edited, then imported or dropped."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.db import transaction

from duban.accounts.models import Organization, User
from duban.ingest import parse_with_document
from duban.plans.services import ImportResult, plan_import_parsed
from duban.web.drafts import DraftData, draft_from_parsed, parsed_from_draft, source_blocks
from duban.web.models import ImportDraft


def draft_create(
    *, organization: Organization, user: User, content: bytes, filename: str, now: dt.datetime
) -> ImportDraft:
    """Parse an uploaded document into a new draft; IngestError (nothing stored) if it cannot be read."""
    # The neutral document feeds the source panel beside the parsed plan.
    parsed, document = parse_with_document(content, filename=filename)
    drafts_purge_stale(now=now)
    return ImportDraft.objects.create(
        organization=organization,
        created_by=user,
        filename=PurePath(filename).name[:255] or "plan",
        content=content,
        data=draft_from_parsed(parsed),
        source=source_blocks(document),
    )


def draft_save(*, draft: ImportDraft, data: DraftData) -> None:
    """Store the draft as edited."""
    draft.data = data
    draft.save(update_fields=["data", "updated_at"])


@transaction.atomic
def draft_import(*, draft: ImportDraft, user: User, replace: bool = False) -> ImportResult:
    """Write the edited plan through the import service, then drop the draft: both or neither."""
    parsed = parsed_from_draft(draft.data)
    content = bytes(draft.content)  # read before the row goes (the views load it deferred)
    # Deleted through the queryset so the instance keeps its key for the page shown if the import fails.
    ImportDraft.objects.filter(pk=draft.pk).delete()
    return plan_import_parsed(
        organization=draft.organization,
        parsed=parsed,
        content=content,
        filename=draft.filename,
        imported_by=user,
        replace=replace,
        # As on the command line: the same plan in another file (its ledger, a copy) asks for replace.
        match_existing=True,
    )


def draft_discard(*, draft: ImportDraft) -> None:
    """Drop a draft without importing it."""
    draft.delete()


def drafts_purge_stale(*, now: dt.datetime) -> int:
    """Delete drafts left untouched for a week; returns how many went."""
    deleted, _ = ImportDraft.objects.stale(now).delete()
    return deleted

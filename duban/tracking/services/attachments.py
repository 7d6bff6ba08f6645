"""Evidence (佐证材料): the type is read from the content, not trusted from the name; size is limited."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction

from duban.accounts.models import User
from duban.plans.models import DocumentRef, Task
from duban.tracking import errors
from duban.tracking.errors import TrackingError
from duban.tracking.models import Attachment, CompletionRequest, ProgressReport

# kind → the extensions a file of that kind may carry
ALLOWED: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "pptx": (".pptx",),
    "ofd": (".ofd",),
    "ole": (".doc", ".xls", ".ppt", ".wps", ".et"),
    "text": (".txt", ".csv"),
}
# The most files one report or application may carry, through the pages and the API alike.
MAX_FILES = 20
_ZIP_PARTS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"), ("OFD.xml", "ofd"))


@dataclass(frozen=True)
class Upload:
    """A file as received: its name and bytes."""

    name: str
    content: bytes


def uploads_received(files: Sequence[File[bytes]]) -> list[Upload]:
    """Received files as the services take them: at most MAX_FILES, each checked for size before it is read.

    Django has streamed a large file to a temporary file on disk; one over DUBAN_EVIDENCE_MAX_BYTES is
    refused from its recorded size, so it is never read into memory.
    """
    if len(files) > MAX_FILES:
        raise TrackingError(errors.ATTACHMENTS_TOO_MANY.format(limit=MAX_FILES))
    limit = settings.DUBAN_EVIDENCE_MAX_BYTES
    for file in files:
        if file.size is not None and file.size > limit:
            name = PurePath(file.name or "").name or "附件"
            raise TrackingError(errors.ATTACHMENT_TOO_LARGE.format(name=name, limit=limit // (1024 * 1024)))
    return [Upload(name=file.name or "附件", content=file.read()) for file in files]


def attachment_kind(content: bytes) -> str | None:
    """The kind of a file judged by its first bytes (and, for zip containers, their parts)."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if content.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        except zipfile.BadZipFile:
            return None
        for prefix, kind in _ZIP_PARTS:
            if any(name.startswith(prefix) for name in names):
                return kind
        return None
    if b"\x00" not in content[:8192]:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text"
    return None


def upload_check(upload: Upload) -> str:
    """The upload's kind, or a refusal for an empty, too large or unaccepted file."""
    name = PurePath(upload.name).name or "附件"
    limit = settings.DUBAN_EVIDENCE_MAX_BYTES
    if not upload.content:
        raise TrackingError(errors.ATTACHMENT_EMPTY.format(name=name))
    if len(upload.content) > limit:
        raise TrackingError(errors.ATTACHMENT_TOO_LARGE.format(name=name, limit=limit // (1024 * 1024)))
    kind = attachment_kind(upload.content)
    if kind is None or PurePath(name).suffix.lower() not in ALLOWED[kind]:
        raise TrackingError(errors.ATTACHMENT_TYPE_REFUSED.format(name=name))
    return kind


@contextmanager
def files_removed_on_error() -> Iterator[list[str]]:
    """Collect stored file names; if the block fails (and its transaction rolls back) delete them."""
    saved: list[str] = []
    try:
        yield saved
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise


def attachments_store(
    *,
    task: Task,
    by: User,
    uploads: Sequence[Upload],
    saved: list[str],
    report: ProgressReport | None = None,
    completion: CompletionRequest | None = None,
    document: DocumentRef | None = None,
) -> list[Attachment]:
    """Check and store uploads, adding each stored file's name to `saved`."""
    kinds = [upload_check(upload) for upload in uploads]
    stored: list[Attachment] = []
    for upload, kind in zip(uploads, kinds, strict=True):
        name = PurePath(upload.name).name[:255]
        sha256 = hashlib.sha256(upload.content).hexdigest()
        attachment = Attachment(
            organization_id=task.organization_id,
            task=task,
            report=report,
            completion=completion,
            document=document,
            name=name,
            kind=kind,
            size=len(upload.content),
            sha256=sha256,
            uploaded_by=by,
        )
        filename = f"{sha256[:16]}{PurePath(name).suffix.lower()}"
        attachment.file.save(filename, ContentFile(upload.content), save=False)
        saved.append(attachment.file.name)
        attachment.save()
        stored.append(attachment)
    return stored


def attachments_remove(*, report: ProgressReport, ids: Sequence[int]) -> list[str]:
    """Remove a draft's attachments by id (others' are ignored); their files go on commit."""
    doomed = list(report.attachments.filter(pk__in=list(ids)))
    names = [attachment.file.name for attachment in doomed]
    for attachment in doomed:
        attachment.delete()

    def delete_files() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete_files)
    return [attachment.name for attachment in doomed]

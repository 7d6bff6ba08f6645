"""Evidence (佐证材料) received over the API, handed to the services as the pages hand theirs.

The services judge each file (type by content, size; tracking.services.attachments.upload_check); a file
over the size limit is refused here before it is read into memory, with the same message.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from duban.tracking import errors
from duban.tracking.errors import TrackingError
from duban.tracking.services.attachments import Upload

MAX_FILES = 20
TOO_MANY_FILES = "一次最多上传 {limit} 个附件。"


def uploads_of(files: Sequence[UploadedFile] | None) -> list[Upload]:
    """The files as the services take them; one over DUBAN_EVIDENCE_MAX_BYTES is refused unread."""
    files = list(files or [])
    if len(files) > MAX_FILES:
        message = TOO_MANY_FILES.format(limit=MAX_FILES)
        raise ValidationError([{"loc": ("files",), "type": "too_many_files", "msg": message}])
    limit = settings.DUBAN_EVIDENCE_MAX_BYTES
    for file in files:
        if file.size is not None and file.size > limit:
            name = file.name or "附件"
            raise TrackingError(errors.ATTACHMENT_TOO_LARGE.format(name=name, limit=limit // (1024 * 1024)))
    return [Upload(name=file.name or "附件", content=file.read()) for file in files]

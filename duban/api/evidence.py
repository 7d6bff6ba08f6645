"""Evidence (佐证材料) received over the API, handed to the services as the pages hand theirs.

The count and size checks are the pages' own (tracking.services.attachments.uploads_received); the
services then judge each file's type by its content.
"""

from __future__ import annotations

from collections.abc import Sequence

from ninja.files import UploadedFile

from duban.tracking.services.attachments import Upload, uploads_received


def uploads_of(files: Sequence[UploadedFile] | None) -> list[Upload]:
    """The files as the services take them; too many, or one too large, is refused unread."""
    return uploads_received(list(files or []))

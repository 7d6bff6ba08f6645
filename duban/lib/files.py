"""Stored files handed out as downloads."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def stored_file_response(file: FieldFile, *, filename: str, missing: str) -> FileResponse:
    """The stored file as a download, or 404 when it is gone from disk (deleted by hand, not restored)."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError) as exc:  # ValueError: the field holds no file at all
        raise Http404(missing) from exc
    return FileResponse(handle, as_attachment=True, filename=filename)

"""Import drafts: an uploaded plan document and its parsed, editable content, before anything is imported."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models

from duban.accounts.models import Organization

DRAFT_LIFETIME = dt.timedelta(days=7)


class ImportDraftQuerySet(models.QuerySet["ImportDraft"]):
    def for_organization(self, organization: Organization | int | None) -> ImportDraftQuerySet:
        """Drafts of one organisation (none for a user without one)."""
        if organization is None:
            return self.none()
        return self.filter(organization=organization)

    def stale(self, now: dt.datetime) -> ImportDraftQuerySet:
        """Drafts untouched for longer than DRAFT_LIFETIME."""
        return self.filter(updated_at__lt=now - DRAFT_LIFETIME)


class ImportDraft(models.Model):
    """A document being checked in the import wizard; the plan tables are written only on import."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="上传人"
    )
    filename = models.CharField("文件名", max_length=255)
    content = models.BinaryField("文件内容")
    # The parsed plan as edited so far (see duban.web.drafts.DraftData).
    data = models.JSONField("解析结果", default=dict)
    # The neutral document's paragraphs and tables, shown beside the editor.
    source = models.JSONField("原文", default=list)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = ImportDraftQuerySet.as_manager()

    class Meta:
        verbose_name = "导入草稿"
        verbose_name_plural = "导入草稿"
        indexes: ClassVar = [models.Index(fields=["updated_at"], name="importdraft_updated_idx")]

    def __str__(self) -> str:
        return self.filename

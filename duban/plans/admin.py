from __future__ import annotations

from django.contrib import admin

from duban.accounts.admin_scope import OrganizationScopedAdmin
from duban.plans.models import Plan


@admin.register(Plan)
class PlanAdmin(OrganizationScopedAdmin):
    list_display = ("title", "organization", "year", "status", "source_name", "created_at")
    list_filter = ("organization", "status", "year")
    search_fields = ("title", "notice_title")
    readonly_fields = ("source_sha256", "source_file", "imported_by", "created_at")

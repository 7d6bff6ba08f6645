from __future__ import annotations

from django.contrib import admin

from duban.accounts.admin_scope import OrganizationScopedAdmin
from duban.tracking.models import AuditEntry, Delivery, Reminder, RobotWebhook


@admin.register(RobotWebhook)
class RobotWebhookAdmin(OrganizationScopedAdmin):
    list_display = ("unit", "kind", "is_active", "organization")
    list_filter = ("organization", "kind", "is_active")
    fields = ("organization", "unit", "kind", "url", "secret", "is_active")


@admin.register(Reminder)
class ReminderAdmin(OrganizationScopedAdmin):
    list_display = ("title", "unit", "kind", "period", "created_at")
    list_filter = ("organization", "kind")
    readonly_fields = tuple(f.name for f in Reminder._meta.fields)


@admin.register(Delivery)
class DeliveryAdmin(OrganizationScopedAdmin):
    list_display = ("reminder", "channel", "address", "status", "attempts", "sent_at", "last_error")
    list_filter = ("organization", "channel", "status")
    readonly_fields = tuple(f.name for f in Delivery._meta.fields)


@admin.register(AuditEntry)
class AuditEntryAdmin(OrganizationScopedAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id")
    list_filter = ("organization", "action")
    readonly_fields = tuple(f.name for f in AuditEntry._meta.fields)

    def has_add_permission(self, request: object) -> bool:  # the trail is only ever appended by services
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False

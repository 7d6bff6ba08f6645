from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from duban.accounts.models import Organization, Unit, User


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "created_at")
    search_fields = ("name",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "kind", "organization", "aliases")
    list_filter = ("organization", "kind")
    search_fields = ("name",)
    fields = ("organization", "name", "kind", "aliases", "members")
    filter_horizontal = ("members",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "last_name", "first_name", "organization", "role", "is_active")
    list_filter = ("organization", "role", "is_active", "is_staff")
    filter_horizontal = ("units", "groups", "user_permissions")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("督办", {"fields": ("organization", "role", "units")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("督办", {"fields": ("organization", "role")}),
    )

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from duban.accounts.admin_scope import OrganizationScopedAdmin
from duban.accounts.models import ApiToken, Organization, Unit, User
from duban.accounts.services import token_revoke, user_access_record, user_access_snapshot


@admin.register(Organization)
class OrganizationAdmin(OrganizationScopedAdmin):
    list_display = ("name", "parent", "created_at")
    search_fields = ("name",)
    # The parent links two organisations, and an organisation's admin sees only its own: it is set with
    # `duban org set-parent` (cycles and depth checked by accounts.services.organization_parent_set).
    readonly_fields = ("parent",)


@admin.register(Unit)
class UnitAdmin(OrganizationScopedAdmin):
    list_display = ("name", "kind", "organization", "aliases")
    list_filter = ("organization", "kind")
    search_fields = ("name",)
    fields = ("organization", "name", "kind", "aliases", "members")
    filter_horizontal = ("members",)


@admin.register(User)
class UserAdmin(OrganizationScopedAdmin, BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "last_name", "first_name", "organization", "role", "is_active")
    list_filter = ("organization", "role", "is_active", "is_staff")
    filter_horizontal = ("units", "groups", "user_permissions")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("督办", {"fields": ("organization", "role", "units")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("督办", {"fields": ("organization", "role", "units")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A staff user ticking is_superuser would leave its organisation's scope.
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else (*fields, "is_superuser")

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Save, then record any change of organisation, role, units or active flag (全程留痕)."""
        user = form.instance
        before = getattr(user, "_access_before", None) or {"organization": None, "role": None, "units": []}
        super().save_related(request, form, formsets, change)
        actor = request.user if isinstance(request.user, User) else None
        user_access_record(user=user, actor=actor, before=before)

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> User | None:
        user = super().get_object(request, object_id, from_field)
        if user is not None:
            user._access_before = user_access_snapshot(user)
        return user


@admin.register(ApiToken)
class ApiTokenAdmin(OrganizationScopedAdmin):
    """Tokens are issued with `duban token create` (the secret is shown once); here they are only revoked."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    fields = readonly_fields
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="撤销所选令牌")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset:
            token_revoke(token=token)
        self.message_user(request, f"已撤销 {queryset.count()} 个令牌。")

"""Django's admin, scoped to the staff user's organisation: rows, choices and filters (superusers see all)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from duban.accounts.models import Organization, User


def admin_organization(request: HttpRequest) -> Organization | None:
    """The organisation a staff user's admin is limited to; None for a superuser, who sees every one."""
    user = request.user
    if user.is_superuser:
        return None
    # A staff user without an organisation sees nothing: an unsaved one matches no row.
    organization = user.organization if isinstance(user, User) else None
    return organization or Organization(pk=0)


def within_organization(queryset: QuerySet[Any], organization: Organization) -> QuerySet[Any]:
    """Rows of `queryset` belonging to `organization`, for any model that names its organisation."""
    model = queryset.model
    if model is Organization:
        return queryset.filter(pk=organization.pk)
    names = {field.name for field in model._meta.get_fields() if field.concrete}
    if "organization" in names:
        return queryset.filter(organization=organization)
    if "user" in names:
        return queryset.filter(user__organization=organization)
    return queryset  # groups and permissions belong to no organisation


class OrganizationScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A ModelAdmin whose list, pages, foreign-key and many-to-many choices stay in one organisation."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        organization = admin_organization(request)
        return queryset if organization is None else within_organization(queryset, organization)

    def get_list_filter(self, request: HttpRequest) -> Any:
        # The organisation filter would list every bureau's name.
        filters = super().get_list_filter(request)
        if admin_organization(request) is None:
            return filters
        return tuple(f for f in filters if f != "organization")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return _scoped_choices(field, request)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _scoped_choices(field, request)


def _scoped_choices(field: Any, request: HttpRequest) -> Any:
    organization = admin_organization(request)
    queryset = getattr(field, "queryset", None)
    if field is not None and organization is not None and isinstance(queryset, models.QuerySet):
        field.queryset = within_organization(queryset, organization)
    return field


class _SuperusersOnly:
    """Mixed into a third-party ModelAdmin whose rows belong to no organisation."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


def superusers_only(*models: type[models.Model]) -> None:
    """Re-register the admins of `models` (lockouts name every organisation's users) for superusers only."""
    for model in models:
        if admin.site.is_registered(model):
            base = type(admin.site._registry[model])
            admin.site.unregister(model)
            admin.site.register(model, type(f"SuperuserOnly{base.__name__}", (_SuperusersOnly, base), {}))

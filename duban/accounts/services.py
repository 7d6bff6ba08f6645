"""Writes for organisations, units, users and API tokens; resolving unit names from documents."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from duban.accounts import hierarchy
from duban.accounts.models import ApiToken, Organization, Role, Unit, UnitKind, User
from duban.lib.audit import audit_record
from duban.lib.errors import DomainError

_WHITESPACE = re.compile(r"\s+")
_AFFILIATED_SUFFIXES = ("中心", "所", "院", "校", "馆", "站")


@dataclass
class UnitResolution:
    """Unit names as written, mapped to units, with the names that had to be created."""

    units: dict[str, Unit] = field(default_factory=dict)
    matched: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)


def unit_name_key(name: str) -> str:
    """The form names are compared in: whitespace removed (Word pads 办 公 室)."""
    return _WHITESPACE.sub("", name)


def unit_kind_guess(name: str) -> UnitKind:
    """Guess a unit's kind from its name: 各处室 is a collective, 教研中心 an affiliated unit."""
    key = unit_name_key(name)
    if key.startswith("各") or "有关" in key or "相关" in key:
        return UnitKind.COLLECTIVE
    if key.endswith(_AFFILIATED_SUFFIXES):
        return UnitKind.AFFILIATED
    return UnitKind.DEPARTMENT


@transaction.atomic
def organization_get_or_create(*, name: str) -> tuple[Organization, bool]:
    """The organisation with this name, created if missing; the flag says whether it was created."""
    return Organization.objects.get_or_create(name=name.strip())


@transaction.atomic
def units_resolve(*, organization: Organization, names: Iterable[str]) -> UnitResolution:
    """Map unit names to the organisation's units by name, then alias, creating the unknown ones."""
    by_name: dict[str, Unit] = {}
    by_alias: dict[str, Unit] = {}
    for unit in Unit.objects.for_organization(organization):
        by_name[unit_name_key(unit.name)] = unit
        for alias in unit.aliases or []:
            by_alias.setdefault(unit_name_key(str(alias)), unit)

    resolution = UnitResolution()
    to_create: dict[str, Unit] = {}
    for name in names:
        key = unit_name_key(name)
        if not key or name in resolution.units:
            continue
        found = by_name.get(key) or by_alias.get(key)
        if found is not None:
            resolution.units[name] = found
            resolution.matched.append(name)
            continue
        if key not in to_create:
            to_create[key] = Unit(organization=organization, name=key, kind=unit_kind_guess(key), aliases=[])
            resolution.created.append(key)
        resolution.units[name] = to_create[key]

    if to_create:
        # Both SQLite (3.35+) and PostgreSQL return primary keys from bulk inserts.
        Unit.objects.bulk_create(to_create.values())
    return resolution


@transaction.atomic
def unit_upsert(
    *, organization: Organization, name: str, kind: UnitKind, aliases: list[str] | None = None
) -> Unit:
    """Create the unit or bring its kind and aliases up to date."""
    unit, _ = Unit.objects.update_or_create(
        organization=organization, name=name, defaults={"kind": kind, "aliases": list(aliases or [])}
    )
    return unit


@transaction.atomic
def user_upsert(
    *,
    username: str,
    password: str,
    organization: Organization | None,
    role: Role,
    full_name: str = "",
    units: Iterable[Unit] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create the user or reset them to the given organisation, role, units and password."""
    user, _ = User.objects.get_or_create(username=username)
    user.organization = organization
    user.role = role
    user.last_name, user.first_name = full_name[:1], full_name[1:]
    user.is_staff = is_staff
    user.is_superuser = is_superuser
    user.is_active = True
    user.set_password(password)
    user.full_clean()
    user.save()
    user.units.set(units)
    return user


def user_access_snapshot(user: User) -> dict[str, object]:
    """What decides a user's permissions: organisation, role, units and active flag."""
    return {
        "organization": user.organization_id,
        "role": user.role,
        "units": sorted(user.units.values_list("pk", flat=True)) if user.pk else [],
        "is_active": user.is_active,
    }


def user_access_record(*, user: User, actor: User | None, before: dict[str, object]) -> None:
    """Add a change of a user's permissions to the audit trail (users outside any organisation excepted)."""
    after = user_access_snapshot(user)
    organization_id = user.organization_id or before.get("organization")
    if after == before or not isinstance(organization_id, int):
        return
    audit_record(
        actor=actor,
        action="user_access_change",
        obj=user,
        before=before,
        after=after,
        organization_id=organization_id,
    )


TOKEN_PREFIX = "dbn_"
# Refresh last_used_at at most this often, so reads through the API do not each write a row.
_TOKEN_USE_GRANULARITY = dt.timedelta(minutes=1)


def token_hash(secret: str) -> str:
    """The SHA-256 of a token, the only form in which it is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret, which is shown once and never stored."""

    token: ApiToken
    secret: str


@transaction.atomic
def token_create(*, user: User, name: str) -> IssuedToken:
    """Issue a personal API token for the user; the secret is returned once."""
    name = name.strip()
    if not name:
        raise ValueError("请填写令牌名称。")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name[:100], token_hash=token_hash(secret), prefix=secret[:12])
    token.full_clean()
    token.save()
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token: it stops working at once; revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def tokens_revoke_all(*, user: User) -> int:
    """Revoke every live token of the user (after a password change); the number revoked."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def token_authenticate(*, secret: str) -> User | None:
    """The active user an unrevoked token belongs to, or None; notes when the token was used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.active().select_related("user").filter(token_hash=token_hash(secret)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= _TOKEN_USE_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class HierarchyError(DomainError):
    """The parent asked for would make the hierarchy loop or grow too deep; nothing was changed."""


@transaction.atomic
def organization_parent_set(
    *, organization: Organization, parent: Organization | None, by: User | None
) -> Organization:
    """Put the organisation below `parent` (or at the top with None), refusing cycles and over-deep trees."""
    parents = dict(Organization.objects.select_for_update().values_list("pk", "parent_id"))
    parent_id = parent.pk if parent is not None else None
    if parent_id is not None and hierarchy.creates_cycle(organization.pk, parent_id, parents):
        raise HierarchyError(f"不能把“{parent}”设为“{organization}”的上级：上下级会形成循环。")
    levels = hierarchy.depth_above(parent_id, parents) + 1 + hierarchy.depth_below(organization.pk, parents)
    if levels > hierarchy.MAX_DEPTH:
        raise HierarchyError(f"层级过深：组织层级最多 {hierarchy.MAX_DEPTH} 级。")
    before = {"parent": organization.parent_id}
    organization.parent_id = parent_id
    organization.save(update_fields=["parent"])
    audit_record(
        actor=by,
        action="organization_parent_set",
        obj=organization,
        before=before,
        after={"parent": parent_id},
        organization_id=organization.pk,
    )
    return organization

"""Organisations (bureaus), their units (处室, 直属单位, 集合) and the people who use Duban."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def children_of(self, organization: Organization | int) -> OrganizationQuerySet:
        """The organisation's direct subordinates (its counties, schools), by name."""
        return self.filter(parent=organization).order_by("name")

    def descendants_of(self, organization: Organization | int) -> list[Organization]:
        """Every organisation below this one, level by level: one query per level."""
        found: list[Organization] = []
        level = list(self.children_of(organization))
        seen = {organization if isinstance(organization, int) else organization.pk}
        while level:
            level = [org for org in level if org.pk not in seen]
            seen.update(org.pk for org in level)
            found.extend(level)
            level = list(self.filter(parent__in=[org.pk for org in level]).order_by("name")) if level else []
        return found


class Organization(models.Model):
    """A bureau that runs its own plans, e.g. a city education bureau, below its parent bureau if any."""

    name = models.CharField("名称", max_length=200, unique=True)
    # Set by a superuser (`duban org set-parent`): it links two organisations, so no organisation's own
    # admin may set it. Users never leave their organisation because of it; only cascades cross the link.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级组织",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", "处室"
    AFFILIATED = "affiliated", "直属单位"
    COLLECTIVE = "collective", "集合"


class UnitQuerySet(models.QuerySet["Unit"]):
    def for_organization(self, organization: Organization | int) -> UnitQuerySet:
        """Units of one organisation."""
        return self.filter(organization=organization)

    def collectives_containing(self, unit: Unit) -> UnitQuerySet:
        """Collective units (各处室, 各有关单位) of the unit's organisation that stand for this unit."""
        if unit.kind == UnitKind.COLLECTIVE:
            return self.none()
        return (
            self.filter(organization_id=unit.organization_id, kind=UnitKind.COLLECTIVE)
            .filter(models.Q(members=unit) | models.Q(members__isnull=True))
            .distinct()
        )


class Unit(models.Model):
    """A unit tasks are assigned to; a collective stands for several units at once."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="units", verbose_name="组织"
    )
    name = models.CharField("名称", max_length=100)
    aliases = models.JSONField(
        "别名", default=list, blank=True, help_text="文件中可能出现的其他写法，如“基教处”。"
    )
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="collectives",
        verbose_name="成员单位",
        help_text="仅对集合有效；留空表示本组织的全部非集合单位。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        # The column, not the relation: ordering by "organization" joins every organisation for its name.
        ordering: ClassVar = ["organization_id", "kind", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organization", "name"], name="unit_unique_name_per_organization")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_collective(self) -> bool:
        """Whether this unit stands for several others (各处室, 各有关单位)."""
        return self.kind == UnitKind.COLLECTIVE

    def member_units(self) -> UnitQuerySet:
        """The units this one stands for: its explicit members, every non-collective unit, or itself."""
        if not self.is_collective:
            return Unit.objects.filter(pk=self.pk)
        if self.members.exists():
            return self.members.all()
        return Unit.objects.filter(organization_id=self.organization_id).exclude(kind=UnitKind.COLLECTIVE)


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    SUPERVISOR = "supervisor", "督办员"
    LIAISON = "liaison", "单位联络员"
    LEADER = "leader", "领导"


class User(AbstractUser):
    """A person using Duban, in one organisation (superusers may have none)."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="组织",
    )
    units = models.ManyToManyField(Unit, blank=True, related_name="users", verbose_name="所属单位")
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.LIAISON)

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    @property
    def display_name(self) -> str:
        """The name shown in the interface: the Chinese full name (family name first), else the username."""
        return f"{self.last_name}{self.first_name}".strip() or self.username


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        """Tokens not revoked, of active users."""
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal API token: it acts with its user's permissions; only its SHA-256 hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="用户")
    name = models.CharField("名称", max_length=100)
    token_hash = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    prefix = models.CharField("前缀", max_length=16, editable=False, help_text="用于辨认令牌，不能用于登录。")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        """Whether the token still authenticates (not revoked)."""
        return self.revoked_at is None

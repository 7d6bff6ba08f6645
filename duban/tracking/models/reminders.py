"""Reminders (催办), the in-app notifications and robot webhooks they go through, and every delivery."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from duban.accounts.models import Organization, Unit
from duban.plans.models import Plan, Task


class RobotKind(models.TextChoices):
    DINGTALK = "dingtalk", "钉钉群机器人"
    WECOM = "wecom", "企业微信群机器人"


class RobotWebhook(models.Model):
    """A unit's group robot: reminders to the unit are posted to its URL."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="webhooks", verbose_name="单位")
    kind = models.CharField("类型", max_length=20, choices=RobotKind.choices)
    url = models.URLField("Webhook 地址", max_length=500)
    secret = models.CharField("加签密钥", max_length=200, blank=True, help_text="仅钉钉“加签”安全设置需要。")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "群机器人"
        verbose_name_plural = "群机器人"

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "报送提醒"
    OVERDUE = "overdue", "逾期未报"
    MANUAL = "manual", "催办"
    SIGNOFF = "signoff", "签收提醒"
    NODE_DUE = "node_due", "节点提醒"


class Reminder(models.Model):
    """One notice to one unit; `key` makes the automatic ones happen once per cycle."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="reminders", verbose_name="单位")
    kind = models.CharField("类型", max_length=20, choices=ReminderKind.choices)
    period = models.DateField("报送期", null=True, blank=True)
    # NULL (not "") so that the many manual reminders, which have no key, never collide.
    key = models.CharField("去重键", max_length=200, null=True, blank=True)  # noqa: DJ001
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    # A 催办 may ask its units to sign for it (签收, with a reply) by this date.
    reply_by = models.DateField("回复期限", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "催办"
        verbose_name_plural = "催办"
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organization", "key"], name="reminder_unique_key")
        ]

    def __str__(self) -> str:
        return self.title


class Channel(models.TextChoices):
    IN_APP = "in_app", "站内通知"
    EMAIL = "email", "电子邮件"
    DINGTALK = "dingtalk", "钉钉"
    WECOM = "wecom", "企业微信"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Delivery(models.Model):
    """A reminder sent (or being retried) to one recipient over one channel."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    webhook = models.ForeignKey(
        RobotWebhook, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.CharField("接收方", max_length=500)
    status = models.CharField(
        "状态", max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "发送记录"
        verbose_name_plural = "发送记录"
        ordering: ClassVar = ["reminder_id", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["reminder", "channel", "address"], name="delivery_unique_recipient_channel"
            )
        ]
        indexes: ClassVar = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.channel} → {self.address}"


class Notification(models.Model):
    """An in-app notice shown to one user until read."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["user", "read_at"], name="notification_user_read_idx"),
            models.Index(fields=["user", "-created_at", "-id"], name="notification_user_new_idx"),
        ]

    def __str__(self) -> str:
        return self.title

"""Tracking tables: reports and requests, the audit trail, reminders and their deliveries, 签收."""

from duban.tracking.models.audit import AuditEntry
from duban.tracking.models.reminders import (
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    Reminder,
    ReminderKind,
    RobotKind,
    RobotWebhook,
)
from duban.tracking.models.reports import (
    Attachment,
    CompletionRequest,
    ExtensionRequest,
    ProgressReport,
    ReportQuality,
    ReportStatus,
    RequestStatus,
    TargetValue,
)
from duban.tracking.models.signoffs import SignOff, SignOffReason

__all__ = [
    "Attachment",
    "AuditEntry",
    "Channel",
    "CompletionRequest",
    "Delivery",
    "DeliveryStatus",
    "ExtensionRequest",
    "Notification",
    "ProgressReport",
    "Reminder",
    "ReminderKind",
    "ReportQuality",
    "ReportStatus",
    "RequestStatus",
    "RobotKind",
    "RobotWebhook",
    "SignOff",
    "SignOffReason",
    "TargetValue",
]

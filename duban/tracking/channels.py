"""How a reminder leaves Duban: e-mail through Django's SMTP backend, or a group robot's webhook.

DingTalk and WeCom robots take the same JSON text message; DingTalk's 加签 option adds a timestamp and an
HMAC-SHA256 signature of "timestamp\\nsecret" to the URL. Both answer {"errcode": 0} on success.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.core.mail import send_mail

TIMEOUT_SECONDS = 10


class DeliveryFailed(Exception):
    """A channel did not take the message; the text says why."""


def email_send(*, to: str, subject: str, body: str) -> None:
    """Send one plain-text e-mail (SMTP errors become DeliveryFailed)."""
    try:
        send_mail(subject, body, None, [to], fail_silently=False)
    except Exception as exc:
        raise DeliveryFailed(f"邮件发送失败：{exc}") from exc


def dingtalk_signed_url(url: str, secret: str, *, timestamp_ms: int) -> str:
    """The robot URL with DingTalk's timestamp and signature appended."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest).decode())
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={sign}"


def robot_payload(text: str) -> dict[str, Any]:
    """The text message both robots accept."""
    return {"msgtype": "text", "text": {"content": text}}


def _post_json(url: str, payload: dict[str, Any]) -> None:
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise DeliveryFailed("Webhook 地址须以 http:// 或 https:// 开头")
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DeliveryFailed(f"Webhook 请求失败：{exc}") from exc
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        raise DeliveryFailed("Webhook 返回的不是 JSON") from None
    if not isinstance(answer, dict) or answer.get("errcode", 0) != 0:
        raise DeliveryFailed(f"Webhook 返回错误：{answer}")


def dingtalk_send(*, url: str, secret: str, text: str, timestamp_ms: int | None = None) -> None:
    """Post a text message to a DingTalk group robot, signed when it has a secret."""
    if secret:
        url = dingtalk_signed_url(url, secret, timestamp_ms=timestamp_ms or int(time.time() * 1000))
    _post_json(url, robot_payload(text))


def wecom_send(*, url: str, text: str) -> None:
    """Post a text message to a WeCom group robot."""
    _post_json(url, robot_payload(text))

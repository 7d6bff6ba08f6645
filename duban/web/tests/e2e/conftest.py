"""Playwright driving Debian's Chromium (never a downloaded browser) against pytest-django's live server.

Without /usr/bin/chromium the browser tests skip on a developer's machine and fail under CI=true.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from duban.test import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for the browser tests; the sync API runs an event loop, hence ASYNC_UNSAFE meanwhile."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: the browser tests must run in CI")
        pytest.skip(message)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class ConsoleErrors(list[str]):
    """Errors the page logged or threw; a test asserts there are none."""

    def watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.append(f"page error: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.append(f"console: {message.text} @ {message.location}")


@pytest.fixture
def console_errors() -> ConsoleErrors:
    return ConsoleErrors()


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot under artifacts/screenshots/ (not committed) for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def sign_in(browser: Browser, base_url: str, username: str, **context: Any) -> Page:
    """A new browser context signed in as `username` (the personas share one password)."""
    return sign_in_with(browser, base_url, username, PASSWORD, context)


def sign_in_with(
    browser: Browser, base_url: str, username: str, password: str, context: dict[str, Any]
) -> Page:
    """A new browser context signed in with a password of its own (the demo's users)."""
    page = browser.new_context(locale="zh-CN", **context).new_page()
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/login/" not in url)  # on to the page the role starts from
    return page


PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

"""Browser tests: headless Debian Chromium driven by Playwright, with axe checks.

Each page a journey visits is checked by axe (WCAG 2.2 A/AA rules) and for console errors, which
is where Content-Security-Policy violations show up.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still synchronous, so Django's async guard must be told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is not installed at {CHROMIUM}")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visitor:
    """A browser tab that checks every page it loads for accessibility and console errors."""

    def __init__(self, page: Any, base_url: str, *, javascript: bool = True) -> None:
        self.page = page
        self.javascript = javascript
        self.base_url = base_url
        self.console_errors: list[str] = []
        page.on("console", self._record_console)

    def _record_console(self, message: Any) -> None:
        # The NHS.UK fonts come from assets.nhs.uk, which this test machine cannot reach, and
        # a form with mistakes is answered "400 Bad Request" on purpose: neither is a fault.
        expected = ("ERR_NAME_NOT_RESOLVED", "status of 400 (Bad Request)")
        if message.type == "error" and not any(text in message.text for text in expected):
            self.console_errors.append(message.text)

    def visit(self, path: str, *, status: int = 200) -> Any:
        response = self.page.goto(self.base_url + path)
        assert response.status == status, f"{path}: got {response.status}, expected {status}"
        if status >= 400:  # the browser logs the page's own error status; that is expected
            self.page.wait_for_load_state()
            self.console_errors[:] = [
                e for e in self.console_errors if f"status of {status}" not in e
            ]
        self.check()
        return response

    def check(self) -> None:
        """Axe finds nothing, and the page logged no errors (CSP violations included).

        Axe runs as a script, so with JavaScript off it cannot run: those journeys check that
        the page works, and the same pages are checked by axe in the JavaScript-on run.
        """
        from axe_playwright_python.sync_playwright import Axe

        if not self.javascript:
            return
        results = Axe().run(self.page, options=AXE_OPTIONS)
        violations = results.response["violations"]
        summary = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})"
            for v in violations
        ]
        assert not summary, f"Accessibility problems on {self.page.url}:\n" + "\n".join(summary)
        errors, self.console_errors[:] = list(self.console_errors), []
        assert not errors, f"Console errors on {self.page.url}: {errors}"

    def sign_in(self, email: str, password: str) -> None:
        self.visit("/accounts/sign-in/")
        self.page.fill("#id_email", email)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit] >> text=Sign in")
        self.page.wait_for_load_state()
        self.check()


def _visitor(browser: Any, live_server: Any, *, javascript: bool, mobile: bool = False) -> Any:
    viewport = {"width": 375, "height": 800} if mobile else {"width": 1280, "height": 900}
    context = browser.new_context(java_script_enabled=javascript, viewport=viewport)
    return context, Visitor(context.new_page(), live_server.url, javascript=javascript)


@pytest.fixture(params=["js", "no-js"])
def visitor(request: pytest.FixtureRequest, browser: Any, live_server: Any) -> Iterator[Visitor]:
    """The same journey with JavaScript on and off."""
    context, visitor = _visitor(browser, live_server, javascript=request.param == "js")
    yield visitor
    context.close()


@pytest.fixture
def phone_visitor(browser: Any, live_server: Any) -> Iterator[Visitor]:
    context, visitor = _visitor(browser, live_server, javascript=True, mobile=True)
    yield visitor
    context.close()

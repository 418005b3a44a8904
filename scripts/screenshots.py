"""Screenshots of each demo role's home page, and of the programme team's and the board's main
pages, at 1366 x 768 and 390 x 844, saved in docs/screenshots/ (run by `make screenshots` after
`equityhub demo`).

Signs each role in by making a session directly (administrators and editors would otherwise have
to type a one-time code); the authenticator it makes for them is removed again afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equityhub.config.settings")
# Playwright's sync API runs an event loop in this thread; the few ORM calls made between
# screenshots are synchronous all the same, so Django's async guard must be told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from equityhub.core.models import User  # noqa: E402
from equityhub.indicators.models import BoardPaper  # noqa: E402
from equityhub.people.mfa.services import is_privileged  # noqa: E402

ROLES = {
    "lead": "amara.okafor@example.nhs.uk",
    "team-member": "kwame.boateng@example.nhs.uk",
    "board-member": "catherine.doyle@example.nhs.uk",
    "partner": "bridget.nolan@example.nhs.uk",
    "facilitator": "hannah.brooks@example.nhs.uk",
    "content-editor": "eleanor.price@example.nhs.uk",
    "administrator": "sam.whitfield@example.nhs.uk",
}
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
DEVICE_NAME = "Screenshot authenticator"
OUT = Path("docs/screenshots")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _pages() -> list[tuple[str, str, str]]:
    """(file name, role, address): each role's home, then the pages the programme team and a
    board member come for."""
    pages = [(f"home-{role}", role, "/") for role in ROLES]
    pages.append(("programme-england", "facilitator", reverse("learning:programme-england")))
    board_member = User.objects.get(email=ROLES["board-member"])
    paper = (
        BoardPaper.objects.filter(organisation__memberships__user=board_member, status="published")
        .order_by("-meeting_date")
        .first()
    )
    if paper is not None:
        address = reverse(
            "indicators:board-paper-detail", kwargs={"org": paper.organisation.code, "pk": paper.pk}
        )
        pages.append(("board-paper", "board-member", address))
    return pages


def _session(user: User) -> str:
    client = Client()
    client.force_login(user)
    if is_privileged(user):
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _wait_for(url: str) -> None:
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)
            return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"The server at {url} did not start")


def main() -> None:
    from playwright.sync_api import sync_playwright

    port = os.environ.get("SCREENSHOT_PORT", "8765")
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "equityhub.cli", "serve", "--port", port])
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        _wait_for(url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            cookies = {role: _session(User.objects.get(email=e)) for role, e in ROLES.items()}
            for name, role, address in _pages():
                for size, (width, height) in SIZES.items():
                    context = browser.new_context(viewport={"width": width, "height": height})
                    context.add_cookies(
                        [{"name": settings.SESSION_COOKIE_NAME, "value": cookies[role], "url": url}]
                    )
                    page = context.new_page()
                    page.goto(url + address)
                    page.screenshot(path=str(OUT / f"{name}-{size}.png"))
                    context.close()
                    print(f"docs/screenshots/{name}-{size}.png")
            browser.close()
    finally:
        TOTPDevice.objects.filter(name=DEVICE_NAME).delete()
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()

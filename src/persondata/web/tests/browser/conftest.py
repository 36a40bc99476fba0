"""The browser tests' world: the real server on a free local port with a fresh
SQLite file, the demo declaration applied, e-mail written to files; Debian's
Chromium driven by Playwright (nothing downloaded); axe-core from its npm
package (``make browser-test`` installs it under var/npm).

Every test module here is marked ``browser``; ``make test`` leaves them out and
``make browser-test`` (part of ``make ci``) runs them. A missing Chromium or
axe-core fails the run: it never skips.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp

REPO = Path(__file__).resolve().parents[5]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = REPO / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "var" / "screenshots"
BIN = Path(sys.executable).parent


@dataclass
class Site:
    url: str
    root: Path
    mail_dir: Path
    setup: dict[str, Any]

    def mails(self) -> list[email.message.EmailMessage]:
        """Every message the server has sent so far, oldest first."""
        found = []
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
            for chunk in path.read_text(encoding="utf-8").split("-" * 79):
                if chunk.strip():
                    found.append(
                        email.message_from_string(chunk.strip() + "\n", policy=email.policy.default)
                    )
        return found

    def link_in_mail(self, to: str, path_part: str, *, timeout: float = 10) -> str:
        """The newest link containing ``path_part`` in a message to ``to``."""
        pattern = re.compile(re.escape(self.url) + r"/[^\s\"'<>]*")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(self.mails()):
                if to not in str(message["To"]):
                    continue
                body = message.get_body(preferencelist=("plain", "html"))
                text = body.get_content() if body is not None else ""
                links = [link for link in pattern.findall(text) if path_part in link]
                if links:
                    return links[-1]
            time.sleep(0.2)
        raise AssertionError(f"no e-mail to {to} with a link containing {path_part!r}")

    def totp_code(self, username: str) -> str:
        key = bytes.fromhex(self.setup["people"][username]["key"])
        return f"{totp(key):06d}"

    def password(self, username: str) -> str:
        return str(self.setup["people"][username]["password"])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("browser-site")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PERSONDATA_VAR_DIR": str(root / "var"),
        "DATABASE_URL": f"sqlite:///{root / 'site.sqlite3'}",
        "PERSONDATA_DEBUG": "1",  # runserver serves the static files only in debug mode
        "PERSONDATA_SECURE_COOKIES": "0",
        "PERSONDATA_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "PERSONDATA_EMAIL_FILE_PATH": str(root / "mail"),
        "PERSONDATA_PUBLIC_URL": url,
        "PERSONDATA_SESSION_IDLE_SECONDS": "3600",
        "DJANGO_SETTINGS_MODULE": "persondata.settings",
    }
    persondata = str(BIN / "persondata")
    _run([persondata, "migrate", "--no-input"], env)
    _run([persondata, "policy", "apply", "examples/demo.yaml", "--actor", "browser tests"], env)
    setup = json.loads(_run([sys.executable, "-m", "persondata.web.tests.browser.site_setup"], env))
    log = (root / "server.log").open("w")
    server = subprocess.Popen(
        [persondata, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "the server did not start:\n" + (root / "server.log").read_text()
                    ) from None
                time.sleep(0.3)
        yield Site(url=url, root=root, mail_dir=root / "mail", setup=setup)
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium); "
            "make browser-test does this"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[Any]:
    """A fresh browser context and page; fails the test on any CSP violation."""
    context = browser.new_context(base_url=site.url, accept_downloads=True, locale="da-DK")
    opened = context.new_page()
    violations: list[str] = []
    opened.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield opened
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def screenshot(page: Any, name: str) -> None:
    """Save the whole page as var/screenshots/<name>.png (a CI artefact)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page: Any, site: Site, username: str) -> None:
    """Password, then the current TOTP code, through the real login pages."""
    page.goto("/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", site.password(username))
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/staff/login/kode/**")
    page.fill("#id_code", site.totp_code(username))
    page.click("form.stack button[type=submit]")
    page.wait_for_url(site.url + "/staff/")


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(
            f"{AXE} is missing: make browser-test installs axe-core from npm "
            "(npm install --prefix var/npm axe-core)"
        )
    return AXE.read_text(encoding="utf-8")


def serious_violations(
    browser: Any, site: Site, axe_source: str, path: str, *, login: str = ""
) -> list[str]:
    """axe-core's serious and critical violations on ``path`` (logged in as
    ``login`` first, when given). axe is injected into a context that ignores
    the CSP, since the page itself allows no injected script."""
    context = browser.new_context(base_url=site.url, bypass_csp=True, locale="da-DK")
    try:
        checked = context.new_page()
        if login:
            log_in(checked, site, login)
        checked.goto(path)
        checked.add_script_tag(content=axe_source)
        result = checked.evaluate("async () => await axe.run(document)")
    finally:
        context.close()
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]

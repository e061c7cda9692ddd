from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API keeps an event loop in the test thread for the whole session; the
# test's own ORM calls (database setup, creating users) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SOFTLANDING_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not shutil.which(CHROMIUM):
        if os.environ.get("SOFTLANDING_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; CI installs it with `apt-get install chromium`")
        pytest.skip(f"{CHROMIUM} is missing: `apt-get install chromium` to run browser tests")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        # Debian's Chromium as root in a container, with no network beyond this machine.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }

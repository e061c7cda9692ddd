"""`softlanding demo`, run as a newcomer runs it: a real process, a real port, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SOFTLANDING = str(Path(sys.executable).parent / "softlanding")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def demo_env(data_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SOFTLANDING_", "DATABASE_URL", "DJANGO_"))
    }
    env["SOFTLANDING_DATA_DIR"] = str(data_dir)
    return env


def wait_for_health(url: str, process: subprocess.Popen[str], seconds: float = 180) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"demo exited early:\n{process.stdout.read() if process.stdout else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                body = json.load(response)
                if body["worker"]["status"] == "ok":
                    return body
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail("demo did not become healthy in time")


def test_demo_serves_the_site_with_its_worker_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [SOFTLANDING, "demo", f"127.0.0.1:{port}"],
        env=demo_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        health = wait_for_health(f"{base}/healthz", process)
        assert health["database"] == {"status": "ok", "vendor": "sqlite"}
        with urllib.request.urlopen(f"{base}/accounts/login/", timeout=5) as response:
            assert response.status == 200
            assert "Softlanding" in response.read().decode()
        with urllib.request.urlopen(
            f"{base}/static/vendor/htmx-2.0.11.min.js", timeout=5
        ) as response:
            assert response.status == 200
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    for email in [
        "lead@demo.softlanding.test",
        "scout@demo.softlanding.test",
        "officer@demo.softlanding.test",
        "analyst@demo.softlanding.test",
        "admin@demo.softlanding.test",
        "applicant@demo.softlanding.test",
    ]:
        assert email in output
    assert "Loaded demo data." in output
    assert "Stopped the web server and the worker." in output

    again = subprocess.run(
        [SOFTLANDING, "demo", "--no-serve"],
        env=demo_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "Reusing the demo data already in the database." in again.stdout

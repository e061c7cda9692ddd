from __future__ import annotations

import os
import subprocess
import sys

import pytest

from softlanding.env import ImproperlyConfiguredEnv, env_bool, env_int, env_list


def load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("SOFTLANDING_", "DATABASE_URL"))
    }
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import softlanding.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.ALLOWED_HOSTS)",
        ],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path) -> None:
    result = load_settings({"SOFTLANDING_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SOFTLANDING_SECRET_KEY must be set" in result.stderr


def test_the_command_says_what_is_missing_without_a_traceback(tmp_path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SOFTLANDING_", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "-m", "softlanding", "check"],
        env={**clean, "SOFTLANDING_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("softlanding: SOFTLANDING_SECRET_KEY must be set")
    assert "Traceback" not in result.stderr


def test_production_defaults_are_safe(tmp_path) -> None:
    result = load_settings(
        {"SOFTLANDING_DATA_DIR": str(tmp_path), "SOFTLANDING_SECRET_KEY": "k" * 50}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "[]"]


def test_demo_makes_and_keeps_its_own_key(tmp_path) -> None:
    env = {"SOFTLANDING_DATA_DIR": str(tmp_path), "SOFTLANDING_DEMO": "1"}
    assert load_settings(env).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert load_settings(env).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_a_database_url_of_another_kind_is_refused(tmp_path) -> None:
    result = load_settings(
        {
            "SOFTLANDING_DATA_DIR": str(tmp_path),
            "SOFTLANDING_SECRET_KEY": "k" * 50,
            "DATABASE_URL": "mysql://root@localhost/x",
        }
    )
    assert "DATABASE_URL must be a sqlite:// or postgres:// URL" in result.stderr


@pytest.mark.parametrize(
    ("raw", "value"), [("1", True), ("off", False), ("Yes", True), ("", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw: str, value: bool) -> None:
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", not value) is value


def test_env_helpers_refuse_bad_values_by_name(monkeypatch) -> None:
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfiguredEnv, match="X_FLAG"):
        env_bool("X_FLAG", False)
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfiguredEnv, match="X_NUM must be a whole number"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ImproperlyConfiguredEnv, match="at least 1"):
        env_int("X_NUM", 1, minimum=1)
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    assert env_list("X_LIST", []) == ["a.example", "b.example"]


def test_the_import_limits_come_from_the_environment(tmp_path) -> None:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("SOFTLANDING_", "DATABASE_URL"))
    }
    clean.update(
        {
            "SOFTLANDING_DATA_DIR": str(tmp_path),
            "SOFTLANDING_SECRET_KEY": "k" * 50,
            "SOFTLANDING_IMPORT_MAX_MB": "1024",
            "SOFTLANDING_IMPORT_INLINE_ROWS": "200",
        }
    )
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'softlanding.settings'; "
        "django.setup(); from softlanding.prospects.importing import service as s; "
        "print(s.max_upload_bytes(), s.inline_rows(), s.reader_process_bytes())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(1024 * 1024 * 1024), "200", str(4 * 1024 * 1024)]

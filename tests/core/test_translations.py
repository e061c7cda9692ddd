"""The Russian catalogue is complete and its compiled file is the one shipped."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import softlanding

LOCALE = Path(softlanding.__file__).parent / "locale" / "ru" / "LC_MESSAGES"
MSGFMT = shutil.which("msgfmt")


@pytest.mark.skipif(MSGFMT is None, reason="gettext's msgfmt is not installed")
def test_every_message_is_translated_and_the_shipped_mo_is_current() -> None:
    result = subprocess.run(
        [MSGFMT, "--check", "--statistics", "-o", "-", str(LOCALE / "django.po")],
        capture_output=True,
        check=True,
    )
    statistics = result.stderr.decode()
    assert "untranslated" not in statistics, statistics
    assert "fuzzy" not in statistics, statistics
    assert result.stdout == (LOCALE / "django.mo").read_bytes(), (
        "django.mo is stale: run `softlanding compilemessages` in softlanding/"
    )

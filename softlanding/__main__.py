"""The `softlanding` command: Django's management commands under the product's name."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "softlanding.settings")
    if len(argv) > 1 and argv[1] == "demo":
        # The demo is the one mode allowed to make its own secret key and mail to the console.
        os.environ["SOFTLANDING_DEMO"] = "1"
    from django.core.management import execute_from_command_line

    from softlanding.env import ImproperlyConfiguredEnv

    try:
        execute_from_command_line(argv)
    except ImproperlyConfiguredEnv as problem:
        # A missing or malformed setting is the operator's to fix: the sentence, no traceback.
        sys.stderr.write(f"softlanding: {problem}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()

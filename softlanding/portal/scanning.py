"""Virus scanners for uploads: a callable named by ``settings.PORTAL_VIRUS_SCANNER``.

A scanner takes the file's bytes and returns the name of what it found, or ``None`` when the
file is clean. It raises ``ScannerUnavailable`` when it cannot tell: the upload is then
refused, never let through unscanned.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

Scanner = Callable[[bytes], str | None]

# The EICAR anti-virus test file: harmless, and every scanner reports it.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class ScannerUnavailable(Exception):
    """The scanner could not give an answer (daemon down, protocol error)."""


def scan_builtin(data: bytes) -> str | None:
    """Refuses the EICAR test string wherever it sits in the file; a stand-in for a real scanner."""
    return "EICAR-Test-File" if EICAR in data else None


def scan_with_clamd(
    data: bytes, *, address: str | None = None, timeout: float = 30.0
) -> str | None:
    """Ask a clamd daemon with its INSTREAM command; ``address`` is "unix:/path" or "host:port"."""
    address = address or settings.CLAMD_ADDRESS
    try:
        if address.startswith("unix:"):
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            target: str | tuple[str, int] = address.removeprefix("unix:")
        else:
            host, _sep, port = address.rpartition(":")
            connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            target = (host, int(port))
        with connection:
            connection.settimeout(timeout)
            connection.connect(target)
            connection.sendall(b"zINSTREAM\0")
            chunk = 1 << 16
            for start in range(0, len(data), chunk):
                piece = data[start : start + chunk]
                connection.sendall(struct.pack("!L", len(piece)) + piece)
            connection.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                received = connection.recv(4096)
                if not received:
                    break
                reply += received
    except (OSError, ValueError) as error:
        raise ScannerUnavailable(str(error)) from error
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    # "stream: OK" or "stream: Eicar-Signature FOUND" or "... ERROR"
    if answer.endswith("FOUND"):
        return answer.removeprefix("stream:").removesuffix("FOUND").strip()
    if answer.endswith("OK"):
        return None
    raise ScannerUnavailable(answer or "no answer from clamd")


@cache
def _load(path: str) -> Scanner:
    scanner: Scanner = import_string(path)
    return scanner


def configured_scanner() -> Scanner:
    return _load(settings.PORTAL_VIRUS_SCANNER)

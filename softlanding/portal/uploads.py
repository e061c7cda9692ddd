"""Checking an uploaded file before anything is stored: content, size, viruses.

The type comes from the file's first bytes, never from its name or the browser's word:
only PDF, JPEG and PNG are taken, so a renamed program is refused.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from softlanding.portal.scanning import ScannerUnavailable, configured_scanner

logger = logging.getLogger(__name__)

# (first bytes, content type, extension)
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    name: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a file from its first bytes, or None if not accepted."""
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def safe_name(name: str, extension: str) -> str:
    """The uploader's name, kept for display only: path and odd characters out, true extension."""
    stem = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = _UNSAFE_NAME.sub("_", stem).strip(" ._")[:100] or "document"
    return f"{stem}.{extension}"


def check_upload(upload: UploadedFile) -> CheckedFile:
    """The file's bytes once it passed every check; ValidationError with a plain message if not."""
    limit = settings.PORTAL_MAX_UPLOAD_BYTES
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is too big: %(size)s, at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    data = upload.read(limit + 1)
    if len(data) > limit:  # the declared size lied
        raise ValidationError(_("The file is too big."), code="too_big")
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    found = sniff(data[:16])
    if found is None:
        raise ValidationError(
            _("Only PDF, JPEG and PNG files are accepted; this file is none of them."),
            code="wrong_type",
        )
    content_type, extension = found
    try:
        threat = configured_scanner()(data)
    except ScannerUnavailable:
        logger.exception("virus scanner unavailable; upload refused")
        raise ValidationError(
            _("The file could not be checked for viruses just now. Please try again later."),
            code="scanner_unavailable",
        ) from None
    if threat:
        logger.warning("upload refused, scanner found %s", threat)
        raise ValidationError(
            _("The file was refused: the virus scanner found %(threat)s.") % {"threat": threat},
            code="virus",
        )
    return CheckedFile(
        data=data,
        content_type=content_type,
        name=safe_name(upload.name or "", extension),
        sha256=hashlib.sha256(data).hexdigest(),
    )

"""Private file storage: files that only a view checking access may hand out.

They live under SOFTLANDING_DATA_DIR/private, never under MEDIA or static, and have no URL:
``url()`` refuses, so no template can link to one by mistake.
"""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage, InMemoryStorage


class _NoUrl:
    def url(self, name: str | None) -> str:
        raise ValueError("A private file has no URL: serve it through a view that checks access.")


class PrivateFileSystemStorage(_NoUrl, FileSystemStorage):
    pass


class PrivateInMemoryStorage(_NoUrl, InMemoryStorage):
    """For tests."""

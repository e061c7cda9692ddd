"""Messages for the person importing a file, rendered in their language when shown."""

from __future__ import annotations

from django.utils.functional import Promise


class Message:
    """A translatable template with its values, rendered by `str()` in the active language.

    `gettext_lazy(...) % values` would render at once, in whatever language a background task
    happens to run in; this keeps the rendering for whoever reads the message.
    """

    __slots__ = ("params", "template")

    def __init__(self, template: str | Promise, **params: object) -> None:
        self.template = template
        self.params = params

    def __str__(self) -> str:
        return str(self.template) % self.params

    def __repr__(self) -> str:
        return f"Message({str(self)!r})"


class ImportFileError(Exception):
    """A file can't be imported; `message` says what is wrong and what to do.

    `code` is stable for programs and tests; `row` is the row as a spreadsheet program numbers it
    (the header is row 1), when one row is to blame. Templates may use %(row)d and any `params`.
    """

    def __init__(
        self, template: str | Promise, *, code: str, row: int | None = None, **params: object
    ) -> None:
        self.code = code
        self.row = row
        self.detail = Message(template, row=row, **params)
        super().__init__(code, row)

    @property
    def message(self) -> str:
        return str(self.detail)

    def __reduce__(self) -> tuple[object, ...]:
        # Picklable for task queues: the default would call __init__(code, row).
        params = {k: v for k, v in self.detail.params.items() if k != "row"}
        return (_restore, (self.detail.template, self.code, self.row, params))

    def __str__(self) -> str:
        return self.message


def _restore(
    template: str | Promise, code: str, row: int | None, params: dict[str, object]
) -> ImportFileError:
    return ImportFileError(template, code=code, row=row, **params)

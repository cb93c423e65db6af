"""Input the tool cannot use: one clear Chinese sentence, never a traceback."""
from __future__ import annotations


class UnusableInput(Exception):
    """The file cannot be reviewed (encrypted, corrupt, empty, not a disclosure, image-only …).

    `code` is stable for tests and scripts; `str(exc)` is the sentence shown to the auditor.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __reduce__(self):  # crosses the process boundary from the extractor child intact
        return (type(self), (self.code, self.message))


from auditdesk.parsing.progress import Cancelled  # noqa: E402,F401 - the one definition, re-exported

"""The one error type users see: what went wrong, where, and what to do."""

from __future__ import annotations

from pathlib import Path


class KapmailError(Exception):
    """Bad input: printed as one line on stderr, exit code 2."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.key = key
        self.hint = hint

    def within(
        self, *, file: str | Path | None = None, line: int | None = None, email: str | None = None
    ) -> KapmailError:
        """This error as the code around it knows it: a copy with the file (and line) it
        lacked and the email it happened in. Raise it `from` this one, so the error itself
        is never edited and `--debug` shows both."""
        outer = type(self).__new__(type(self))  # a copy, whatever the subclass's __init__
        outer.__dict__.update(self.__dict__)
        if self.file is None and file is not None:
            outer.file, outer.line = str(file), line
        if email:
            outer.message = f"email {email}: {self.message}"
        outer.args = (outer.message,)
        return outer

    def where(self) -> str:
        """`file:line` or `file` or '' with the key appended when known."""
        parts = []
        if self.file:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        if self.key:
            parts.append(f"[{self.key}]" if not parts else f"key {self.key}")
        return " ".join(parts)

    def one_line(self) -> str:
        """The message as the CLI prints it: never more than one line."""
        text = self.message
        where = self.where()
        if where:
            text = f"{where}: {text}"
        if self.hint:
            text = f"{text} ({self.hint})"
        return " ".join(text.split())

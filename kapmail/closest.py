"""The known name nearest a mistyped one, for "did you mean …?" hints.

difflib loads only when a name is wrong: a build that reads a correct configuration never
imports it.
"""

from __future__ import annotations

from collections.abc import Iterable


def closest(name: str, known: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The entry of `known` most like `name` (difflib's ratio at least `cutoff`), or None."""
    import difflib

    near = difflib.get_close_matches(name, list(known), n=1, cutoff=cutoff)
    return near[0] if near else None

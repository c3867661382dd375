"""The one root of every error the user is meant to read.

A `ZhibuError` carries its Chinese message (str(error), shown as it is) and, where known, the
field it is about (`field`, the field's Chinese label such as 「入党日期」's 入党日期), so the
command line can print it and a screen can put it beside that field. Store, rules, export and the
importers all raise subclasses of it; nothing here imports Textual or any other part of zhibu.
"""

from __future__ import annotations


class ZhibuError(Exception):
    """A problem the user can act on; nothing was written. `field` names the field where known."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    @property
    def message(self) -> str:
        return str(self)


class InputError(ZhibuError, ValueError):
    """A value the user typed (a date, an amount, a setting) is not acceptable.

    Also a ValueError: the rules' callers that check a value with `except ValueError` keep working."""

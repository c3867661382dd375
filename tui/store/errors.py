"""Errors the store raises. Messages are Chinese and shown to the user as they are."""

from tui.errors import ZhibuError

__all__ = ["ZhibuError", "StoreError", "ValidationError", "NewerFileError", "FileInUseError",
           "DamagedFileError", "NotFoundError"]


class StoreError(ZhibuError):
    """A problem the user can act on; str(error) is the Chinese message, `field` the field if known."""


class ValidationError(StoreError):
    """Bad input: nothing was written. `field` names the field in Chinese where known."""


class NewerFileError(StoreError):
    pass


class FileInUseError(StoreError):
    pass


class DamagedFileError(StoreError):
    pass


class NotFoundError(StoreError):
    pass

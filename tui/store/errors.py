"""Errors the store raises. Messages are Chinese and shown to the user as they are."""


class StoreError(Exception):
    """A problem the user can act on; str(error) is the Chinese message."""


class ValidationError(StoreError):
    """Bad input: nothing was written. `field` names the field in Chinese where known."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class NewerFileError(StoreError):
    pass


class FileInUseError(StoreError):
    pass


class DamagedFileError(StoreError):
    pass


class NotFoundError(StoreError):
    pass

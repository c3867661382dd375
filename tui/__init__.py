"""支部工作台 zhibu."""

__version__ = "0.1.0"

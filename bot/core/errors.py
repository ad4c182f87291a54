"""Errors the faces turn into clear messages and exit codes instead of tracebacks."""

from __future__ import annotations


class PacerError(Exception):
    """A problem a user can fix; the message says what and how."""


class ConfigError(PacerError):
    """The YAML configuration is unreadable or has a bad value."""


class IndexUnusableError(PacerError):
    """The index is missing, corrupt, or built for another model or library."""

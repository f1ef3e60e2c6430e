"""The one error the writers raise: something outside gongkai is missing or failed."""

from __future__ import annotations


class WriteError(Exception):
    """A report could not be written; the message is Chinese and says what to do."""

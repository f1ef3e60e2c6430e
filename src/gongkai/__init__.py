"""gongkai: read, check and write China's government information disclosure annual reports."""

__version__ = "0.1.0"

"""Errors the crawler package raises."""


class CrawlerError(Exception):
    """Base of the crawler's errors."""


class SourcesError(CrawlerError):
    """The sources file is missing or invalid; the message names the file, source and key."""

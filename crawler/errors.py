"""Errors the crawler package raises."""


class CrawlerError(Exception):
    """Base of the crawler's errors."""


class SourcesError(CrawlerError):
    """The sources file is missing or invalid; the message names the file, source and key."""


class FeedError(CrawlerError):
    """A feed or sitemap that cannot be read: malformed XML, an unknown format, entity
    declarations (refused: XML bombs), or a body over the size limit once decompressed."""

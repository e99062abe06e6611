"""Scrapy crawler: sources -> article JSON Lines spool files.

Knows nothing of SQLite (beyond its own frontier file) or spaCy. The pipeline starts a crawl as
a subprocess (`python -m crawler.run`) and ingests the spool files it leaves.
"""

"""Scrapy settings for a crawl, from CrawlOptions: polite, safe, and quiet about what is not ours."""

from __future__ import annotations

from crawler.options import CrawlOptions
from crawler.safety import target
from crawler.sources import Source


def product_token(user_agent: str) -> str:
    """"InteropWatch/0.1 (+https://...)" -> "InteropWatch": the name robots.txt groups are matched on."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "InteropWatch"


def crawl_settings(options: CrawlOptions, sources: tuple[Source, ...]) -> dict:
    exempt = sorted({t[1] for s in sources for u in s.urls if (t := target(u))})
    return {
        "BOT_NAME": "interopwatch",
        "USER_AGENT": options.user_agent,
        # politeness
        "ROBOTSTXT_OBEY": True,
        "ROBOTSTXT_USER_AGENT": product_token(options.user_agent),
        "CONCURRENT_REQUESTS": 16,
        # Scrapy starts CONCURRENT_ITEMS tasks for every callback's output; ours yield one item
        # (or a list of requests), and the default of 100 cost ~3 ms per page.
        "CONCURRENT_ITEMS": 4,
        # Pages fetched but not yet parsed and spooled are lost work if the crawl is killed (the
        # frontier asks for them again): keep that backlog to ~200 kB (a few dozen pages at most)
        # instead of Scrapy's 5 MB; fetching waits for parsing beyond it.
        "SCRAPER_SLOT_MAX_ACTIVE_SIZE": 200_000,
        "CONCURRENT_REQUESTS_PER_DOMAIN": options.concurrency_per_domain,
        "DOWNLOADER": "crawler.downloader.PerDomainDownloader",
        "DOWNLOAD_DELAY": options.download_delay,
        "AUTOTHROTTLE_ENABLED": options.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(options.download_delay, 1.0),
        "AUTOTHROTTLE_MAX_DELAY": max(options.autothrottle_max_delay, options.download_delay),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "RETRY_TIMES": options.retry_times,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "RETRY_GIVE_UP_LOG_LEVEL": "WARNING",
        "INTEROPWATCH_RETRY_BACKOFF": options.retry_backoff,
        "INTEROPWATCH_MAX_RETRY_AFTER": options.max_retry_after,
        "INTEROPWATCH_MAX_CRAWL_DELAY": options.max_crawl_delay,
        "COOKIES_ENABLED": False,
        "REDIRECT_MAX_TIMES": 5,
        # safety
        "DOWNLOAD_HANDLERS": {"file": None, "data": None, "s3": None, "ftp": None},
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "DOWNLOAD_MAXSIZE": options.max_page_bytes,  # on the wire and, in HttpCompression, inflated
        "DOWNLOAD_WARNSIZE": max(1, options.max_page_bytes // 2),
        "DOWNLOAD_TIMEOUT": options.download_timeout,
        "DNS_TIMEOUT": min(options.download_timeout, 30.0),
        "TWISTED_DNS_RESOLVER": "crawler.resolver.GuardedResolver",
        "INTEROPWATCH_EXEMPT_HOSTS": exempt,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
            "crawler.middlewares.SafetyMiddleware": 50,
            "crawler.middlewares.FrontierGuardMiddleware": 60,
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "crawler.robots.PoliteRobotsTxtMiddleware": 100,
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawler.middlewares.BackoffRetryMiddleware": 550,
        },
        "ITEM_PIPELINES": {
            "crawler.pipelines.ParsePipeline": 100,
            "crawler.pipelines.DedupPipeline": 200,
            "crawler.pipelines.SpoolPipeline": 300,
            "crawler.pipelines.FrontierPipeline": 400,
        },
        "EXTENSIONS": {
            "scrapy.extensions.telnet.TelnetConsole": None,
            "scrapy.extensions.remote_control.RemoteControl": None,
            "scrapy.extensions.logstats.LogStats": None,
            "crawler.progress.ProgressLog": 500,
        },
        "INTEROPWATCH_PROGRESS_INTERVAL": options.progress_interval,
        "INTEROPWATCH_PARSE_WORKERS": options.parse_workers,
        # logging: our progress and summary lines instead of Scrapy's stats dump
        "LOG_LEVEL": options.log_level.upper(),
        "STATS_DUMP": False,
        "LOGSTATS_INTERVAL": 0,
        "DEFAULT_DROPITEM_LOG_LEVEL": "DEBUG",
    }

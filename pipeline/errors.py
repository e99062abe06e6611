"""Errors the pipeline package raises. Only the CLI turns them into messages and exit codes."""


class PipelineError(Exception):
    """Base of the pipeline's errors. `exit_code` is what the CLI exits with."""

    exit_code = 1


class ConfigError(PipelineError):
    """A setting is unknown, of the wrong type or out of range; the message says which and where."""

    exit_code = 2


class StoreError(PipelineError):
    """The database cannot be used: not SQLite, newer schema, locked, unreadable."""


class QueryRefused(PipelineError):
    """`interopwatch query` refused a statement that would change the database."""

    exit_code = 2


class QueryTimeout(PipelineError):
    """A read-only query ran past its time limit."""

    exit_code = 3


class StageError(PipelineError):
    """A stage (crawl, ingest, analyse, digest) could not run."""


class LockHeld(PipelineError):
    """Another daemon holds the database."""


class DigestError(PipelineError):
    """A digest cannot be built or delivered: a bad week, no recipients, being sent by another process."""


class MailError(DigestError):
    """SMTP delivery failed after its retries; the digests row records the attempts and the last error."""

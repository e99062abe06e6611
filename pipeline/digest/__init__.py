"""The weekly digest: what moved in one ISO week, as an email sent exactly once.

    week.py     ISO-week arithmetic, the last complete week, when a digest is due (pure)
    build.py    store rows -> Digest, frozen records (pure)
    render.py   Digest -> HTML and plain text (Jinja2, autoescaped; templates/*.j2)
    message.py  the MIME message with a stable Message-ID
    send.py     SMTP, exactly once per week, retries with backoff (the protocol is documented there)
    files.py    .eml / .html files
    deliver.py  the job: store -> digest -> SMTP or files, recorded in `digests` and `runs`
"""

from pipeline.digest.build import Digest, WeekRows, build_digest
from pipeline.digest.deliver import Delivery, deliver_digest, digest_if_due, make_digest
from pipeline.digest.week import Week, due_digest, last_complete_week

__all__ = ["Delivery", "Digest", "Week", "WeekRows", "build_digest", "deliver_digest", "digest_if_due", "due_digest",
           "last_complete_week", "make_digest"]

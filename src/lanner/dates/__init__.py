"""The date stage: find temporal expressions in English news text and resolve them.

Relative expressions ("on Tuesday", "Sept. 26", "last year", "two weeks ago")
are placed against the document's publication date following news convention;
the rules are written up in ``docs/dates.md``. Everything is regular
expressions and calendar arithmetic, with no NLP model, because this runs on
every sentence. ``bench_dates`` measures its speed for ``lanner bench``, and
``lanner.cli.dates.register_cli`` adds ``lanner dates`` to the main CLI.

>>> resolve_date("Sept. 26", "2016-09-29")
('2016-09-26', 'day')
>>> [(d.text, d.value) for d in find_dates("In February, Beijing said", "2016-09-29")]
[('February', '2016-02')]
"""

from lanner.dates.bench import bench_dates
from lanner.dates.finder import DateExpr, find_dates, resolve_date
from lanner.records import DatePrecision

__all__ = ["DateExpr", "DatePrecision", "bench_dates", "find_dates", "resolve_date"]

"""Count the page views and order-button clicks of one access log, in one transaction.

A log is read line by line, never whole (a million lines stay within a few megabytes); the
counts gather in memory by page, day, channel and destination and are added to the stored ones
at the end, with the record of what was read (`ImportedLog`), in the same transaction: a log
cut short by an error or a kill counts nothing, and a log imported again counts only the lines
added since. A last line without its newline (a log being written) is left for the next import.
"""

import gzip
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from wagtail.models import Page

from reach.models import ImportedLog, TrafficCount, TrafficKind
from reach.traffic.channels import channel_of, is_asset, is_bot
from reach.traffic.formats import MalformedLine, Request, local_day, parser_for
from reach.traffic.places import Places, SitePlace

# Counts added per statement: bounds the size of each query on a log of many pages and days.
BATCH_SIZE = 500
# Malformed lines named in the report, by number; the others are only counted.
MALFORMED_SHOWN = 5

# Why a request is not counted, as the report names it.
ERROR, NOT_GET, BOT, ASSET, NOT_A_PAGE, OTHER_SITE, REDIRECT = (
    "errors (status 400 and above)",
    "not GET",
    "bots",
    "assets and feeds",
    "not a page of the site",
    "no site of this installation",
    "redirects",
)


class LogChanged(Exception):
    """The log's part imported before is not what it holds now: it was edited, not grown."""


@dataclass
class LogReport:
    name: str
    lines: int = 0  # lines read by this import
    already_imported: int = 0
    views: int = 0
    order_clicks: int = 0
    excluded: Counter = field(default_factory=Counter)
    malformed: int = 0
    malformed_lines: list[str] = field(default_factory=list)  # "line 12: reason"
    incomplete_line: bool = False
    changed: bool = False


def log_lines(path: Path):
    """The lines of a log, plain or gzip-compressed (told by its first bytes, not its name)."""
    with path.open("rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
    with (gzip.open if compressed else open)(path, "rb") as stream:
        yield from stream


class LogImport:
    """One file's import; `run` returns its report."""

    def __init__(self, path: Path, log_format: str, places: Places, site: SitePlace | None):
        self.path = path
        self.log_format = log_format
        self.places = places
        self.site = site
        self.parse = parser_for(log_format)
        self.report = LogReport(name=str(path))
        self.counts: Counter = Counter()

    def run(self) -> LogReport:
        try:
            with transaction.atomic():
                self._read()
        except LogChanged:
            self.report = LogReport(name=str(self.path), changed=True)
        return self.report

    def _read(self) -> None:
        hasher = hashlib.sha256()
        bytes_read = lines_read = 0
        identity = record = None
        for line in log_lines(self.path):
            if not line.endswith(b"\n"):
                self.report.incomplete_line = True
                break
            if identity is None and not line.startswith(b"#"):
                identity = hashlib.sha256(line).hexdigest()
                record = _imported_part(identity)
            text = line.decode("utf-8", errors="replace")
            if record is not None and lines_read < record.lines_read:
                if text.startswith("#"):
                    self.parse(text)  # CloudFront's header names the fields
                self.report.already_imported += 1
            else:
                if record is not None and lines_read == record.lines_read:
                    _check_unchanged(record, hasher, bytes_read)
                self._count(text, lines_read + 1)
            hasher.update(line)
            bytes_read += len(line)
            lines_read += 1
        if identity is None:
            return  # no request yet: nothing to remember
        if record is not None and lines_read <= record.lines_read:
            _check_unchanged(record, hasher, bytes_read)
        add_counts(self.counts)
        ImportedLog.objects.update_or_create(
            first_line_sha256=identity,
            defaults={
                "log_format": self.log_format,
                "name": self.path.name[:255],
                "lines_read": lines_read,
                "bytes_read": bytes_read,
                "read_sha256": hasher.hexdigest(),
            },
        )

    def _count(self, text: str, number: int) -> None:
        self.report.lines += 1
        try:
            request = self.parse(text)
            if request is None:
                return
            reason = self._classify(request)
        except MalformedLine as error:
            self.report.malformed += 1
            if len(self.report.malformed_lines) < MALFORMED_SHOWN:
                self.report.malformed_lines.append(f"line {number}: {error}")
            return
        if reason:
            self.report.excluded[reason] += 1

    def _classify(self, request: Request) -> str:
        """Count the request; return why it is not counted ("" when it is)."""
        if request.status >= 400:
            return ERROR
        if request.method != "GET":
            return NOT_GET
        if is_bot(request.user_agent):
            return BOT
        found = self._place(request)
        if found is None:
            return OTHER_SITE
        place, prefix = found
        page = place.page_of(request.path, prefix)
        if page is None:
            return ASSET if is_asset(request.path) else NOT_A_PAGE
        page_id, destination = page
        if destination:
            kind = TrafficKind.ORDER_CLICK
            self.report.order_clicks += 1
        elif 200 <= request.status < 300 or request.status == 304:
            kind = TrafficKind.VIEW
            self.report.views += 1
        else:
            return REDIRECT
        day = local_day(request.time)
        channel = channel_of(request.query, request.referrer, place.hosts)
        self.counts[(place.site_id, page_id, day, channel, kind, destination)] += 1
        return ""

    def _place(self, request: Request) -> tuple[SitePlace, str] | None:
        """The site the request was served for, and the prefix of its paths there."""
        if self.log_format == "s3":
            found = self.places.on_storage(request.bucket, request.path)
        elif self.site is not None:
            found = (self.site, self.site.path_prefix)
        else:
            place = self.places.at_host(request.host)
            found = (place, place.path_prefix) if place else None
        if found is None or (self.site is not None and found[0] is not self.site):
            return None
        return found


def _imported_part(identity: str) -> ImportedLog | None:
    """The record of the log's part imported before, locked until this import ends."""
    return ImportedLog.objects.select_for_update().filter(first_line_sha256=identity).first()


def _check_unchanged(record: ImportedLog, hasher, bytes_read: int) -> None:
    if bytes_read != record.bytes_read or hasher.hexdigest() != record.read_sha256:
        raise LogChanged


def add_counts(counts: Counter) -> None:
    """Add the counts to the stored ones, in batches, in the order of their unique key: two
    imports at once lock the rows they share in the same order, so neither waits on the other's
    locks while holding one it needs."""
    keys = sorted(counts)
    for start in range(0, len(keys), BATCH_SIZE):
        add_batch({key: counts[key] for key in keys[start : start + BATCH_SIZE]})


def add_batch(batch: dict[tuple, int]) -> None:
    """Add one batch of counts. Pages deleted since their site's bake are left out."""
    page_ids = {key[1] for key in batch}
    existing = set(Page.objects.filter(pk__in=page_ids).values_list("pk", flat=True))
    rows = [(*key, number) for key, number in batch.items() if key[1] in existing]
    with connection.cursor() as cursor:
        cursor.executemany(ADD_COUNT, rows)


# A row missing is made, a row present (an earlier import's, or one another import makes
# meanwhile) is added to in the database, so two imports at once add up. One statement per row,
# sent as one batch, without a model instance per row (a month of logs makes many rows).
_TABLE = TrafficCount._meta.db_table
ADD_COUNT = (
    f"INSERT INTO {_TABLE} (site_id, page_id, day, channel, kind, destination, count) "  # noqa: S608 - no input
    "VALUES (%s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (page_id, day, channel, kind, destination) "
    f"DO UPDATE SET count = {_TABLE}.count + excluded.count"
)

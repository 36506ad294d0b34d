"""The three access log formats ``import_traffic`` reads, one parser each.

Every parser turns one line into a `Request` or raises `MalformedLine`; a comment line gives
None. Times stay as the log writes them until `local_day` makes them a day of the site's time
zone (once per minute of the log, not per line).

- ``s3``: S3 server access logs (https://docs.aws.amazon.com/AmazonS3/latest/userguide/
  LogFormat.html): space-separated, bracketed time, quoted request, referrer and user agent;
  the object key names the file, the operation (``WEBSITE.GET.OBJECT``) the method.
- ``cloudfront``: CloudFront standard logs (https://docs.aws.amazon.com/AmazonCloudFront/
  latest/DeveloperGuide/standard-logs-reference.html): tab-separated, in the order of the
  ``#Fields:`` header, URL-encoded, times in UTC.
- ``combined``: the combined log format of nginx and Apache (https://httpd.apache.org/docs/
  current/logs.html#combined).
"""

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from operator import itemgetter
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from django.conf import settings


class MalformedLine(ValueError):
    """A line the format cannot read."""


@dataclass(slots=True)
class Request:
    time: str  # as the log writes it, down to the minute, with its offset
    method: str
    path: str  # the URL path (S3: the object key), percent-decoded
    query: str
    status: int
    referrer: str  # "" when none
    user_agent: str
    host: str = ""  # the host the visitor asked for (CloudFront)
    bucket: str = ""  # the bucket (S3)


def _unquoted(field: str) -> str:
    """A quoted field of the S3 and combined formats, "-" being empty."""
    if field in ("-", '"-"'):
        return ""
    return field[1:-1].replace('\\"', '"')


QUOTED = r'("[^"\\]*(?:\\.[^"\\]*)*"|-)'  # a quoted field, or "-"
S3_LINE = re.compile(
    r"\S+ (\S+) \[([^\]]+)\] \S+ \S+ \S+ (\S+) (\S+) "
    + QUOTED
    + r" (\d{3}|-) \S+ \S+ \S+ \S+ \S+ "
    + QUOTED
    + " "
    + QUOTED
)
COMBINED_LINE = re.compile(
    r"\S+ \S+ \S+ \[([^\]]+)\] " + QUOTED + r" (\d{3}) \S+ " + QUOTED + " " + QUOTED
)


def _split_target(target: str) -> tuple[str, str]:
    path, _mark, query = target.partition("?")
    return unquote(path), query


def _status(field: str) -> int:
    return int(field) if field.isdigit() else 0


def _minute_of_bracketed_time(time: str) -> str:
    """``06/Feb/2019:00:00:38 +0000`` → ``06/Feb/2019:00:00 +0000``."""
    if len(time) < 26:
        raise MalformedLine(f"no time: {time!r}")
    return time[:17] + time[20:]


def parse_s3(line: str) -> Request | None:
    match = S3_LINE.match(line)
    if match is None:
        raise MalformedLine("not an S3 server access log line")
    bucket, time, operation, key, request_uri, status, referrer, user_agent = match.groups()
    parts = operation.split(".")
    if len(parts) != 3:
        raise MalformedLine(f"unknown operation {operation!r}")
    # The key names the file (a website request for "/katalog/batik/" logs the key
    # "katalog/batik/index.html"; a request without a key is no page); the target, the query.
    target = _unquoted(request_uri).split(" ")
    query = target[1].partition("?")[2] if len(target) == 3 else ""
    path = "" if key == "-" else unquote(key)
    return Request(
        time=_minute_of_bracketed_time(time),
        method=parts[1],
        path=path,
        query=query,
        status=_status(status),
        referrer=_unquoted(referrer),
        user_agent=_unquoted(user_agent),
        bucket=bucket,
    )


def parse_combined(line: str) -> Request | None:
    match = COMBINED_LINE.match(line)
    if match is None:
        raise MalformedLine("not a combined log format line")
    time, request, status, referrer, user_agent = match.groups()
    parts = _unquoted(request).split(" ")
    status = int(status)
    if len(parts) != 3:
        if status >= 400:  # a garbled request the server refused: an error, not our fault
            return Request(_minute_of_bracketed_time(time), "", "", "", status, "", "")
        raise MalformedLine(f"no method, path and protocol in {request!r}")
    path, query = _split_target(parts[1])
    return Request(
        time=_minute_of_bracketed_time(time),
        method=parts[0],
        path=path,
        query=query,
        status=status,
        referrer=_unquoted(referrer),
        user_agent=_unquoted(user_agent),
    )


# The fields of version 1.0, for a file that lacks its "#Fields:" header.
CLOUDFRONT_FIELDS = (
    "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
    "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id "
    "x-host-header cs-protocol cs-bytes time-taken"
).split()


class CloudFrontParser:
    """Reads the fields in the order the file's ``#Fields:`` line gives."""

    def __init__(self):
        self._columns(CLOUDFRONT_FIELDS)

    def _columns(self, fields: list[str]) -> None:
        position = {name: index for index, name in enumerate(fields)}
        wanted = ("date", "time", "cs-method", "cs-uri-stem", "sc-status", "cs(Referer)")
        wanted += ("cs(User-Agent)", "cs-uri-query", "cs(Host)")
        missing = [name for name in wanted if name not in position]
        if missing:
            raise MalformedLine(f"the #Fields line lacks {', '.join(missing)}")
        self.wanted_fields = itemgetter(*(position[name] for name in wanted))
        self.host_header = position.get("x-host-header")
        self.width = max([position[name] for name in wanted] + [self.host_header or 0]) + 1

    def __call__(self, line: str) -> Request | None:
        if line.startswith("#"):
            if line.startswith("#Fields:"):
                self._columns(line[len("#Fields:") :].split())
            return None
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) < self.width:
            raise MalformedLine(f"{len(fields)} fields, {self.width} expected")
        date, time, method, stem, status, referrer, agent, query, host = self.wanted_fields(fields)
        if self.host_header is not None and fields[self.host_header] != "-":
            host = fields[self.host_header]
        if len(date) != 10 or len(time) < 5:
            raise MalformedLine(f"no date and time: {date!r} {time!r}")
        return Request(
            time=f"{date}T{time[:5]}+00:00",
            method=method,
            path=unquote(stem),
            query="" if query == "-" else query,
            status=_status(status),
            referrer="" if referrer == "-" else unquote(referrer),
            user_agent=_cloudfront_user_agent(agent),
            host=host.lower(),
        )


@lru_cache(maxsize=4096)
def _cloudfront_user_agent(field: str) -> str:
    """The user agent of a CloudFront log, which encodes it twice (a few agents make most
    lines: each is decoded once)."""
    return unquote(unquote(field))


def parser_for(log_format: str):
    """A fresh parser of the format (one per file: CloudFront's reads its header)."""
    return {"s3": lambda: parse_s3, "combined": lambda: parse_combined}.get(
        log_format, CloudFrontParser
    )()


FORMATS = ("s3", "cloudfront", "combined")


MONTHS = {
    name: f"{number:02d}"
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


@lru_cache(maxsize=4096)
def local_day(time: str):
    """The day of the site's time zone a minute of a log falls on."""
    try:
        iso = time
        if "T" not in time:  # ``06/Feb/2019:00:00 +0000``, read as ISO (strptime is slow)
            iso = f"{time[7:11]}-{MONTHS[time[3:6]]}-{time[:2]}T{time[12:17]}{time[18:]}"
        moment = datetime.fromisoformat(iso)
    except (KeyError, ValueError) as error:
        raise MalformedLine(f"unreadable time {time!r}") from error
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()

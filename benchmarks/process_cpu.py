"""CPU seconds of other processes of this machine (Linux's /proc), to tell which process a
benchmark's step waited on: the client, the S3 server or the database."""

import os
from pathlib import Path


def cpu_seconds(pid: int) -> float:
    """CPU seconds process `pid` has used so far, all its threads together."""
    _name, fields = _stat(pid)
    return _seconds(fields, waited_for=False)


def postgresql_cpu_seconds() -> float:
    """CPU seconds of the PostgreSQL processes of this machine, those of ended connections
    included, 0 when the database runs elsewhere."""
    total = 0.0
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, fields = _stat(int(stat_file.parent.name))
        except OSError:  # ended meanwhile
            continue
        if name == "postgres":
            total += _seconds(fields, waited_for=True)
    return total


def _stat(pid: int) -> tuple[str, list[str]]:
    """The process's name and its fields after the name (the 3rd of proc(5) onwards)."""
    text = Path(f"/proc/{pid}/stat").read_text()
    before, after = text.rsplit(")", 1)
    return before.split("(", 1)[1], after.split()


def _seconds(fields: list[str], waited_for: bool) -> float:
    """utime and stime (the 14th and 15th fields); with `waited_for`, also cutime and cstime
    (the 16th and 17th), those of the ended children it reaped."""
    ticks = fields[11:15] if waited_for else fields[11:13]
    return sum(int(value) for value in ticks) / os.sysconf("SC_CLK_TCK")

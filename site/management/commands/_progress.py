"""Progress lines (``12/240 katalog/batik/index.html``) for the long-running commands."""


def progress_printer(command, verbosity):
    """A progress callback writing to the command's stdout, or None when it should stay quiet:
    shown at -v 2, or at the default verbosity on a terminal (not in cron logs)."""
    if verbosity >= 2 or (verbosity == 1 and command.stdout.isatty()):
        return lambda done, total, label: command.stdout.write(f"{done}/{total} {label}")
    return None

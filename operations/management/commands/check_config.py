"""``manage.py check_config``: is this deployment's configuration able to work? Run at start.

Unlike Django's ``check --deploy``, which reads the settings, these checks touch what the settings
point to: they connect to the database, write a file in each folder and to each site's publish
target. So they are not Django system checks (``migrate`` and ``runserver`` run those every time):
each app keeps its own in its ``checks.py``, as ``configuration_checks(*, database_is_ready,
write_to_targets)``, and this command gathers them in the order of INSTALLED_APPS, after the
database's. Each answers with one of Django's check messages: ``Info`` when the check passes,
``Warning``, or ``Error``, with the name of what was checked as its ``obj``.
"""

from collections.abc import Callable, Iterator
from importlib import import_module

from django.apps import apps
from django.core.checks import ERROR, INFO, WARNING, CheckMessage
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import module_has_submodule

from operations.checks import database_checks

LABELS = {INFO: "OK", WARNING: "WARNING", ERROR: "PROBLEM"}
# The legend printed under the lines when one is not OK.
SEVERITIES = (
    "PROBLEM: a configuration that cannot work; the start scripts stop. WARNING: a service that "
    "does not answer now, or a site's place set in the admin; the admin and the worker start, "
    "and that site's publishes fail (recorded under Static site) until it is answered or fixed."
)


def run_checks(*, write_to_targets: bool) -> list[CheckMessage]:
    """Every check, in the order printed. ``write_to_targets=False`` (the start scripts) reads
    each publish target without storing the probe file there."""
    database, migrations = database_checks()
    database_is_ready = migrations.level == INFO
    return [
        database,
        migrations,
        *(
            message
            for configuration_checks in apps_configuration_checks()
            for message in configuration_checks(
                database_is_ready=database_is_ready, write_to_targets=write_to_targets
            )
        ),
    ]


def apps_configuration_checks() -> Iterator[Callable[..., list[CheckMessage]]]:
    """Each installed app's ``checks.configuration_checks``, in the order of INSTALLED_APPS.
    (Other packages' ``checks`` modules hold Django system checks, which are not these.)"""
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "checks"):
            module = import_module(f"{app_config.name}.checks")
            if hasattr(module, "configuration_checks"):
                yield module.configuration_checks


class Command(BaseCommand):
    help = (
        "Check that the database answers and is migrated, the media and build folders are "
        "writable, each site's publish target is reachable and writable, and that secrets and "
        "e-mail are configured. One line per check. " + SEVERITIES + " Exits with status 1 if "
        "any check has a PROBLEM, 0 with warnings only."
    )
    # The answer is about the deployment, not its data: no system checks first.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--read-only",
            action="store_true",
            help="Read each publish target without storing the probe file there (the start "
            "scripts: starting a container writes nothing to the public site's bucket).",
        )

    def handle(self, *args, read_only, **options):
        messages = run_checks(write_to_targets=not read_only)
        style = {INFO: self.style.SUCCESS, WARNING: self.style.WARNING, ERROR: self.style.ERROR}
        for message in messages:
            label = style[message.level](f"{LABELS[message.level]:<7}")
            self.stdout.write(f"{label} {message.obj}: {message.msg}")
        problems = sum(message.level == ERROR for message in messages)
        warnings = sum(message.level == WARNING for message in messages)
        if problems or warnings:
            self.stdout.write(SEVERITIES)
        if problems:
            raise CommandError(
                f"{problems} of {len(messages)} checks found a problem: "
                "fix the environment variables named above."
            )
        if warnings:
            self.stderr.write(
                self.style.WARNING(
                    f"{warnings} of {len(messages)} checks found a service that does not answer "
                    "now: starting anyway. Publishing fails until it answers."
                )
            )
        else:
            self.stdout.write(f"All {len(messages)} checks passed.")

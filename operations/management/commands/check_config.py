"""``manage.py check_config``: is this deployment's configuration able to work? Run at start."""

from django.core.management.base import BaseCommand, CommandError

from operations.config_checks import SEVERITIES, Status, run_checks


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
        outcomes = run_checks(write_to_targets=not read_only)
        style = {
            Status.OK: self.style.SUCCESS,
            Status.WARNING: self.style.WARNING,
            Status.PROBLEM: self.style.ERROR,
        }
        for outcome in outcomes:
            status = style[outcome.status](f"{outcome.status:<7}")
            self.stdout.write(f"{status} {outcome.name}: {outcome.message}")
        problems = sum(outcome.status is Status.PROBLEM for outcome in outcomes)
        warnings = sum(outcome.status is Status.WARNING for outcome in outcomes)
        if problems or warnings:
            self.stdout.write(SEVERITIES)
        if problems:
            raise CommandError(
                f"{problems} of {len(outcomes)} checks found a problem: "
                "fix the environment variables named above."
            )
        if warnings:
            self.stderr.write(
                self.style.WARNING(
                    f"{warnings} of {len(outcomes)} checks found a service that does not answer "
                    "now: starting anyway. Publishing fails until it answers."
                )
            )
        else:
            self.stdout.write(f"All {len(outcomes)} checks passed.")

"""``manage.py check_config``: is this deployment's configuration able to work? Run at start."""

from django.core.management.base import BaseCommand, CommandError

from cms.config_checks import run_checks


class Command(BaseCommand):
    help = (
        "Check that the database answers and is migrated, the media and build folders are "
        "writable, the publish target is reachable and writable, and that secrets and e-mail "
        "are configured. One line per check; exits with status 1 if any has a problem."
    )
    # The answer is about the deployment, not its data: no system checks first.
    requires_system_checks = []

    def handle(self, *args, **options):
        outcomes = run_checks()
        for outcome in outcomes:
            status = self.style.SUCCESS("OK     ") if outcome.ok else self.style.ERROR("PROBLEM")
            self.stdout.write(f"{status} {outcome.name}: {outcome.message}")
        problems = sum(not outcome.ok for outcome in outcomes)
        if problems:
            raise CommandError(
                f"{problems} of {len(outcomes)} checks found a problem: "
                "fix the environment variables named above."
            )
        self.stdout.write(f"All {len(outcomes)} checks passed.")

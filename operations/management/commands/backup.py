"""``manage.py backup``: the database, media and configuration in one archive (run it daily)."""

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, create_backup, default_folder


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz) with every row of the database, the media (photos and "
        "renditions, from the media folder or bucket) and the configuration without its "
        "secrets; `manage.py restore` restores it on a fresh machine."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="PATH",
            help=(
                "The archive to write, or a folder for a dated name "
                f"(default: {default_folder()}/etalase-backup-YYYYMMDD-HHMMSS.tar.gz)."
            ),
        )

    def handle(self, *args, output, **options):
        try:
            result = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {result.path} ({result.size / 1024 / 1024:.1f} MiB): "
                f"{result.rows} rows, {result.media_files} media files, "
                f"in {result.duration:.1f} s."
            )
        )
        if result.secrets:
            self.stdout.write(f"Not in the archive (set them again): {', '.join(result.secrets)}.")

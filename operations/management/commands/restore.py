"""``manage.py restore ARCHIVE``: a backup into an empty database and the media storage."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from operations.backups import ArchiveError, BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into this database (DATABASE_URL), which must "
        "be empty, and the media folder (ETALASE_MEDIA_ROOT) or bucket (ETALASE_MEDIA_S3_BUCKET); "
        "migrate first if needed. A damaged "
        "archive, or one of another version, is refused before anything changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Restore into a database that holds content, deleting all of that content.",
        )

    def handle(self, *args, archive, replace, **options):
        database = connection.settings_dict
        self.stdout.write(f"Restoring {archive.name} into {connection.vendor} {database['NAME']}.")
        try:
            result = restore_backup(archive, replace=replace, report=self.stdout.write)
        except (ArchiveError, BackupError) as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        except Exception as error:
            raise CommandError(
                f"Restore failed: {error}. The database was rolled back to what it held before."
            ) from error
        made = result.manifest["created_at"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {made}: {result.rows} rows, "
                f"{result.media_files} media files, in {result.duration:.1f} s."
            )
        )
        self.stdout.write("The configuration of the backed-up machine (its settings.env):")
        self.stdout.write(result.settings_text)
        self.stdout.write(
            "Next: set the secrets above, then `manage.py bake` and `manage.py publish`."
        )

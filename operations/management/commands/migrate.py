"""``manage.py migrate``: Django's, which first makes the folder of a SQLite database file
(before its system checks, which already open the database)."""

from django.core.management.commands.migrate import Command as DjangoMigrateCommand

from operations.sqlite import create_database_folder


class Command(DjangoMigrateCommand):
    def execute(self, *args, **options):
        create_database_folder(options["database"])
        return super().execute(*args, **options)

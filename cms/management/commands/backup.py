"""``manage.py backup [PATH]``: the database and the media in one archive (cms/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from cms.backups import BackupError, backup, default_path


class Command(BaseCommand):
    help = (
        "Write a backup archive: a pg_dump of the database, the media files and a manifest. "
        "PostgreSQL only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="Where to write it (default: backups/clinic-<UTC time>.tar)."
        )

    def handle(self, *args, path=None, **options):
        path = path or default_path()
        try:
            manifest = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {manifest['database']} and {manifest['media_files']} media "
                f"file(s) to {path}"
            )
        )

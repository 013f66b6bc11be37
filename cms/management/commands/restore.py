"""``manage.py restore PATH [--force]``: an archive from ``backup`` into the database and
MEDIA_ROOT (cms/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from cms.backups import BackupError, pending_migrations, restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and MEDIA_ROOT. PostgreSQL only; "
        "the archive is checked before anything changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive that backup wrote.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore although the database has tables (the archive's tables replace "
            "theirs) or MEDIA_ROOT has files (those of the same name are overwritten).",
        )

    def handle(self, *args, path, force=False, **options):
        try:
            manifest = restore(path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {manifest['database']} as of {manifest['created_at']} and "
                f"{manifest['media_files']} media file(s)."
            )
        )
        if pending_migrations():
            self.stdout.write("This code has newer migrations: run manage.py migrate.")

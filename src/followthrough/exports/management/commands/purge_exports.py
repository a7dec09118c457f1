"""Delete the board packs kept past FOLLOWTHROUGH_EXPORT_KEEP_HOURS (``followthrough manage
purge_exports``). The worker does the same before each board pack it makes; run this from cron
too (hourly, say), so that files go on time when no one asks for a pack. Safe to run twice at
once: each job is claimed with a conditional update."""

from django.core.management.base import BaseCommand

from followthrough.exports.services import export_jobs_purge


class Command(BaseCommand):
    help = "Delete the board packs (and appendices) kept past FOLLOWTHROUGH_EXPORT_KEEP_HOURS."

    def handle(self, *args, **options):
        count = export_jobs_purge()
        self.stdout.write(f"{count} board pack{'s' if count != 1 else ''} deleted")

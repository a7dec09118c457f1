from django.conf import settings
from django.db import models


class TrackerUpload(models.Model):
    """A filled-in "my actions" spreadsheet, uploaded to be applied.

    The file's bytes are kept, as an imported plan's are, and the rows read from it (the text
    of each filled-in row's cells, by column: ``trackers.sheet.read_tracker``). What each row
    would change is worked out again from ``rows`` whenever the preview is shown, and once more
    when it is applied, against the actions as they are then. ``applied_at`` is set once, by
    the apply that claims it; ``result`` then says what each row came to."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracker_uploads"
    )
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content = models.BinaryField(editable=False)
    rows = models.JSONField(default=list)
    skipped = models.PositiveIntegerField(
        default=0, help_text="Rows of actions with nothing filled in."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None

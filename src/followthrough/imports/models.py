from django.conf import settings
from django.db import models
from django.utils import timezone


class PendingImport(models.Model):
    """An uploaded plan document: queued to be read, being read, read and waiting in the
    preview to be corrected and saved, or refused.

    The worker reads the document (``imports.tasks``) outside the web request, in a sandboxed
    child process; ``plan`` then holds the parse in the interchange format, with the reader's
    warnings. A refused document keeps only the one-line ``message`` (its bytes are dropped).
    Saving the plan creates the review (through ``plan_import``) and deletes this row.
    ``version`` goes up with every correction, so a correction made on a page that is out of
    date is refused rather than lost.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to be read"
        READING = "reading", "Being read"
        READY = "ready", "Read"
        REFUSED = "refused", "Could not be read"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="pending_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_imports"
    )
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content = models.BinaryField(editable=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    plan = models.JSONField(null=True, blank=True)
    message = models.TextField(blank=True, help_text="Why the document could not be read.")
    # The themes the person chose on a recommendation's correction page, by its place in the
    # plan ("3": ["Suicide", ...]). They win over the themes suggested from its text; the
    # others are saved as suggested, or left empty, as the person answers on saving.
    themes = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY

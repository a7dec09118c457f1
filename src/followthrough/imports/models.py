from django.conf import settings
from django.db import models


class PendingImport(models.Model):
    """An uploaded plan document, parsed and waiting in the preview to be corrected and saved.

    ``plan`` holds the parse in the interchange format, with the reader's warnings. Saving it
    creates the review (through ``plan_import``) and deletes this row.
    """

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
    plan = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

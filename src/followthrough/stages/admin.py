"""Stage entries and extensions in the administration site: to read only. A change made here
would go round the services that keep the review's own dates in step with its stages, so the
coordinator changes them on the review's timeline."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from followthrough.stages.models import StageEntry, StageExtension


class ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StageEntry)
class StageEntryAdmin(ReadOnly):
    list_display = ["review", "stage", "round", "on", "outcome", "recorded_at"]
    list_filter = ["stage"]
    list_select_related = ["review"]


@admin.register(StageExtension)
class StageExtensionAdmin(ReadOnly):
    list_display = ["review", "stage", "round", "due_on", "recorded_at"]
    list_filter = ["stage"]
    list_select_related = ["review"]

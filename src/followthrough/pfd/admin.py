from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from followthrough.pfd.models import Addressee


@admin.register(Addressee)
class AddresseeAdmin(SimpleHistoryAdmin):
    """Read-only: addressees change through the PFD pages, which audit every change."""

    list_display = ["name", "review", "sent_on", "extended_to", "response_on"]
    list_select_related = ["review"]
    search_fields = ["name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

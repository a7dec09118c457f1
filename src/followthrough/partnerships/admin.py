from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from followthrough.partnerships.models import Agency, Membership, Partnership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "agency"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "sector"]
    list_filter = ["sector", "partnerships"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["partnerships"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "partnership", "role", "agency"]
    list_filter = ["role", "partnership"]
    autocomplete_fields = ["user", "partnership", "agency"]

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from followthrough.audit.admin import AuditedAdmin
from followthrough.partnerships.models import Agency, Membership, Partnership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "agency"]


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin, SimpleHistoryAdmin):
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "sector"]
    list_filter = ["sector", "partnerships"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["partnerships"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["user", "partnership", "role", "agency"]
    list_filter = ["role", "partnership"]
    autocomplete_fields = ["user", "partnership", "agency"]


# Users and their rights (superuser, staff) change in the administration site too: audited.
User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    pass

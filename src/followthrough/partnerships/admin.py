from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from followthrough.audit.admin import AuditedAdmin
from followthrough.partnerships.models import (
    Agency,
    AgencyAlias,
    Invitation,
    Membership,
    Partnership,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "agency"]
    readonly_fields = ["version"]


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin, SimpleHistoryAdmin):
    search_fields = ["name"]
    inlines = [MembershipInline]


class AgencyAliasInline(admin.TabularInline):
    """Other names the agency goes by (the names of agencies merged into it): imports match
    them."""

    model = AgencyAlias
    extra = 0
    fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "sector"]
    list_filter = ["sector", "partnerships"]
    search_fields = ["name", "short_name", "aliases__name"]
    filter_horizontal = ["partnerships"]
    inlines = [AgencyAliasInline]


@admin.register(Invitation)
class InvitationAdmin(AuditedAdmin, admin.ModelAdmin):
    """To look at only: invitations are sent, sent again and withdrawn on the partnership's
    People page, where each step is audited and the link mailed."""

    list_display = ["email", "partnership", "role", "agency", "sent_at", "expires_at"]
    list_filter = ["partnership", "role"]
    search_fields = ["email"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["user", "partnership", "role", "agency"]
    list_filter = ["role", "partnership"]
    autocomplete_fields = ["user", "partnership", "agency"]
    readonly_fields = ["version"]


# Users and their rights (superuser, staff) change in the administration site too: audited.
User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    pass

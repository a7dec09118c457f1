from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from followthrough.audit.admin import AuditedAdmin as _AuditedAdmin
from followthrough.partnerships.models import Partnership
from followthrough.plans.models import (
    Action,
    ActionLead,
    ImportSource,
    Milestone,
    Recommendation,
    Review,
    Theme,
)
from followthrough.plans.rules import partnership_id_of


class AuditedAdmin(_AuditedAdmin):
    def partnership_of(self, obj):
        try:
            return Partnership.objects.filter(pk=partnership_id_of(obj)).first()
        except TypeError:  # a theme, or an import source: site-wide or its own partnership
            return super().partnership_of(obj)


@admin.register(Theme)
class ThemeAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["order", "name"]


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = ["order", "number", "theme_heading", "scope", "area", "text"]
    show_change_link = True


@admin.register(Review)
class ReviewAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "review_type", "partnership", "reference", "published_on"]
    list_filter = ["review_type", "partnership"]
    search_fields = ["title", "reference", "subject_pseudonym"]
    inlines = [RecommendationInline]


class ActionInline(admin.StackedInline):
    model = Action
    extra = 0
    show_change_link = True


@admin.register(Recommendation)
class RecommendationAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "review", "theme_heading", "scope"]
    list_filter = ["review__partnership", "scope"]
    inlines = [ActionInline]


class ActionLeadInline(admin.TabularInline):
    model = ActionLead
    extra = 0
    autocomplete_fields = ["agency"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Action)
class ActionAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "target_date", "completed_on"]
    list_filter = ["status", "recommendation__review__partnership"]
    inlines = [ActionLeadInline, MilestoneInline]


@admin.register(ImportSource)
class ImportSourceAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["filename", "partnership", "review", "size", "imported_at"]
    readonly_fields = ["review", "partnership", "sha256", "filename", "size", "imported_at"]
    exclude = ["content"]

    def get_queryset(self, request):
        return super().get_queryset(request).without_content()

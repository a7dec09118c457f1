from django.contrib import admin

from followthrough.audit.models import AuditEvent
from followthrough.audit.services import admin_change_record


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event_type", "target_type", "target_id", "actor", "summary"]
    list_filter = ["event_type", "partnership"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin:
    """Mix into every ModelAdmin (and inline's parent) of our models: each add, change and
    delete made in the administration site, inlines included, is an audit event. An app whose
    records reach their partnership another way says how in ``partnership_of``."""

    def partnership_of(self, obj):
        """The partnership the record belongs to, for the audit trail (None: site-wide)."""
        if obj._meta.label_lower == "partnerships.partnership":
            return obj
        return getattr(obj, "partnership", None)

    def _record(self, request, obj, kind, **kwargs):
        admin_change_record(
            actor=request.user, obj=obj, kind=kind, partnership=self.partnership_of(obj), **kwargs
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._record(request, obj, "changed" if change else "added", fields=list(form.changed_data))

    def delete_model(self, request, obj):
        pk = obj.pk
        self._record(request, obj, "deleted", pk=pk)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._record(request, obj, "deleted")
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        for obj in deleted:
            self._record(request, obj, "deleted")
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._record(request, obj, "added")
        for obj, fields in formset.changed_objects:
            self._record(request, obj, "changed", fields=fields)

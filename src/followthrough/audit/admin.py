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
    delete made in the administration site, inlines included, is an audit event."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        admin_change_record(
            actor=request.user,
            obj=obj,
            kind="changed" if change else "added",
            fields=list(form.changed_data),
        )

    def delete_model(self, request, obj):
        pk = obj.pk
        admin_change_record(actor=request.user, obj=obj, kind="deleted", pk=pk)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            admin_change_record(actor=request.user, obj=obj, kind="deleted")
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        for obj in deleted:
            admin_change_record(actor=request.user, obj=obj, kind="deleted")
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            admin_change_record(actor=request.user, obj=obj, kind="added")
        for obj, fields in formset.changed_objects:
            admin_change_record(actor=request.user, obj=obj, kind="changed", fields=fields)

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from followthrough.oversight.models import NationalAccess
from followthrough.oversight.services import national_access_grant, national_access_revoke


class NationalAccessForm(forms.ModelForm):
    revoke = forms.BooleanField(
        required=False, help_text="End their national access from their next page."
    )

    class Meta:
        model = NationalAccess
        fields = ["user", "body"]


@admin.register(NationalAccess)
class NationalAccessAdmin(SimpleHistoryAdmin):
    """The site administrator grants the national role here. Saving goes through the
    services, so each grant and revocation is audited as such; deleting is not offered
    (revoke instead: the row and its history stay). Saving a revoked access without
    "Revoke" grants it again."""

    form = NationalAccessForm
    list_display = ["user", "body", "granted_at", "granted_by", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "body"]
    autocomplete_fields = ["user"]

    def get_fields(self, request, obj=None):
        return ["user", "body"] if obj is None else ["user", "body", "revoke"]

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("revoke"):
            national_access_revoke(user=obj.user, actor=request.user)
        else:
            national_access_grant(user=obj.user, body=obj.body, actor=request.user)
        obj.pk = NationalAccess.objects.get(user=obj.user).pk

    def has_delete_permission(self, request, obj=None):
        return False

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from followthrough.audit.admin import AuditedAdmin
from followthrough.bodies.models import Addressing, BodyMembership, NationalBody
from followthrough.bodies.services import (
    body_membership_grant,
    body_membership_refusal,
    body_membership_revoke,
)


@admin.register(NationalBody)
class NationalBodyAdmin(AuditedAdmin, SimpleHistoryAdmin):
    """The site administrator adds the bodies recommendations may be addressed to (each
    change audited). Deleting one that has been addressed is refused (retire it instead:
    untick 'active')."""

    list_display = ["name", "short_name", "response_days", "active"]
    list_filter = ["active"]
    search_fields = ["name", "short_name", "aliases"]


class BodyMembershipForm(forms.ModelForm):
    revoke = forms.BooleanField(
        required=False, help_text="End their acting for the body from their next page."
    )

    class Meta:
        model = BodyMembership
        fields = ["user", "body"]

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user") or getattr(self.instance, "user", None)
        if user is not None and not cleaned.get("revoke"):
            refusal = body_membership_refusal(user)
            if refusal:
                raise forms.ValidationError(refusal)
        return cleaned


@admin.register(BodyMembership)
class BodyMembershipAdmin(SimpleHistoryAdmin):
    """A user made to act for a national body. Saving goes through the services, so each
    grant and revocation is audited as such; deleting is not offered (revoke instead)."""

    form = BodyMembershipForm
    list_display = ["user", "body", "granted_at", "granted_by", "revoked_at"]
    list_filter = ["body", "revoked_at"]
    search_fields = ["user__username", "body__name"]
    autocomplete_fields = ["user"]

    def get_fields(self, request, obj=None):
        return ["user", "body"] if obj is None else ["user", "body", "revoke"]

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("revoke"):
            body_membership_revoke(user=obj.user, actor=request.user)
        else:
            body_membership_grant(user=obj.user, body=obj.body, actor=request.user)
        obj.pk = BodyMembership.objects.get(user=obj.user).pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Addressing)
class AddressingAdmin(SimpleHistoryAdmin):
    """To read only: addressing and answering happen on the plan and the body's pages, where
    they are checked and audited."""

    list_display = ["recommendation", "body", "addressed_at", "due_on", "response"]
    list_filter = ["body", "response"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

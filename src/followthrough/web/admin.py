"""Second factors are not edited in the Django admin: their keys stay hidden, and a reset goes
through the audited page (/accounts/second-factor-reset/) or `followthrough manage
second_factor_reset USERNAME`."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

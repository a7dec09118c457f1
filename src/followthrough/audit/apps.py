from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "followthrough.audit"
    verbose_name = "Audit trail"

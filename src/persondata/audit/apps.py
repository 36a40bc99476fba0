from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "persondata.audit"
    label = "audit"
    verbose_name = "Audit trail"

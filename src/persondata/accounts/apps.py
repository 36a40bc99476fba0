from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "persondata.accounts"
    label = "accounts"
    verbose_name = "Accounts and API keys"

    def ready(self) -> None:
        from persondata.accounts import audit_signals
        from persondata.accounts.role_groups import sync_after_migrate

        audit_signals.connect()
        # After auth's own receiver (which creates the permissions): the
        # accounts app comes after django.contrib.auth in INSTALLED_APPS.
        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="persondata-roles")

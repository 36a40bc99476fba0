"""The four staff roles as groups with exactly their capabilities (accounts/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from persondata.accounts.role_groups import sync_role_groups


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate);
    # create the accounts app's now so that the groups can hold them.
    app_config = apps.get_app_config("accounts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    sync_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_staff_capability"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
    ]

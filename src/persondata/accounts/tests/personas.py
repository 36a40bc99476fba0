"""Staff personas for tests: users with a role, and clients logged in with both factors.

Used by the root conftest's fixtures (``staff_member``, ``dpo``,
``auditor``, ``client_as``, ``admin_client``). A verified client is made
the way django-otp marks a session after a correct code: the device's
persistent id in the session, so the pages see ``user.is_verified()``.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from persondata.accounts.role_groups import sync_role_groups

PASSWORD = "correct horse battery staple"


def make_staff(username: str, role: str, *, superuser: bool = False) -> User:
    """An active staff user with ``role`` (its group) and PASSWORD."""
    sync_role_groups(Group, Permission)  # a flushed test database has no groups
    user = User.objects.create_user(
        username=username, password=PASSWORD, is_staff=True, is_superuser=superuser
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def totp_device(user: User) -> TOTPDevice:
    """The user's confirmed TOTP device, created when missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test app", confirmed=True)


def verify_client(client: Client, user: User) -> Client:
    """Log ``client`` in as ``user`` with both factors passed."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()
    return client

"""Run inside the browser tests' server database (``python -m ...site_setup``):
staff users with known TOTP keys, a customer and a newsletter subscriber.
Prints what the tests need as JSON on stdout."""

from __future__ import annotations

import json
import secrets

import django


def main() -> None:
    django.setup()
    from django.contrib.auth.models import Group, Permission
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from persondata.accounts.actions import create_staff_user
    from persondata.accounts.role_groups import sync_role_groups
    from persondata.consent.actions import give_consent
    from persondata.consent.unsubscribe import unsubscribe_url
    from persondata.subjects.actions import add_record, create_subject

    sync_role_groups(Group, Permission)
    people: dict[str, dict[str, str]] = {}
    for username, role in (
        ("sofie", "staff"),
        ("mads", "staff"),
        ("ida", "staff"),
        ("dorte", "dpo"),
        ("anders", "auditor"),
    ):
        user, password = create_staff_user(actor="browser tests", username=username, role=role)
        key = secrets.token_hex(20)
        TOTPDevice.objects.create(user=user, name="phone", key=key, confirmed=True)
        people[username] = {"password": password, "key": key}

    karen = create_subject(
        actor="browser tests",
        display_name="Karen Jensen",
        categories=["customer"],
        email="karen@example.dk",
    )
    for category, value in (
        ("user.name", "Karen Jensen"),
        ("user.contact.email", "karen@example.dk"),
    ):
        add_record(
            actor="browser tests",
            subject=karen,
            data_category=category,
            value=value,
            source="data_subject",
            activities=["subscriptions"],
        )
    niels = create_subject(
        actor="browser tests",
        display_name="Niels Holm",
        categories=["newsletter_subscriber"],
        email="niels@example.dk",
    )
    add_record(
        actor="browser tests",
        subject=niels,
        data_category="user.contact.email",
        value="niels@example.dk",
        source="data_subject",
        activities=["newsletter"],
    )
    give_consent(actor="browser tests", subject=niels, purpose="newsletter", channel="web_form")
    print(
        json.dumps(
            {
                "people": people,
                "karen": str(karen.key),
                "niels": str(niels.key),
                "unsubscribe": unsubscribe_url(niels, "newsletter"),
            }
        )
    )


if __name__ == "__main__":
    main()

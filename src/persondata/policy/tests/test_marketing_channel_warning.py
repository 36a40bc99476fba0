"""marketing_channels and existing_customer_exception only make sense when the
activity's data holds a way to reach people on that channel: a warning."""

from __future__ import annotations

from persondata.policy.tests.declaration_texts import check, demo_text, edited, position_of


def test_a_channel_without_its_contact_data_is_warned_about() -> None:
    text = edited("    marketing_channels: [sms]\n", "    marketing_channels: [sms, post]\n")
    result = check(text)
    assert result.ok
    [warning] = result.warnings
    assert warning.message == (
        "activity 'sms_offers' markets by post but its data has no postal address "
        "(user.contact.address) to reach anyone by"
    )
    assert (warning.line, warning.column) == position_of(text, "[sms, ^^post]")


def test_a_broader_contact_category_covers_the_channel() -> None:
    text = edited(
        "    data: [user.contact.phone_number]\n    legal_bases: [consent]",
        "    data: [user.contact]\n    legal_bases: [consent]",
    )
    text = edited("    marketing_channels: [sms]\n", "    marketing_channels: [sms, post]\n", text)
    assert check(text).problems == []


def test_the_existing_customer_exception_covers_only_email_and_sms() -> None:
    text = edited(
        "    marketing_channels: [email]\n    existing_customer_exception: true",
        "    marketing_channels: [post]\n    existing_customer_exception: true",
    )
    text = edited(
        "data: [user.name, user.contact.email, user.behavior.purchase_history]",
        "data: [user.name, user.contact.address, user.behavior.purchase_history]",
        text,
    )
    [warning] = check(text).warnings
    assert warning.message == (
        "activity 'customer_offers' uses the existing-customer exception, which covers only "
        "e-mail and SMS (Danish Marketing Practices Act section 10(2)); add email or sms to "
        "marketing_channels or remove the exception"
    )
    assert (warning.line, warning.column) == position_of(text, "^^existing_customer_exception")


def test_the_existing_customer_exception_needs_an_address_or_number_to_use() -> None:
    text = edited(
        "data: [user.name, user.contact.email, user.behavior.purchase_history]",
        "data: [user.name, user.behavior.purchase_history]",
    )
    messages = [w.message for w in check(text).warnings]
    assert messages == [
        "activity 'customer_offers' markets by email but its data has no e-mail address "
        "(user.contact.email) to reach anyone by",
        "activity 'customer_offers' uses the existing-customer exception but its data has no "
        "e-mail address or phone number obtained in a sale",
    ]


def test_the_demos_marketing_activities_have_their_contact_data() -> None:
    assert check(demo_text()).warnings == []

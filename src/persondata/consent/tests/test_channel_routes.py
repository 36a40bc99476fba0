"""Which declared activities open a channel (consent/decision.routes_for)."""

from __future__ import annotations

import pytest

from persondata.consent.decision import routes_for
from persondata.consent.tests.factories import DECLARATION_PATH
from persondata.policy.loader import load_file, load_text
from persondata.policy.schema import Declaration


def _declaration(replace: tuple[str, str] | None = None) -> Declaration:
    text = DECLARATION_PATH.read_text(encoding="utf-8")
    if replace is not None:
        assert replace[0] in text
        text = text.replace(*replace)
    result = load_text(text, file="test.yaml")
    assert result.declaration is not None, result.errors
    return result.declaration


def test_email_is_opened_by_the_newsletter_consent_and_the_customer_exception():
    routes = routes_for(_declaration(), "email")
    assert routes.consent_purposes == ("newsletter",)
    assert routes.exception_activities == ("existing_customer_marketing",)


def test_sms_is_opened_by_its_own_consent_and_the_customer_exception():
    routes = routes_for(_declaration(), "sms")
    assert routes.consent_purposes == ("sms_offers",)
    assert routes.exception_activities == ("existing_customer_marketing",)


def test_the_exception_never_covers_phone_calls_or_post():
    declaration = _declaration(
        ("marketing_channels: [email, sms]", "marketing_channels: [email, sms, phone, post]")
    )
    assert routes_for(declaration, "phone").exception_activities == ()
    assert routes_for(declaration, "post").exception_activities == ()
    assert routes_for(declaration, "phone").consent_purposes == ("phone_calls",)


def test_a_consent_purpose_for_another_channel_does_not_open_this_one():
    declaration = _declaration(("marketing_channels: [sms]", "marketing_channels: [sms, email]"))
    assert routes_for(declaration, "email").consent_purposes == ("newsletter",)


def test_a_purpose_without_a_channel_opens_every_channel_of_its_activity():
    declaration = _declaration(("    version: 1\n    channel: sms\n", "    version: 1\n"))
    assert routes_for(declaration, "sms").consent_purposes == ("sms_offers",)


def test_processor_activities_open_no_channel():
    processor = """
  client_lists:
    name: {da: Kundelister, en: Client lists}
    role: processor
    on_behalf_of: ["Kunde A/S"]
    data_use: marketing.advertising.first_party
    subjects: [customer]
    data: [user.contact.email]
    legal_bases: [contract]
    marketing_channels: [email]
    existing_customer_exception: true
    sources: [customer]
    recipients: []
    retention:
      - keep: 1y
        after: collected
"""
    text = DECLARATION_PATH.read_text(encoding="utf-8") + processor
    result = load_text(text, file="test.yaml")
    assert result.declaration is not None, result.errors
    assert routes_for(result.declaration, "email").exception_activities == (
        "existing_customer_marketing",
    )


def test_an_unknown_channel_is_refused():
    with pytest.raises(ValueError, match="channel: 'fax'"):
        routes_for(_declaration(), "fax")


def test_the_demo_declaration_opens_email_by_consent_and_exception_and_sms_by_consent():
    demo = load_file(DECLARATION_PATH.parents[4] / "examples" / "demo.yaml")
    assert demo.declaration is not None
    email = routes_for(demo.declaration, "email")
    assert email.consent_purposes == ("newsletter",)
    assert email.exception_activities == ("customer_offers",)
    sms = routes_for(demo.declaration, "sms")
    assert (sms.consent_purposes, sms.exception_activities) == (("sms_offers",), ())

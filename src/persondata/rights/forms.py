"""The privacy center's forms for rights requests."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from persondata.rights.checks import MAX_MESSAGE, MAX_NAME
from persondata.rights.models import RightsRequest
from persondata.subjects.validation import find_card_number

KIND_LABELS = {
    RightsRequest.Kind.ACCESS: _("See the data you hold about me (access)"),
    RightsRequest.Kind.RECTIFICATION: _("Correct data about me (rectification)"),
    RightsRequest.Kind.ERASURE: _("Erase data about me (erasure)"),
    RightsRequest.Kind.RESTRICTION: _("Restrict the processing of my data (restriction)"),
    RightsRequest.Kind.PORTABILITY: _("Receive my data to take elsewhere (portability)"),
    RightsRequest.Kind.OBJECTION: _("Object to the processing of my data (objection)"),
    RightsRequest.Kind.CONSENT_WITHDRAWAL: _("Withdraw a consent I have given"),
}


class RequestForm(forms.Form):
    """A request as a person writes it: what they want, who they are, and in their own words."""

    kind = forms.ChoiceField(
        label=_("What do you want us to do?"), choices=list(KIND_LABELS.items())
    )
    name = forms.CharField(label=_("Your name"), max_length=MAX_NAME)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send a link to this address to confirm that the request comes from you."),
    )
    message = forms.CharField(
        label=_("Anything you want to add (optional)"),
        max_length=MAX_MESSAGE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_name(self) -> str:
        return _without_card_number(self.cleaned_data["name"])

    def clean_message(self) -> str:
        return _without_card_number(self.cleaned_data["message"])


def _without_card_number(text: str) -> str:
    if find_card_number(text):
        raise forms.ValidationError(
            _("Please do not write a card number here; remove it and send the form again.")
        )
    return text


class EmailForm(forms.Form):
    """The address the answer was sent to, asked again before a download."""

    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)

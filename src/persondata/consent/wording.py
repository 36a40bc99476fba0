"""The words of the public consent pages (privacy center and unsubscribe
links), in Danish and English. A page is in the language of its address
(privacy center) or of the subject (unsubscribe links)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "da": {
        "center_title": "Dine samtykker",
        "center_intro": (
            "Skriv den e-mailadresse, du har givet os. Vi sender et link, som viser dine "
            "samtykker og lader dig give eller tilbagekalde hvert af dem."
        ),
        "email_label": "E-mailadresse",
        "send_button": "Send mig et link",
        "invalid_email": "Skriv en e-mailadresse, for eksempel navn@eksempel.dk.",
        "sent_title": "Tjek din e-mail",
        "sent_text": (
            "Hvis vi har din adresse, har vi sendt dig et link. Det virker én gang og i "
            "{hours} timer."
        ),
        "confirm_title": "Vis dine samtykker",
        "confirm_text": "Tryk på knappen for at se dine samtykker.",
        "confirm_button": "Vis mine samtykker",
        "link_unusable_title": "Linket kan ikke bruges",
        "link_unusable_text": (
            "Linket er udløbet eller allerede brugt. Bed om et nyt link på siden Dine samtykker."
        ),
        "start_again": "Bed om et nyt link",
        "session_over": "Din adgang er udløbet. Bed om et nyt link.",
        "nothing_held": "Vi har ingen samtykker registreret for denne adresse.",
        "given_on": "Du gav samtykke den {date} til denne tekst (version {version}):",
        "withdrawn_on": "Du tilbagekaldte dit samtykke den {date}.",
        "never_given": "Du har ikke givet samtykke.",
        "newer_text": "Teksten er ændret siden. Den nye tekst (version {version}) er:",
        "give_button": "Giv samtykke",
        "withdraw_button": "Tilbagekald samtykke",
        "no_longer_used": "Vi bruger ikke længere dette samtykke.",
        "objected_on": (
            "Du gjorde den {date} indsigelse mod direkte markedsføring. Vi sender dig ingen "
            "markedsføring, heller ikke hvis du giver samtykke herunder."
        ),
        "lift_button": "Jeg vil gerne modtage markedsføring igen",
        "object_text": "Du kan altid sige nej til al direkte markedsføring fra os.",
        "object_button": "Jeg vil ikke modtage markedsføring",
        "done_give": "Tak. Dit samtykke er registreret.",
        "done_withdraw": "Dit samtykke er tilbagekaldt fra nu af.",
        "done_object": "Din indsigelse er registreret. Du får ikke mere markedsføring fra os.",
        "done_lift": "Din indsigelse er ophævet.",
        "unsubscribe_title": "Afmeld",
        "unsubscribe_question": "Vil du tilbagekalde dit samtykke til dette?",
        "unsubscribe_button": "Ja, afmeld mig",
        "unsubscribed": "Du er afmeldt. Dit samtykke er tilbagekaldt fra nu af.",
        "already_unsubscribed": "Du er allerede afmeldt.",
        "refuse_question": "Vil du sige nej til al markedsføring fra os?",
        "refuse_button": "Ja, send mig ingen markedsføring",
        "refused": "Din indsigelse er registreret. Du får ikke mere markedsføring fra os.",
        "invalid_link_title": "Linket er ikke gyldigt",
        "invalid_link_text": (
            "Dette link er ikke gyldigt. Intet er ændret. Kontakt os, hvis du vil afmelde dig."
        ),
    },
    "en": {
        "center_title": "Your consents",
        "center_intro": (
            "Enter the e-mail address you gave us. We will send you a link that shows your "
            "consents and lets you give or withdraw each of them."
        ),
        "email_label": "E-mail address",
        "send_button": "Send me a link",
        "invalid_email": "Enter an e-mail address, for example name@example.com.",
        "sent_title": "Check your e-mail",
        "sent_text": (
            "If we have your address, we have sent you a link. It works once and for {hours} hours."
        ),
        "confirm_title": "Show your consents",
        "confirm_text": "Press the button to see your consents.",
        "confirm_button": "Show my consents",
        "link_unusable_title": "The link cannot be used",
        "link_unusable_text": (
            "The link has expired or was already used. Ask for a new link on the Your consents "
            "page."
        ),
        "start_again": "Ask for a new link",
        "session_over": "Your access has expired. Ask for a new link.",
        "nothing_held": "We hold no consents for this address.",
        "given_on": "You consented on {date} to this text (version {version}):",
        "withdrawn_on": "You withdrew your consent on {date}.",
        "never_given": "You have not consented.",
        "newer_text": "The text has changed since. The new text (version {version}) is:",
        "give_button": "Give consent",
        "withdraw_button": "Withdraw consent",
        "no_longer_used": "We no longer use this consent.",
        "objected_on": (
            "On {date} you objected to direct marketing. We send you no marketing, even if you "
            "consent below."
        ),
        "lift_button": "I want to receive marketing again",
        "object_text": "You can always say no to all direct marketing from us.",
        "object_button": "I do not want marketing",
        "done_give": "Thank you. Your consent is recorded.",
        "done_withdraw": "Your consent is withdrawn from now on.",
        "done_object": "Your objection is recorded. You will get no more marketing from us.",
        "done_lift": "Your objection is lifted.",
        "unsubscribe_title": "Unsubscribe",
        "unsubscribe_question": "Do you want to withdraw your consent to this?",
        "unsubscribe_button": "Yes, unsubscribe me",
        "unsubscribed": "You are unsubscribed. Your consent is withdrawn from now on.",
        "already_unsubscribed": "You are already unsubscribed.",
        "refuse_question": "Do you want to say no to all marketing from us?",
        "refuse_button": "Yes, send me no marketing",
        "refused": "Your objection is recorded. You will get no more marketing from us.",
        "invalid_link_title": "This link is not valid",
        "invalid_link_text": (
            "This link is not valid. Nothing was changed. Contact us if you want to unsubscribe."
        ),
    },
}


def words(language: str) -> dict[str, str]:
    """The texts in ``language``; Danish for anything but ``en``."""
    return TEXTS["en" if language == "en" else "da"]

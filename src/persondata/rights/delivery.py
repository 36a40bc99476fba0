"""Delivering an answer: the download link, and the download itself.

The answer's files are bundled in one zip, stored encrypted, with a random
download token of which only the SHA-256 is kept. The link is e-mailed to
the verified address and expires after ANSWER_LINK_DAYS. Downloading needs
the token and, at that moment, a fresh one-time link to the same verified
address (``email_links``), so a forwarded or intercepted answer mail alone
opens nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from persondata.lib.refusals import KeyOrLabel
from persondata.rights import mail
from persondata.rights.actions import audit_request, locked, step
from persondata.rights.answer_files import new_token, read_document, store_document, zip_files
from persondata.rights.checks import RightsError, clean_choice
from persondata.rights.models import AnswerDocument, RequestStep, RightsRequest

# How long the download link of an answer works.
ANSWER_LINK_DAYS = 30
Status = RightsRequest.Status


def answer_path(token: str, language: str) -> str:
    """The privacy-center path of an answer's download page, in ``language``."""
    name = "rights:answer_en" if language == "en" else "rights:answer_da"
    return reverse(name, kwargs={"token": token})


def answer_request(
    *, actor: str, rights_request: RightsRequest, delivery: str = "link"
) -> RightsRequest:
    """Deliver the answer of a carried-out request.

    ``delivery="link"``: the answer's files are bundled in one zip with a
    download link that expires after ANSWER_LINK_DAYS, e-mailed to the
    verified address; downloading needs a fresh one-time link to that same
    address. ``delivery="post"``: staff send the files by letter (``persondata
    requests documents``); no link is made. An answered request may be
    answered again (a new link, e.g. after the first expired). Raises
    RightsError when the request is not carried out, has no files, or (for
    a link) has no verified e-mail address.
    """
    clean_choice(delivery, field="delivery", choices=["link", "post"])
    with transaction.atomic():
        current = locked(rights_request)
        if current.status not in (Status.EXECUTED, Status.ANSWERED):
            raise RightsError(
                gettext_lazy("request %(id)s is %(status)s; carry it out before answering"),
                id=current.pk,
                status=KeyOrLabel(current.status, current.get_status_display()),
            )
        files = list(current.documents.filter(is_bundle=False, purged_at__isnull=True))
        if not files:
            raise RightsError(
                gettext_lazy("request %(id)s has no answer files to deliver"), id=current.pk
            )
        detail: dict[str, object] = {"delivery": delivery, "documents": [f.name for f in files]}
        if delivery == "link":
            if not current.verified_email:
                raise RightsError(
                    gettext_lazy(
                        "request %(id)s has no verified e-mail address to send the link to; "
                        "deliver it by post (delivery 'post')"
                    ),
                    id=current.pk,
                )
            token, hashed = new_token()
            expires = timezone.now() + timedelta(days=ANSWER_LINK_DAYS)
            bundle = store_document(
                current,
                name=f"answer-{current.pk}-{timezone.localdate().isoformat()}.zip",
                fmt=AnswerDocument.Format.ZIP,
                content=zip_files([(f.name, read_document(f)) for f in files]),
                bundle=True,
            )
            AnswerDocument.objects.filter(pk=bundle.pk).update(
                token_hash=hashed, expires_at=expires
            )
            detail["expires_at"] = expires.isoformat()
        current.status = Status.ANSWERED
        current.save(update_fields=["status"])
        step(current, RequestStep.Kind.ANSWERED, actor=actor, detail=detail)
        audit_request(current, "answer", actor=actor, details=detail)
        if delivery == "link":
            url = mail.public_url(answer_path(token, current.language))
            mail.send_answer_link(current, to=current.verified_email, url=url, expires_at=expires)
    return current


def record_download(*, actor: str, bundle: AnswerDocument) -> AnswerDocument:
    """Record that the person downloaded the answer (the first time sets ``downloaded_at``)."""
    with transaction.atomic():
        document = AnswerDocument.objects.select_for_update().get(pk=bundle.pk)
        if document.downloaded_at is None:
            document.downloaded_at = timezone.now()
            document.save(update_fields=["downloaded_at"])
        current = RightsRequest.objects.select_related("subject").get(pk=document.request_id)
        step(current, RequestStep.Kind.DOWNLOADED, actor=actor, detail={"document": document.pk})
        audit_request(current, "download", actor=actor, details={"document": document.pk})
    return document

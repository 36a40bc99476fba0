"""The records of processing activities (GDPR Art. 30) and the recipient register.

Three tables, built from the declaration alone (no database):

- ``controller_record``: Art. 30(1)(a)-(g), one row per activity the
  company carries out as controller.
- ``processor_record``: Art. 30(2)(a)-(d), one row per (client controller,
  activity) for activities with ``role: processor``, sorted so the rows of
  each client controller stand together.
- ``recipient_register``: every recipient with its role, service, country,
  data processing agreement (Art. 28(3)) and transfer safeguard.

Cells are plain text; a cell with several entries puts each on its own line.
``spreadsheets.py`` writes the tables as XLSX and CSV, ``records.html`` as HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from persondata.documents.countries import country_name, is_third_country
from persondata.documents.gdpr_wording import (
    legal_basis_short,
    role_words,
    safeguard_short,
    special_basis_words,
)
from persondata.documents.labels import category_label, sensitivity_of, subject_label
from persondata.documents.phrasing import upper_first
from persondata.documents.retention_wording import describe_retention
from persondata.policy.schema import Activity, Declaration, Recipient

KINDS = ("controller", "processor")


@dataclass(frozen=True)
class RecordTable:
    """A titled table; ``group_column`` is the column whose equal values form a group."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    sheet_name: str
    group_column: int | None = None


def controller_record(declaration: Declaration, lang: str) -> RecordTable:
    """The Art. 30(1) record: one row per controller activity, one column per item (a)-(g)."""
    with translation.override(lang):
        header = (
            _("Processing activity"),
            _("Controller (Art. 30(1)(a))"),
            _("Data protection officer (Art. 30(1)(a))"),
            _("Purposes (Art. 30(1)(b))"),
            _("Legal basis (Art. 6 and 9)"),
            _("Categories of data subjects (Art. 30(1)(c))"),
            _("Categories of personal data (Art. 30(1)(c))"),
            _("Categories of recipients (Art. 30(1)(d))"),
            _("Transfers to third countries (Art. 30(1)(e))"),
            _("Time limits for erasure (Art. 30(1)(f))"),
            _("Security measures (Art. 30(1)(g))"),
        )
        controller = _controller_cell(declaration)
        dpo = _dpo_cell(declaration)
        security = _security_cell(declaration, lang)
        rows = tuple(
            (
                activity.name.get(lang),
                controller,
                dpo,
                _purpose_cell(activity, lang),
                _legal_basis_cell(activity),
                _lines(subject_label(key, lang, declaration) for key in activity.subjects),
                _categories_cell(activity, lang, declaration),
                _recipients_cell(activity, lang, declaration),
                _transfers_cell(activity, lang, declaration),
                _lines(describe_retention(activity, lang, declaration)),
                security,
            )
            for activity in declaration.controller_activities.values()
        )
        return RecordTable(
            title=_("Record of processing activities (controller, Art. 30(1))"),
            header=header,
            rows=rows,
            sheet_name=_("Controller record"),
        )


def processor_record(declaration: Declaration, lang: str) -> RecordTable:
    """The Art. 30(2) record: one row per client controller and activity, grouped by client.

    An activity without ``on_behalf_of`` (which the lint rules refuse) gets a
    row with an empty client cell rather than disappearing.
    """
    with translation.override(lang):
        header = (
            _("Controller on whose behalf we act (Art. 30(2)(a))"),
            _("Processor (Art. 30(2)(a))"),
            _("Data protection officer (Art. 30(2)(a))"),
            _("Categories of processing (Art. 30(2)(b))"),
            _("Categories of data subjects"),
            _("Categories of personal data"),
            _("Sub-processors"),
            _("Transfers to third countries (Art. 30(2)(c))"),
            _("Time limits for erasure"),
            _("Security measures (Art. 30(2)(d))"),
        )
        processor = _controller_cell(declaration)
        dpo = _dpo_cell(declaration)
        security = _security_cell(declaration, lang)
        rows = []
        for activity in declaration.processor_activities.values():
            for client in activity.on_behalf_of or [""]:
                rows.append(
                    (
                        client,
                        processor,
                        dpo,
                        _purpose_cell(activity, lang),
                        _lines(subject_label(key, lang, declaration) for key in activity.subjects),
                        _categories_cell(activity, lang, declaration),
                        _recipients_cell(activity, lang, declaration),
                        _transfers_cell(activity, lang, declaration),
                        _lines(describe_retention(activity, lang, declaration)),
                        security,
                    )
                )
        rows.sort(key=lambda row: row[0].casefold())
        return RecordTable(
            title=_("Record of processing activities (processor, Art. 30(2))"),
            header=header,
            rows=tuple(rows),
            sheet_name=_("Processor record"),
            group_column=0,
        )


def recipient_register(declaration: Declaration, lang: str) -> RecordTable:
    """Every declared recipient, processors first, with DPA date and transfer safeguard."""
    with translation.override(lang):
        header = (
            _("Recipient"),
            _("Role"),
            _("CVR number"),
            _("Service"),
            _("Country"),
            _("Outside the EU/EEA"),
            _("Data processing agreement signed (Art. 28(3))"),
            _("Transfer safeguard"),
            _("Used for"),
        )
        order = {"processor": 0, "joint_controller": 1, "controller": 2, "authority": 3}
        ordered = sorted(declaration.recipients.items(), key=lambda kv: order[kv[1].role])
        rows = tuple(
            _recipient_row(key, recipient, lang, declaration) for key, recipient in ordered
        )
        return RecordTable(
            title=_("Register of recipients and processors"),
            header=header,
            rows=rows,
            sheet_name=_("Recipients"),
        )


def record_for(kind: str, declaration: Declaration, lang: str) -> RecordTable:
    """The Art. 30 record of ``kind`` ("controller" or "processor"); ValueError otherwise."""
    if kind == "controller":
        return controller_record(declaration, lang)
    if kind == "processor":
        return processor_record(declaration, lang)
    raise ValueError(f"no record of kind {kind!r}; choose 'controller' or 'processor'")


def _lines(values: Iterable[str]) -> str:
    return "\n".join(v for v in values if v)


def _controller_cell(declaration: Declaration) -> str:
    c = declaration.controller
    cvr = _("CVR %(cvr)s") % {"cvr": c.cvr} if c.cvr else ""
    return _lines([c.name, cvr, c.address, c.email, c.phone or "", c.website or ""])


def _dpo_cell(declaration: Declaration) -> str:
    dpo = declaration.controller.dpo
    if dpo is None:
        return _("None appointed")
    return _lines([dpo.name, dpo.email, dpo.phone or ""])


def _security_cell(declaration: Declaration, lang: str) -> str:
    measures = declaration.controller.security_measures
    if not measures:
        return _("Not described in the declaration")
    return _lines(m.get(lang) for m in measures)


def _purpose_cell(activity: Activity, lang: str) -> str:
    if activity.description is None:
        return activity.name.get(lang)
    return activity.description.get(lang)


def _legal_basis_cell(activity: Activity) -> str:
    lines = [upper_first(legal_basis_short(basis)) for basis in activity.legal_bases]
    if activity.special_basis:
        lines.append(upper_first(special_basis_words(activity.special_basis)))
    return _lines(lines)


def _categories_cell(activity: Activity, lang: str, declaration: Declaration) -> str:
    lines = []
    for key in activity.data:
        label = category_label(key, lang, declaration)
        level = sensitivity_of(key, declaration)
        if level == "special":
            label = _("%(category)s (special category, Art. 9)") % {"category": label}
        elif level == "criminal":
            label = _("%(category)s (criminal offences, Art. 10)") % {"category": label}
        elif level == "confidential":
            label = _("%(category)s (confidential)") % {"category": label}
        elif level == "national_id" and "CPR" not in label:
            label = _("%(category)s (CPR number)") % {"category": label}
        lines.append(label)
    return _lines(lines)


def _recipients_cell(activity: Activity, lang: str, declaration: Declaration) -> str:
    if not activity.recipients:
        return _("None")
    lines = []
    for key in activity.recipients:
        recipient = declaration.recipients.get(key)
        if recipient is None:
            lines.append(key)
            continue
        lines.append(
            _("%(name)s (%(role)s, %(country)s)")
            % {
                "name": recipient.name.get(lang),
                "role": role_words(recipient.role),
                "country": country_name(recipient.country),
            }
        )
    return _lines(lines)


def _transfers_cell(activity: Activity, lang: str, declaration: Declaration) -> str:
    lines = []
    for key in activity.recipients:
        recipient = declaration.recipients.get(key)
        if recipient is None or not is_third_country(recipient.country):
            continue
        lines.append(
            _("%(name)s, %(country)s: %(safeguard)s")
            % {
                "name": recipient.name.get(lang),
                "country": country_name(recipient.country),
                "safeguard": safeguard_short(recipient.transfer_safeguard)
                or _("no safeguard declared"),
            }
        )
    return _lines(lines) or _("None")


def _recipient_row(
    key: str, recipient: Recipient, lang: str, declaration: Declaration
) -> tuple[str, ...]:
    third = is_third_country(recipient.country)
    used_for = [a.name.get(lang) for a in declaration.activities.values() if key in a.recipients]
    if recipient.dpa_signed is not None:
        dpa = recipient.dpa_signed.isoformat()
    elif recipient.role == "processor":
        dpa = _("Missing")
    else:
        dpa = _("Not applicable")
    return (
        recipient.name.get(lang),
        role_words(recipient.role),
        recipient.cvr or "",
        recipient.service.get(lang) if recipient.service else "",
        upper_first(country_name(recipient.country)),
        _("Yes") if third else _("No"),
        dpa,
        safeguard_short(recipient.transfer_safeguard) if third else _("Not applicable"),
        _lines(used_for),
    )

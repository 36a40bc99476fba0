"""Plausible Danish values for the demo register; no database.

``DemoValues`` draws every value from one seeded ``random.Random`` and one
seeded Faker (locale da_DK), so the same seed gives the same values. It
makes identifiers the register will accept: CPR numbers whose birth date
exists (with the 7th digit's century rule), CVR numbers with a valid check
digit, Danish phone numbers that ``phonenumbers`` accepts, unique e-mail
addresses on reserved example domains (RFC 2606), and card records masked
to their last four digits. A value for a data category is chosen from the
category's own key words first (``dk.family_relations``), then from the
nearest fideslang ancestor, then from its label.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import phonenumbers
from faker import Faker

from persondata.policy.schema import Declaration
from persondata.policy.taxonomy import UnknownKeyError, category_ancestors, category_label

PRIVATE_DOMAINS = ("example.com", "example.net", "example.org")
_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


@dataclass(frozen=True)
class Person:
    """Who a demo subject is: name, identifiers and the organisation they work for."""

    name: str
    email: str
    phone: str
    cpr: str
    born: date
    organisation: str | None = None


def ascii_slug(text: str, sep: str = ".") -> str:
    """``"Søren Ærø"`` -> ``"soeren.aeroe"``: letters and digits only, for addresses."""
    plain = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    words = "".join(c if c.isalnum() else " " for c in plain if c.isascii()).lower().split()
    return sep.join(words) or "person"


def cvr_check_ok(cvr: str) -> bool:
    """True if the 8 digits pass the CVR modulus-11 check."""
    return (
        len(cvr) == 8
        and cvr.isdigit()
        and sum(w * int(d) for w, d in zip(_CVR_WEIGHTS, cvr, strict=True)) % 11 == 0
    )


class DemoValues:
    """Seeded makers of people, organisations and record values (see the module docstring)."""

    def __init__(self, *, seed: int, today: date) -> None:
        # Demo data, not secrets: a seeded generator is the point (same seed, same register).
        self.rng = random.Random(seed)  # noqa: S311
        self.fake = Faker("da_DK")
        self.fake.seed_instance(seed)
        self.today = today
        self._emails: set[str] = set()
        self._cprs: set[str] = set()
        self._cvrs: set[str] = set()

    # -- dates -----------------------------------------------------------------

    def day_between(self, start: date, end: date) -> date:
        """A day from ``start`` through ``end`` (``start`` when they cross)."""
        span = (end - start).days
        return start + timedelta(days=self.rng.randint(0, span)) if span > 0 else start

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    # -- identifiers -----------------------------------------------------------

    def phone(self) -> str:
        """A Danish number in E.164 that phonenumbers accepts (mobiles mostly)."""
        while True:
            first = self.rng.choice("222233334456789")
            digits = first + "".join(str(self.rng.randint(0, 9)) for _ in range(7))
            number = phonenumbers.parse("+45" + digits)
            if phonenumbers.is_valid_number(number):
                return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def cpr(self, born: date) -> str:
        """A CPR number (10 digits) for ``born``, unique within this generator.

        The 7th digit follows the century rule (0-3: 1900-1999; 4: 2000-2036),
        so ``stdnum`` reads the birth date back.
        """
        while True:
            seventh = str(self.rng.randint(0, 3)) if born.year < 2000 else "4"
            serial = seventh + "".join(str(self.rng.randint(0, 9)) for _ in range(3))
            number = born.strftime("%d%m%y") + serial
            if number not in self._cprs:
                self._cprs.add(number)
                return number

    def cvr(self) -> str:
        """A CVR number with a valid check digit, unique within this generator."""
        while True:
            number = str(self.rng.randint(10_000_000, 99_999_999))
            if cvr_check_ok(number) and number not in self._cvrs:
                self._cvrs.add(number)
                return number

    def email(self, name: str, domain: str | None = None) -> str:
        """``first.last@domain``, numbered when taken; private people get an example domain."""
        local = ascii_slug(name)
        host = domain or self.rng.choice(PRIVATE_DOMAINS)
        candidate = f"{local}@{host}"
        number = 1
        while candidate in self._emails:
            number += 1
            candidate = f"{local}{number}@{host}"
        self._emails.add(candidate)
        return candidate

    def person(self, *, organisation: str | None = None) -> Person:
        name = self.fake.name()
        born = self.day_between(date(1945, 1, 1), self.today.replace(year=self.today.year - 18))
        domain = f"{ascii_slug(organisation, '-')}.example" if organisation else None
        return Person(
            name=name,
            email=self.email(name, domain),
            phone=self.phone(),
            cpr=self.cpr(born),
            born=born,
            organisation=organisation,
        )

    def company(self) -> str:
        return str(self.fake.company())

    # -- record values ---------------------------------------------------------

    def value(self, category: str, declaration: Declaration, who: Person, *, on: date) -> str:
        """A plausible value of ``category`` about ``who``, as of the day ``on``."""
        leaf = category.rsplit(".", 1)[-1]
        for word, by_word in _BY_WORD:
            if word in leaf:
                return by_word(self, who, on)
        try:
            chain = [category, *category_ancestors(category, declaration)]
        except UnknownKeyError:
            chain = [category]
        for key in chain:
            maker = _BY_KEY.get(key)
            if maker is not None:
                return maker(self, who, on)
        try:
            label = category_label(category, "da", declaration)
        except UnknownKeyError:
            label = category
        return f"{label}: oplyst {on.isoformat()}"

    def _address(self, who: Person, on: date) -> str:
        return f"{self.fake.street_address()}, {self.fake.postcode()} {self.fake.city()}"

    def _organisation(self, who: Person, on: date) -> str:
        return who.organisation or self.company()

    def _username(self, who: Person, on: date) -> str:
        return f"{ascii_slug(who.name, '')[:12]}{self.rng.randint(1, 99)}"

    def _purchases(self, who: Person, on: date) -> str:
        items = ["Hosting Basis", "Hosting Pro", "IT-support 10 timer", "Backup 100 GB", "Domæne"]
        picked = self.rng.sample(items, k=self.rng.randint(1, 3))
        amount = self.rng.randint(2, 90) * 100 - 5
        return f"{on.isoformat()}: {', '.join(picked)}; i alt {amount} kr. inkl. moms"

    def _pages(self, who: Person, on: date) -> str:
        pages = ["/", "/priser", "/kontakt", "/blog/sikkerhed", "/om-os", "/support", "/job"]
        return f"{on.isoformat()}: " + " -> ".join(self.rng.sample(pages, k=3))

    def _ip(self, who: Person, on: date) -> str:
        return str(self.fake.ipv4_public())

    def _device(self, who: Person, on: date) -> str:
        browser = self.rng.choice(["Firefox", "Chrome", "Safari", "Edge"])
        system = self.rng.choice(["Windows 11", "macOS", "Android", "iOS"])
        return f"{browser} på {system}"

    def _born(self, who: Person, on: date) -> str:
        return who.born.isoformat()

    def _card(self, who: Person, on: date) -> str:
        return f"**** **** **** {self.rng.randint(0, 9999):04d}"

    def _bank(self, who: Person, on: date) -> str:
        return (
            f"Reg.nr. {self.rng.randint(1000, 9899)}, "
            f"kontonr. {self.rng.randint(1_000_000, 99_999_999):010d}"
        )

    def _payment(self, who: Person, on: date) -> str:
        return (
            f"Faktura {self.rng.randint(10000, 99999)} betalt {on.isoformat()} "
            f"med {self.rng.choice(['bankoverførsel', 'MobilePay', 'kort'])}"
        )

    def _tax_card(self, who: Person, on: date) -> str:
        return (
            f"Hovedkort fra {on.year}: trækprocent {self.rng.randint(35, 42)} %, "
            f"fradrag {self.rng.randint(30, 60) * 100} kr. om måneden"
        )

    def _health(self, who: Person, on: date) -> str:
        need = self.rng.choice(
            ["høreapparat", "gangstativ", "nedsat syn", "allergi over for latex"]
        )
        return f"Oplyst {on.isoformat()}: {need}; tages hensyn til ved levering"

    def _sick_leave(self, who: Person, on: date) -> str:
        return f"Sygemeldt {self.rng.randint(1, 10)} dag(e) fra {on.isoformat()}"

    def _criminal(self, who: Person, on: date) -> str:
        return f"Straffeattest uden anmærkninger, udstedt {on.isoformat()}"

    def _family(self, who: Person, on: date) -> str:
        relation = self.rng.choice(["ægtefælle", "samlever", "mor", "far", "søster", "bror"])
        return f"Nærmeste pårørende: {self.fake.name()} ({relation}), tlf. {self.phone()}"

    def _union(self, who: Person, on: date) -> str:
        union = self.rng.choice(["HK Privat", "Dansk Metal", "PROSA", "IDA", "3F"])
        return f"Medlem af {union}; kontingent trækkes over lønnen"

    def _social(self, who: Person, on: date) -> str:
        return f"Oplyst {on.isoformat()}: svær økonomisk situation, aftalt afdragsordning"

    def _attorney(self, who: Person, on: date) -> str:
        return f"Fuldmagt til {self.fake.name()} fra {on.isoformat()}"

    def _call(self, who: Person, on: date) -> str:
        seconds = self.rng.randint(40, 1200)
        number = self.rng.randint(1000, 9999)
        return (
            f"Opkald {on.isoformat()}, {seconds // 60} min. {seconds % 60} sek., "
            f"fil opkald-{number}.opus"
        )

    def _ticket(self, who: Person, on: date) -> str:
        topic = self.rng.choice(
            ["kan ikke logge ind", "mail bliver ikke leveret", "ønsker mere diskplads", "faktura"]
        )
        return f"Sag #{self.rng.randint(10000, 99999)} ({on.isoformat()}): {topic}"

    def _application(self, who: Person, on: date) -> str:
        role = self.rng.choice(["driftstekniker", "supporter", "udvikler", "projektleder"])
        return f"Ansøgning som {role} med CV, modtaget {on.isoformat()}"

    def _note(self, who: Person, on: date) -> str:
        return f"Notat {on.isoformat()}: {self.fake.sentence(nb_words=8)}"


_Maker = Callable[[DemoValues, Person, date], str]
_BY_WORD: tuple[tuple[str, _Maker], ...] = (
    ("family", DemoValues._family),
    ("union", DemoValues._union),
    ("social", DemoValues._social),
    ("attorney", DemoValues._attorney),
    ("sick", DemoValues._sick_leave),
    ("tax", DemoValues._tax_card),
    ("criminal", DemoValues._criminal),
    ("call", DemoValues._call),
    ("recording", DemoValues._call),
    ("ticket", DemoValues._ticket),
    ("support", DemoValues._ticket),
    ("application", DemoValues._application),
)
_BY_KEY: dict[str, _Maker] = {
    "user.name": lambda self, who, on: who.name,
    "user.contact.email": lambda self, who, on: who.email,
    "user.contact.phone_number": lambda self, who, on: who.phone,
    "user.contact.address": DemoValues._address,
    "user.contact.organization": DemoValues._organisation,
    "user.contact": DemoValues._address,
    "user.job_title": lambda self, who, on: str(self.fake.job()),
    "user.account": DemoValues._username,
    "user.behavior.purchase_history": DemoValues._purchases,
    "user.behavior.browsing_history": DemoValues._pages,
    "user.behavior": DemoValues._pages,
    "user.device.ip_address": DemoValues._ip,
    "user.device": DemoValues._device,
    "user.government_id": lambda self, who, on: who.cpr,
    "user.demographic.date_of_birth": DemoValues._born,
    "user.financial.credit_card": DemoValues._card,
    "user.financial.bank_account": DemoValues._bank,
    "user.financial": DemoValues._bank,
    "user.payment": DemoValues._payment,
    "user.health_and_medical": DemoValues._health,
    "user.criminal_history": DemoValues._criminal,
    "user.content": DemoValues._note,
    "user": DemoValues._note,
}

"""Django finds the rights app's Danish catalogue (the catalogue itself is
checked with every other one in documents/tests/test_danish_catalogue.py)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _


def test_django_finds_the_catalogue():
    with translation.override("da"):
        assert _("Use your rights") == "Brug dine rettigheder"
        assert _("What we keep, why and until when") == "Hvad vi opbevarer, hvorfor og hvor længe"

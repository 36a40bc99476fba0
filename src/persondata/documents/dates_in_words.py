"""Dates as a document prints them: "1. juli 2025" in Danish, "1 July 2025" in English."""

from __future__ import annotations

from datetime import date

from django.utils import dateformat, translation


def date_in_words(day: date, lang: str) -> str:
    """``day`` with the month's name in ``lang`` (Django's own month names)."""
    with translation.override(lang):
        return dateformat.format(day, "j. F Y" if lang == "da" else "j F Y")

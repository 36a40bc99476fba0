"""PDF through WeasyPrint, from the same HTML as the web page (A4, page numbers,
the controller's name in the running header; the rules are in documents.css).

WeasyPrint needs the Pango libraries of the operating system. When they are
missing, importing it raises OSError (or ImportError when WeasyPrint itself is
absent); ``PdfUnavailable`` then says what to install instead of a traceback.
No resource is ever fetched while rendering: the style sheet is passed in and
every URL in the document is refused, so a declaration cannot make the server
fetch anything.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from persondata.documents.privacy_policy import PrivacyPolicy
from persondata.documents.rendering import render_policy_html, style_sheet_text

INSTALL_HINT = (
    "PDF output needs WeasyPrint and the Pango libraries. On Debian or Ubuntu run "
    "'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0', then "
    "'.venv/bin/pip install weasyprint' (make install does the second step)."
)


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are not installed."""


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"documents never load external resources (asked for {url!r})")


def html_to_pdf(html: str) -> bytes:
    """Render ``html`` with the documents' style sheet as an A4 PDF.

    Raises PdfUnavailable, naming what to install, when WeasyPrint cannot be
    imported.
    """
    with _quiet_font_warnings():
        try:
            # Imported here, not at the top, so that missing Pango libraries become a message.
            import weasyprint
        except (ImportError, OSError) as exc:
            raise PdfUnavailable(f"{INSTALL_HINT} (the import failed: {exc})") from None
        stylesheet = weasyprint.CSS(string=style_sheet_text())
        document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch, base_url=".")
        result: bytes = document.write_pdf(stylesheets=[stylesheet])
    return result


@contextmanager
def _quiet_font_warnings() -> Iterator[None]:
    """Hide WeasyPrint's notes about fonts and future libraries; they are not the user's concern."""
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning, module="weasyprint")
            yield
    finally:
        logger.setLevel(level)


def render_policy_pdf(policy: PrivacyPolicy) -> bytes:
    """The policy as a PDF. Raises PdfUnavailable when WeasyPrint cannot run."""
    return html_to_pdf(render_policy_html(policy, for_pdf=True))

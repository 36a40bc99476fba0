"""The REST API, version 1: ``/api/v1/``, OpenAPI at ``/api/v1/openapi.json``
and its documentation at ``/api/v1/docs``.

Every operation needs an API key with the operation's scope
(``api/auth.py``); errors are JSON (``api/errors.py``). The documentation
page loads its scripts from persondata's own static files, not from a CDN.
"""

from __future__ import annotations

from ninja import NinjaAPI

from persondata.api import consent, marketing, requests, retention, subjects
from persondata.api.errors import install_error_handlers

api = NinjaAPI(
    title="persondata API",
    version="1",
    description=(
        "The register of data subjects and the retention plan of persondata. "
        "Authenticate with 'Authorization: Bearer <API key>'; keys are created with "
        "'persondata apikeys create NAME --scope read|write|erase'."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/subjects", subjects.router)
api.add_router("/retention", retention.router)
api.add_router("/marketing", marketing.router)
api.add_router("/consent", consent.router)
api.add_router("/subjects", consent.subject_router)
api.add_router("/requests", requests.router)
install_error_handlers(api)

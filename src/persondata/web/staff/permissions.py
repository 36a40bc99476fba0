"""Who may open which page: one table for every URL of the site.

``StaffAccessMiddleware`` looks up the rule of each request's URL name here
and refuses what the rule does not allow, before the view runs; a URL with
no rule is refused (403). ``web/staff/tests/test_authorization_matrix.py``
walks the URL conf and fails for a URL that has no rule, so that a new page
cannot be added without deciding who may use it.

An access level is one of:

- PUBLIC: anyone, no login (the privacy center, the privacy policy);
- LOGIN_STEP: a staff member between the password and the second factor;
- ANY_STAFF: any staff member who has passed both factors;
- SUPERUSER: a verified superuser (the Django admin site);
- API_KEY: decided by the API's own key check; a staff session counts for nothing;
- a capability of ``accounts/roles.py`` (``view_register``, ...), held by a
  verified staff member's role.

``get`` covers GET and HEAD, ``post`` every other method; None means the
page does not take that method.
"""

from __future__ import annotations

from dataclasses import dataclass

from persondata.accounts.roles import CAPABILITIES

PUBLIC = "public"
LOGIN_STEP = "login_step"
ANY_STAFF = "any_staff"
SUPERUSER = "superuser"
API_KEY = "api_key"
LEVELS = (PUBLIC, LOGIN_STEP, ANY_STAFF, SUPERUSER, API_KEY)


@dataclass(frozen=True)
class Rule:
    get: str | None
    post: str | None = None

    def __post_init__(self) -> None:
        for access in (self.get, self.post):
            if access is not None and access not in LEVELS and access not in CAPABILITIES:
                raise ValueError(f"{access!r} is neither an access level nor a capability")

    def for_method(self, method: str) -> str | None:
        """The access needed for an HTTP method, or None if the page does not take it."""
        if method in ("GET", "HEAD"):
            return self.get
        if method == "OPTIONS":
            return self.get
        return self.post


# URL name (namespace:name) -> rule. Keep it sorted by area.
RULES: dict[str, Rule] = {
    # The public privacy center and documents.
    "web:home": Rule(PUBLIC),
    "web:language": Rule(PUBLIC),
    "documents:policy_da": Rule(PUBLIC),
    "documents:policy_en": Rule(PUBLIC),
    "documents:policy_pdf_da": Rule(PUBLIC),
    "documents:policy_pdf_en": Rule(PUBLIC),
    "documents:policy_md_da": Rule(PUBLIC),
    "documents:policy_md_en": Rule(PUBLIC),
    "documents:policy_changes_da": Rule(PUBLIC),
    "documents:policy_changes_en": Rule(PUBLIC),
    "documents:record": Rule("view_declaration"),
    # The privacy center's forms: rights requests (the rights app) and
    # consents and unsubscribing (the consent app).
    "rights:request_da": Rule(PUBLIC, PUBLIC),
    "rights:request_en": Rule(PUBLIC, PUBLIC),
    "rights:request_sent_da": Rule(PUBLIC),
    "rights:request_sent_en": Rule(PUBLIC),
    "rights:verify_da": Rule(PUBLIC, PUBLIC),
    "rights:verify_en": Rule(PUBLIC, PUBLIC),
    "rights:answer_da": Rule(PUBLIC, PUBLIC),
    "rights:answer_en": Rule(PUBLIC, PUBLIC),
    "rights:download_da": Rule(PUBLIC),
    "rights:download_en": Rule(PUBLIC),
    "rights:download_confirm_da": Rule(PUBLIC, PUBLIC),
    "rights:download_confirm_en": Rule(PUBLIC, PUBLIC),
    "consent:unsubscribe": Rule(PUBLIC, PUBLIC),
    "consent:center_da": Rule(PUBLIC, PUBLIC),
    "consent:center_en": Rule(PUBLIC, PUBLIC),
    "consent:center_confirm_da": Rule(PUBLIC, PUBLIC),
    "consent:center_confirm_en": Rule(PUBLIC, PUBLIC),
    "consent:center_mine_da": Rule(PUBLIC, PUBLIC),
    "consent:center_mine_en": Rule(PUBLIC, PUBLIC),
    "documents:recipients": Rule("view_declaration"),
    # Logging in.
    "admin_login": Rule(PUBLIC),
    "staff:login": Rule(PUBLIC, PUBLIC),
    "staff:second_factor": Rule(LOGIN_STEP, LOGIN_STEP),
    "staff:enrol": Rule(LOGIN_STEP, LOGIN_STEP),
    "staff:logout": Rule(None, LOGIN_STEP),
    "staff:recovery_codes": Rule(ANY_STAFF, ANY_STAFF),
    # One's own account (only ever the logged-in user's).
    "staff:own_account": Rule(ANY_STAFF),
    "staff:password_change": Rule(ANY_STAFF, ANY_STAFF),
    # The staff pages.
    "staff:dashboard": Rule(ANY_STAFF),
    "staff:subjects": Rule("view_register"),
    "staff:subject": Rule("view_register"),
    "staff:subject_reveal": Rule(None, "read_sensitive"),
    "staff:subject_add_record": Rule("change_register", "change_register"),
    "staff:subject_record_event": Rule("change_register", "change_register"),
    "staff:subject_end_relationship": Rule("change_register", "change_register"),
    "staff:subject_set_hold": Rule("manage_legal_holds", "manage_legal_holds"),
    "staff:subject_lift_hold": Rule("manage_legal_holds", "manage_legal_holds"),
    "staff:subject_erase": Rule("erase_subjects", "erase_subjects"),
    "staff:requests": Rule("view_requests"),
    "staff:request_new": Rule("handle_requests", "handle_requests"),
    "staff:request": Rule("view_requests"),
    "staff:request_step": Rule(None, "handle_requests"),
    "staff:retention": Rule("view_retention"),
    "staff:declaration": Rule("view_declaration"),
    "staff:declaration_version": Rule("view_declaration"),
    "staff:declaration_upload": Rule("apply_declaration", "apply_declaration"),
    "staff:audit_verify": Rule(None, "view_audit"),
    "staff:accounts": Rule("manage_staff"),
    "staff:account_create": Rule("manage_staff", "manage_staff"),
    "staff:account": Rule("manage_staff", "manage_staff"),
}

# Whole namespaces governed by their own mechanism.
NAMESPACE_RULES: dict[str, Rule] = {
    "admin": Rule(SUPERUSER, SUPERUSER),
    "api-v1": Rule(API_KEY, API_KEY),
}


def rule_for(view_name: str | None) -> Rule | None:
    """The rule of a URL name, or None when the table has none (refuse it)."""
    if not view_name:
        return None
    rule = RULES.get(view_name)
    if rule is not None:
        return rule
    namespace = view_name.split(":", 1)[0] if ":" in view_name else ""
    return NAMESPACE_RULES.get(namespace)

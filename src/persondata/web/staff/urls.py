"""The staff web application under ``/staff/``; access rules in ``permissions.py``."""

from django.urls import path

from persondata.web.staff.views import (
    accounts,
    audit,
    dashboard,
    declaration,
    login,
    own_account,
    requests,
    retention,
    subject_actions,
    subjects,
)

app_name = "staff"
subject = "personer/<uuid:key>/"
urlpatterns = [
    path("login/", login.login_page, name="login"),
    path("login/kode/", login.second_factor, name="second_factor"),
    path("login/opsaetning/", login.enrol, name="enrol"),
    path("logout/", login.logout_page, name="logout"),
    path("gendannelseskoder/", login.recovery_codes, name="recovery_codes"),
    path("konto/", own_account.own_account, name="own_account"),
    path("konto/adgangskode/", own_account.password_change, name="password_change"),
    path("", dashboard.dashboard, name="dashboard"),
    path("personer/", subjects.subjects, name="subjects"),
    path(subject, subjects.subject, name="subject"),
    path(f"{subject}vis/", subjects.reveal, name="subject_reveal"),
    path(f"{subject}ny-oplysning/", subject_actions.add_record_page, name="subject_add_record"),
    path(f"{subject}haendelse/", subject_actions.record_event_page, name="subject_record_event"),
    path(
        f"{subject}relation/<int:relationship_id>/afslut/",
        subject_actions.end_relationship_page,
        name="subject_end_relationship",
    ),
    path(f"{subject}tilbageholdelse/", subject_actions.set_hold_page, name="subject_set_hold"),
    path(
        f"{subject}tilbageholdelse/<int:hold_id>/ophaev/",
        subject_actions.lift_hold_page,
        name="subject_lift_hold",
    ),
    path(f"{subject}slet/", subject_actions.erase_page, name="subject_erase"),
    path("anmodninger/", requests.requests_queue, name="requests"),
    path("anmodninger/ny/", requests.request_new, name="request_new"),
    path("anmodninger/<int:pk>/", requests.request_detail, name="request"),
    path("anmodninger/<int:pk>/skridt/", requests.request_step, name="request_step"),
    path("sletning/", retention.retention, name="retention"),
    path("erklaering/", declaration.declaration, name="declaration"),
    path(
        "erklaering/version/<int:number>/",
        declaration.declaration_version,
        name="declaration_version",
    ),
    path("erklaering/upload/", declaration.declaration_upload, name="declaration_upload"),
    path("revisionsspor/verificer/", audit.audit_verify, name="audit_verify"),
    path("medarbejdere/", accounts.accounts, name="accounts"),
    path("medarbejdere/ny/", accounts.account_create, name="account_create"),
    path("medarbejdere/<int:user_id>/", accounts.account, name="account"),
]

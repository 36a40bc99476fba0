from django.urls import path

from persondata.documents import views

app_name = "documents"
urlpatterns = [
    path("privatlivspolitik/", views.policy, {"lang": "da"}, name="policy_da"),
    path("en/privacy-policy/", views.policy, {"lang": "en"}, name="policy_en"),
    path(
        "privatlivspolitik/privatlivspolitik.pdf",
        views.policy_pdf,
        {"lang": "da"},
        name="policy_pdf_da",
    ),
    path(
        "en/privacy-policy/privacy-policy.pdf",
        views.policy_pdf,
        {"lang": "en"},
        name="policy_pdf_en",
    ),
    path(
        "privatlivspolitik/privatlivspolitik.md",
        views.policy_markdown,
        {"lang": "da"},
        name="policy_md_da",
    ),
    path(
        "en/privacy-policy/privacy-policy.md",
        views.policy_markdown,
        {"lang": "en"},
        name="policy_md_en",
    ),
    path(
        "privatlivspolitik/aendringer/",
        views.policy_changes,
        {"lang": "da"},
        name="policy_changes_da",
    ),
    path(
        "en/privacy-policy/changes/",
        views.policy_changes,
        {"lang": "en"},
        name="policy_changes_en",
    ),
    path("dokumenter/art30/<str:kind>.<str:fmt>", views.record, name="record"),
    path("dokumenter/modtagere.<str:fmt>", views.recipients, name="recipients"),
]

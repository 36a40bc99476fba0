"""Public consent pages, included at the site root by ``persondata/urls.py``."""

from django.urls import path

from persondata.consent import views

app_name = "consent"
urlpatterns = [
    path("u/<str:token>", views.unsubscribe, name="unsubscribe"),
    path("samtykke/", views.center_start, {"lang": "da"}, name="center_da"),
    path("en/consent/", views.center_start, {"lang": "en"}, name="center_en"),
    path(
        "samtykke/bekraeft/<str:token>/",
        views.center_confirm,
        {"lang": "da"},
        name="center_confirm_da",
    ),
    path(
        "en/consent/confirm/<str:token>/",
        views.center_confirm,
        {"lang": "en"},
        name="center_confirm_en",
    ),
    path("samtykke/mine/", views.center_mine, {"lang": "da"}, name="center_mine_da"),
    path("en/consent/mine/", views.center_mine, {"lang": "en"}, name="center_mine_en"),
]

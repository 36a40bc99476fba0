"""The privacy center's addresses for rights requests, in Danish and English."""

from django.urls import path

from persondata.rights import views

app_name = "rights"
urlpatterns = [
    path("anmodning/", views.request_form, {"lang": "da"}, name="request_da"),
    path("en/request/", views.request_form, {"lang": "en"}, name="request_en"),
    path("anmodning/sendt/", views.request_sent, {"lang": "da"}, name="request_sent_da"),
    path("en/request/sent/", views.request_sent, {"lang": "en"}, name="request_sent_en"),
    path("anmodning/bekraeft/<str:token>/", views.verify, {"lang": "da"}, name="verify_da"),
    path("en/request/confirm/<str:token>/", views.verify, {"lang": "en"}, name="verify_en"),
    path("anmodning/svar/<str:token>/", views.answer, {"lang": "da"}, name="answer_da"),
    path("en/request/answer/<str:token>/", views.answer, {"lang": "en"}, name="answer_en"),
    path("anmodning/svar/<str:token>/hent/", views.download, {"lang": "da"}, name="download_da"),
    path(
        "en/request/answer/<str:token>/download/",
        views.download,
        {"lang": "en"},
        name="download_en",
    ),
    path(
        "anmodning/hent/<str:token>/",
        views.download_confirm,
        {"lang": "da"},
        name="download_confirm_da",
    ),
    path(
        "en/request/download/<str:token>/",
        views.download_confirm,
        {"lang": "en"},
        name="download_confirm_en",
    ),
]

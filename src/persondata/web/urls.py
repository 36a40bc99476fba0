from django.urls import path

from persondata.web import language, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("sprog/<str:code>/", language.switch_language, name="language"),
]

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("persondata.api.urls")),
    path("", include("persondata.documents.urls")),
    path("", include("persondata.rights.urls")),
    path("", include("persondata.consent.urls")),
    path("", include("persondata.web.urls")),
]

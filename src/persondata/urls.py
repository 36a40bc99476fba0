from django.contrib import admin
from django.urls import include, path

from persondata.web.staff.views.login import admin_login

urlpatterns = [
    # The admin site logs in through the staff login (password and second factor).
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("staff/", include("persondata.web.staff.urls")),
    path("api/v1/", include("persondata.api.urls")),
    path("", include("persondata.documents.urls")),
    path("", include("persondata.rights.urls")),
    path("", include("persondata.consent.urls")),
    path("", include("persondata.web.urls")),
]

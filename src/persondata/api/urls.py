"""The API's URL patterns, included at ``/api/v1/`` by ``persondata/urls.py``."""

from persondata.api.api import api

# ninja's docs page reverses "<urls_namespace>:openapi-json", so the app name
# must be the API's namespace.
app_name = api.urls_namespace
urlpatterns = api.urls[0]

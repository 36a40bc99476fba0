from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "persondata.rights"
    label = "rights"

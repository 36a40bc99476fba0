from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "persondata.consent"
    label = "consent"

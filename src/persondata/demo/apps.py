from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "persondata.demo"
    label = "demo"
    verbose_name = "Demo data"

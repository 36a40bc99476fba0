from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "persondata.policy"
    label = "policy"
    verbose_name = "Declaration"

from django.apps import AppConfig


class SubjectsConfig(AppConfig):
    name = "persondata.subjects"
    label = "subjects"

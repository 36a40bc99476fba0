from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "persondata.worker"
    label = "worker"
    verbose_name = "Background worker"

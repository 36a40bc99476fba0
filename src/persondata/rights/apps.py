from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "persondata.rights"
    label = "rights"

    def ready(self) -> None:
        # The privacy center's one-time links for requests and answers.
        from persondata.rights.email_links import register_purposes

        register_purposes()

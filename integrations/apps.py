from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "Integrations (API keys and webhooks)"

    def ready(self) -> None:
        from integrations import schema  # noqa: F401  (schema docs)

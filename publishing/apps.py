from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Publishing (what readers and newsrooms see)"

    def ready(self) -> None:
        from publishing import signals  # noqa: F401  (webhook payloads on verdict events)

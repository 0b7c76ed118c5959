from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Claim matching (checked before?) and other desks' fact-checks"

    def ready(self) -> None:
        from matching import panels, signals  # noqa: F401  (embed on save, refresh the index)

        panels.register()  # the "checked before?" panel and column of the claims admin

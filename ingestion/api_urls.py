"""Article ingestion on the desk API (under /api/v1/)."""

from django.urls import path

from ingestion import apis

urlpatterns = [
    path("articles/", apis.ArticleIngestApi.as_view(), name="article_ingest"),
]

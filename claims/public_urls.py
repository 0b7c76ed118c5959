"""Public pages (namespace "public")."""

from django.urls import path

from claims import public_views

app_name = "public"

urlpatterns = [
    path(
        "fact-checks/<slug:slug>/",
        public_views.fact_check_detail_page,
        name="fact_check_detail",
    ),
]

"""Public pages (namespace "public")."""

from django.urls import path

from publishing import views as public_views

app_name = "public"

urlpatterns = [
    path("", public_views.front_page, name="front_page"),
    path("methodology/", public_views.methodology_page, name="methodology"),
    path(
        "fact-checks/<slug:slug>/",
        public_views.fact_check_detail_page,
        name="fact_check_detail",
    ),
]

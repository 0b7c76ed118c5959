"""Seed the two rating scales every desk starts with (editable afterwards in the admin)."""

from django.db import migrations

TRUTHFULNESS = [
    ("True", 5, "The statement is accurate and nothing significant is missing.", "#1a7f37"),
    ("Mostly true", 4, "Accurate but needs clarification or additional information.", "#57a639"),
    ("Half true", 3, "Partially accurate but leaves out important details.", "#d4a017"),
    ("Mostly false", 2, "Contains an element of truth but ignores critical facts.", "#e0701b"),
    ("False", 1, "The statement is not accurate.", "#c62828"),
    ("Unverifiable", None, "The available evidence cannot establish it either way.", "#6b7280"),
]
PROMISE = [
    ("Kept", 5, "The promise was fulfilled.", "#1a7f37"),
    ("Compromise", 4, "Accomplished substantially less than promised.", "#57a639"),
    ("In progress", 3, "Work towards the promise is under way.", "#d4a017"),
    ("Stalled", 2, "No movement, often because of inaction or lack of funds.", "#e0701b"),
    ("Broken", 1, "The promise was not fulfilled.", "#c62828"),
    ("Not yet rated", None, "The promise has not been assessed yet.", "#6b7280"),
]
METHODOLOGY = {
    "truthfulness": (
        "We rate the literal accuracy of a statement and the impression it leaves. Each "
        "fact-check is researched by one fact-checker, approved by a second editor, and cites "
        "its evidence. Ratings run from True (5) to False (1); Unverifiable is used when the "
        "evidence cannot settle the question."
    ),
    "promise": (
        "We track whether commitments made by public figures and institutions are carried "
        "out, from Kept (5) to Broken (1), and update the rating as events unfold."
    ),
}


def seed(apps, schema_editor):
    RatingScale = apps.get_model("claims", "RatingScale")
    Rating = apps.get_model("claims", "Rating")
    for name, slug, kind, rows in (
        ("Truthfulness", "truthfulness", "truthfulness", TRUTHFULNESS),
        ("Promise tracker", "promise", "promise", PROMISE),
    ):
        scale, _ = RatingScale.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "methodology": METHODOLOGY[kind]}
        )
        for order, (label, value, description, colour) in enumerate(rows):
            Rating.objects.get_or_create(
                scale=scale,
                label=label,
                defaults={"value": value, "description": description, "colour": colour,
                          "order": order},
            )


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

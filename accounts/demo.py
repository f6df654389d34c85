"""Demo members for seed_demo (idempotent)."""

from typing import TextIO

from allauth.account.models import EmailAddress

from .models import User

DEMO_PASSWORD = "cercle-demo-2026"

DEMO_MEMBERS = [
    ("marie.dupont@example.fr", "Marie", "Dupont", "Lyon", "69003"),
    ("karim.benali@example.fr", "Karim", "Benali", "Lyon", "69007"),
    ("sophie.martin@example.fr", "Sophie", "Martin", "Villeurbanne", "69100"),
    ("lucas.bernard@example.fr", "Lucas", "Bernard", "Lyon", "69003"),
]


def seed(stdout: TextIO) -> None:
    for email, first_name, last_name, city, postcode in DEMO_MEMBERS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"first_name": first_name, "last_name": last_name, "city": city, "postcode": postcode},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    stdout.write(f"members: {User.objects.count()}")

"""Demo members for seed_demo: believable French neighbours in Lyon, Villeurbanne and Paris.

Idempotent: members are looked up by email; an avatar is drawn only for a member who has none.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TextIO

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .images import AVATAR_SIZES, store_image
from .models import User
from .portraits import portrait_png

DEMO_PASSWORD = "cercle-demo-2026"
ADMIN_EMAIL = "admin@example.fr"

# email, first name, last name, city, postcode, languages, bio, days since joining, has a photo
DEMO_MEMBERS: list[tuple[str, str, str, str, str, list[str], str, int, bool]] = [
    (
        "marie.dupont@example.fr",
        "Marie",
        "Dupont",
        "Lyon",
        "69003",
        ["fr", "en"],
        "Maman de deux enfants, je prête volontiers la poussette, le siège auto et mes outils de jardinage. "
        "Toujours partante pour un troc de livres.",
        410,
        True,
    ),
    (
        "karim.benali@example.fr",
        "Karim",
        "Benali",
        "Lyon",
        "69007",
        ["fr", "ar", "en"],
        "Bricoleur du dimanche, j'ai une caisse à outils bien fournie (perceuse, scie sauteuse, ponceuse). "
        "Je peux aussi donner un coup de main pour monter un meuble.",
        380,
        True,
    ),
    (
        "sophie.martin@example.fr",
        "Sophie",
        "Martin",
        "Villeurbanne",
        "69100",
        ["fr", "es"],
        "Prof d'espagnol au collège, je propose du soutien scolaire et je cherche souvent du matériel de camping.",
        300,
        True,
    ),
    (
        "lucas.bernard@example.fr",
        "Lucas",
        "Bernard",
        "Lyon",
        "69003",
        ["fr", "en"],
        "Étudiant en master, vélo et escalade. Je prête mon matériel de grimpe et je garde vos plantes en août.",
        240,
        True,
    ),
    (
        "camille.roux@example.fr",
        "Camille",
        "Roux",
        "Lyon",
        "69004",
        ["fr", "it"],
        "Couturière amatrice à la Croix-Rousse : je fais les ourlets et je prête ma machine à coudre.",
        200,
        True,
    ),
    (
        "thomas.petit@example.fr",
        "Thomas",
        "Petit",
        "Villeurbanne",
        "69100",
        ["fr"],
        "Papa solo, deux garçons de 6 et 9 ans. On fait tourner les vêtements et les jouets entre voisins.",
        190,
        True,
    ),
    (
        "amina.diallo@example.fr",
        "Amina",
        "Diallo",
        "Lyon",
        "69008",
        ["fr", "en", "pt"],
        "Infirmière de nuit, je propose de la garde d'enfants le week-end et j'adore les jeux de société.",
        160,
        True,
    ),
    (
        "julien.moreau@example.fr",
        "Julien",
        "Moreau",
        "Lyon",
        "69006",
        ["fr", "de"],
        "Cuisinier, je prête mon robot pâtissier, ma raclette et ma plancha pour vos fêtes.",
        150,
        False,
    ),
    (
        "chloe.lefebvre@example.fr",
        "Chloé",
        "Lefebvre",
        "Villeurbanne",
        "69100",
        ["fr", "en"],
        "Graphiste, je donne des cours d'initiation à la photo. Grande lectrice de polars.",
        120,
        True,
    ),
    (
        "nicolas.garcia@example.fr",
        "Nicolas",
        "Garcia",
        "Lyon",
        "69007",
        ["fr", "es"],
        "Randonneur : tentes, sacs de couchage et réchaud à prêter pour vos week-ends dans le Vercors.",
        95,
        True,
    ),
    (
        "ines.fontaine@example.fr",
        "Inès",
        "Fontaine",
        "Paris",
        "75011",
        ["fr", "en"],
        "Je vis dans un deux-pièces : je préfère emprunter qu'acheter. Je rends toujours en bon état !",
        80,
        True,
    ),
    (
        "hugo.lambert@example.fr",
        "Hugo",
        "Lambert",
        "Paris",
        "75018",
        ["fr"],
        "Musicien, je prête ma guitare et mon ampli, et je propose des cours de solfège pour débutants.",
        60,
        True,
    ),
    (
        "lea.girard@example.fr",
        "Léa",
        "Girard",
        "Paris",
        "75020",
        ["fr", "en", "it"],
        "Jeune maman à Belleville, à la recherche d'un lit parapluie et de bons plans entre voisines.",
        45,
        False,
    ),
    (
        "mehdi.haddad@example.fr",
        "Mehdi",
        "Haddad",
        "Paris",
        "75011",
        ["fr", "ar"],
        "Développeur, je dépanne volontiers ordinateurs et smartphones. Je cherche une perceuse de temps en temps.",
        30,
        True,
    ),
    (
        "elise.bonnet@example.fr",
        "Élise",
        "Bonnet",
        "Lyon",
        "69001",
        ["fr", "en", "de"],
        "Retraitée et jardinière passionnée, je donne des boutures et je prête mon broyeur à végétaux.",
        20,
        True,
    ),
    (
        "antoine.mercier@example.fr",
        "Antoine",
        "Mercier",
        "Villeurbanne",
        "69100",
        ["fr"],
        "Nouveau dans le quartier des Gratte-Ciel, je découvre Cercle !",
        5,
        False,
    ),
]

# How each demo member's illustrated portrait looks: (haircut, hair colour, skin, glasses).
PORTRAITS: dict[str, tuple[str, str, str, bool]] = {
    "marie.dupont@example.fr": ("long", "#5a3a22", "#f2d3b3", False),
    "karim.benali@example.fr": ("bald_beard", "#1d1b1a", "#c68a5e", False),
    "sophie.martin@example.fr": ("bob", "#a0672f", "#f5dcc6", True),
    "lucas.bernard@example.fr": ("side", "#d9b46a", "#f2d3b3", False),
    "camille.roux@example.fr": ("bun", "#7a4a2a", "#e0b48f", False),
    "thomas.petit@example.fr": ("short", "#2b2220", "#f5dcc6", True),
    "amina.diallo@example.fr": ("curly", "#1d1b1a", "#8d5a3b", False),
    "chloe.lefebvre@example.fr": ("long", "#d9b46a", "#f5dcc6", True),
    "nicolas.garcia@example.fr": ("short", "#5a3a22", "#e0b48f", False),
    "ines.fontaine@example.fr": ("curly", "#2b2220", "#c68a5e", False),
    "hugo.lambert@example.fr": ("side", "#1d1b1a", "#b97a53", False),
    "mehdi.haddad@example.fr": ("bald_beard", "#2b2220", "#e0b48f", True),
    "elise.bonnet@example.fr": ("bun", "#b8b2aa", "#f2d3b3", True),
}


def _give_avatar(user: User, index: int) -> None:
    style, hair, skin, glasses = PORTRAITS.get(user.email, (None, None, None, None))
    portrait = portrait_png(index, style=style, hair=hair, skin=skin, glasses=glasses)
    upload = SimpleUploadedFile("avatar.png", portrait, "image/png")
    stored = store_image(upload, folder="avatars", sizes=AVATAR_SIZES)
    user.avatar.name, user.avatar_thumb.name = stored.display_name, stored.thumbnail_name
    user.save(update_fields=["avatar", "avatar_thumb"])


def _verified(user: User) -> None:
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


def seed(stdout: TextIO) -> None:
    now = timezone.now()
    created_count = 0
    for index, (email, first, last, city, postcode, languages, bio, days, photo) in enumerate(DEMO_MEMBERS):
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "city": city,
                "postcode": postcode,
                "languages": languages,
                "bio": bio,
                "date_joined": now - timedelta(days=days),
            },
        )
        if created:
            created_count += 1
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        _verified(user)
        if photo and not user.avatar:
            _give_avatar(user, index)

    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if admin is None:
        admin = User.objects.create_superuser(ADMIN_EMAIL, DEMO_PASSWORD, first_name="Admin", last_name="Cercle")
    _verified(admin)
    stdout.write(f"members: {created_count} created, {User.objects.count()} in all (admin: {ADMIN_EMAIL})\n")

"""Demo members for seed_demo: believable French neighbours in Lyon, Villeurbanne and Paris.

Idempotent: members are looked up by email; an avatar is drawn only for a member who has none.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import TextIO

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from .images import AVATAR_SIZES, store_image
from .models import User

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

# Warm, legible backgrounds for the generated portraits (white initials on top).
AVATAR_COLOURS = ["#117468", "#c2410c", "#1d4f91", "#7c3aed", "#b45309", "#be185d", "#0f766e", "#4d7c0f"]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def avatar_png(initials: str, colour: str, size: int = 512) -> bytes:
    """A coloured disc with a thin white ring and the member's initials, as a PNG."""
    image = Image.new("RGB", (size, size), "#f6f4ef")
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, size - 1, size - 1), fill=colour)
    draw.ellipse((size * 0.04, size * 0.04, size * 0.96, size * 0.96), outline="#ffffff", width=max(2, size // 64))
    draw.text((size / 2, size / 2), initials, fill="#ffffff", font=_font(size * 2 // 5), anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _give_avatar(user: User, index: int) -> None:
    upload = SimpleUploadedFile(
        "avatar.png", avatar_png(user.initials, AVATAR_COLOURS[index % len(AVATAR_COLOURS)]), "image/png"
    )
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

"""Demo circles for seed_demo: a handful of Lyon-area communities of every kind (idempotent).

Members come from accounts/demo.py and are looked up by email; a missing one is skipped.
"""

from __future__ import annotations

import io
import math
from datetime import timedelta
from typing import TextIO

from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from accounts.images import CIRCLE_SIZES, store_image
from accounts.models import User

from .models import Circle, CircleKind, Invitation, JoinPolicy, Membership, MembershipRole, MembershipStatus
from .services import _new_token

MARIE, KARIM, SOPHIE, LUCAS = (
    "marie.dupont@example.fr",
    "karim.benali@example.fr",
    "sophie.martin@example.fr",
    "lucas.bernard@example.fr",
)

# slug, name, kind, policy, city, description, colours, admins, members, pending (email, message)
DEMO_CIRCLES: list[dict] = [
    {
        "slug": "residence-les-tilleuls",
        "name": "Résidence Les Tilleuls",
        "kind": CircleKind.BUILDING,
        "policy": JoinPolicy.REQUEST,
        "city": "Lyon 3e",
        "description": (
            "Les habitants des bâtiments A, B et C de la résidence, 42 rue Paul Bert.\n\n"
            "On se prête la perceuse, l'escabeau et la machine à raclette, on garde les plantes pendant "
            "les vacances et on s'échange les vêtements d'enfants devenus trop petits."
        ),
        "colours": ((21, 144, 127), (214, 240, 234)),
        "admins": [MARIE],
        "members": [LUCAS],
        "pending": [(KARIM, "Bonjour, je viens d'emménager au 2e étage du bâtiment B !")],
    },
    {
        "slug": "quartier-croix-rousse",
        "name": "Quartier Croix-Rousse",
        "kind": CircleKind.NEIGHBOURHOOD,
        "policy": JoinPolicy.OPEN,
        "city": "Lyon 4e",
        "description": (
            "Le cercle des voisins du plateau : du boulevard de la Croix-Rousse à la place Bellevue. "
            "Outils, livres, coups de main et bons plans du quartier."
        ),
        "colours": ((194, 65, 12), (253, 230, 216)),
        "admins": [KARIM],
        "members": [MARIE, SOPHIE, LUCAS],
        "pending": [],
    },
    {
        "slug": "parents-ecole-jean-mace",
        "name": "Parents de l'école Jean Macé",
        "kind": CircleKind.SCHOOL,
        "policy": JoinPolicy.REQUEST,
        "city": "Lyon 7e",
        "description": (
            "Pour les parents d'élèves de l'école élémentaire Jean Macé : livres scolaires, déguisements "
            "pour le carnaval, baby-sitting entre familles et covoiturage pour les sorties."
        ),
        "colours": ((29, 79, 145), (228, 238, 251)),
        "admins": [SOPHIE],
        "members": [KARIM],
        "pending": [(LUCAS, "Ma fille Jeanne entre en CE1 à la rentrée.")],
    },
    {
        "slug": "club-de-rando-du-pilat",
        "name": "Club de rando du Pilat",
        "kind": CircleKind.CLUB,
        "policy": JoinPolicy.OPEN,
        "city": "Saint-Étienne",
        "description": (
            "Sorties le dimanche dans le massif du Pilat. Le club prête bâtons, guêtres et porte-bébés ; "
            "les membres s'échangent chaussures et sacs à dos entre deux saisons."
        ),
        "colours": ((23, 114, 69), (227, 244, 234)),
        "admins": [LUCAS],
        "members": [SOPHIE],
        "pending": [],
    },
    {
        "slug": "famille-dupont",
        "name": "Famille Dupont",
        "kind": CircleKind.FAMILY,
        "policy": JoinPolicy.INVITATION,
        "city": "Lyon",
        "description": (
            "Les Dupont, les cousins et les pièces rapportées : on fait tourner la poussette et le lit parapluie."
        ),
        "colours": ((180, 35, 24), (253, 231, 229)),
        "admins": [MARIE],
        "members": [LUCAS],
        "pending": [],
        "invitation": True,
    },
    {
        "slug": "collegues-atelier-nova",
        "name": "Collègues Atelier Nova",
        "kind": CircleKind.WORKPLACE,
        "policy": JoinPolicy.INVITATION,
        "city": "Villeurbanne",
        "description": (
            "Les collègues de l'atelier de design Nova. Prêts de matériel photo, trottinettes et covoiturage."
        ),
        "colours": ((88, 70, 160), (230, 226, 246)),
        "admins": [SOPHIE],
        "members": [KARIM],
        "pending": [],
        "invitation": True,
    },
]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def _picture(name: str, colours: tuple[tuple[int, int, int], tuple[int, int, int]]) -> io.BytesIO:
    """A gradient with soft circles and the circle's name: believable enough for a demo."""
    width, height = 1200, 800
    dark, light = colours
    image = Image.new("RGB", (width, height), light)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(light[i] * (1 - t) + dark[i] * t) for i in range(3)))
    seed = sum(map(ord, name))
    for k in range(7):
        angle = (seed + k * 53) % 360
        cx = int(width / 2 + math.cos(math.radians(angle)) * (200 + k * 40))
        cy = int(height / 2 + math.sin(math.radians(angle)) * (120 + k * 25))
        r = 60 + (seed * (k + 3)) % 120
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(255, 255, 255), width=6)
    font = _font(64)
    box = draw.textbbox((0, 0), name, font=font)
    x, y = (width - (box[2] - box[0])) // 2, height - 180
    draw.rounded_rectangle([x - 30, y - 20, x + box[2] - box[0] + 30, y + box[3] - box[1] + 40], 24, fill=dark)
    draw.text((x, y), name, font=font, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def _ensure_membership(circle: Circle, user: User, *, role: str, status: str, message: str = "") -> None:
    now = timezone.now()
    Membership.objects.get_or_create(
        circle=circle,
        user=user,
        defaults={
            "role": role,
            "status": status,
            "message": message,
            "joined_at": now if status == MembershipStatus.ACTIVE else None,
        },
    )


def seed(stdout: TextIO) -> None:
    users = {user.email: user for user in User.objects.filter(email__in=[MARIE, KARIM, SOPHIE, LUCAS])}
    created_count = 0
    for spec in DEMO_CIRCLES:
        admins = [users[email] for email in spec["admins"] if email in users]
        if not admins:
            continue  # a circle always has an admin: without its demo admin, it is left out
        circle = Circle.objects.filter(slug=spec["slug"]).first()
        if circle is None:
            stored = store_image(_picture(spec["name"], spec["colours"]), folder="circles", sizes=CIRCLE_SIZES)
            circle = Circle.objects.create(
                slug=spec["slug"],
                name=spec["name"],
                kind=spec["kind"],
                join_policy=spec["policy"],
                city=spec["city"],
                description=spec["description"],
                picture=stored.display_name,
                picture_thumb=stored.thumbnail_name,
                created_by=admins[0],
            )
            created_count += 1
        for user in admins:
            _ensure_membership(circle, user, role=MembershipRole.ADMIN, status=MembershipStatus.ACTIVE)
        for email in spec["members"]:
            if email in users:
                _ensure_membership(circle, users[email], role=MembershipRole.MEMBER, status=MembershipStatus.ACTIVE)
        for email, message in spec["pending"]:
            if email in users:
                _ensure_membership(
                    circle, users[email], role=MembershipRole.MEMBER, status=MembershipStatus.PENDING, message=message
                )
        if spec.get("invitation") and not circle.invitations.exists():
            now = timezone.now()
            Invitation.objects.create(
                circle=circle,
                token=_new_token(),
                created_by=admins[0],
                created_at=now,
                expires_at=now + timedelta(days=30),
                max_uses=20,
                label="Lien pour la famille et les amis",
            )
    stdout.write(f"circles: {Circle.objects.count()} ({created_count} new)")
    for invitation in Invitation.objects.filter(circle__slug__in=["famille-dupont"], revoked_at__isnull=True)[:1]:
        stdout.write(f"  invitation link: {invitation.get_absolute_url()}")

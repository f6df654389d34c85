# ruff: noqa: E501 - the demo texts read better on one line each
"""Demo listings for seed_demo: a few hundred believable French listings, with pictures of their
objects drawn at seed time (``listings.illustrations``).

Idempotent: nothing is added once the demo listings exist. Members and circles are looked up
(whatever the accounts and circles demos created); without circles, everything is public.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TextIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.images import LISTING_SIZES, store_image
from accounts.models import User
from circles.models import Membership, MembershipStatus

from .illustrations import illustration
from .models import Category, Intent, Kind, Listing, ListingPhoto, PriceUnit, Status, Visibility
from .search import update_search_vectors

DEMO_MARKER = "listings-demo"  # the folder of the demo photos
TARGET = 300
CITIES = [
    ("Lyon", "69001"),
    ("Lyon", "69003"),
    ("Lyon", "69004"),
    ("Lyon", "69007"),
    ("Villeurbanne", "69100"),
    ("Caluire-et-Cuire", "69300"),
    ("Oullins", "69600"),
    ("Vénissieux", "69200"),
    ("Bron", "69500"),
    ("Écully", "69130"),
]


@dataclass(frozen=True)
class Template:
    kind: str
    intent: str
    category: str
    titles: tuple[str, ...]
    description: str
    price: str | None = None
    unit: str = PriceUnit.NONE
    deposit: str | None = None
    swap_wanted: str = ""
    condition: str = "good"


L, S, W, G, V = Kind.LEND, Kind.SELL, Kind.SWAP, Kind.GIVE, Kind.SERVICE
OF, RQ = Intent.OFFER, Intent.REQUEST

TEMPLATES = [
    # --- lend, offers
    Template(
        L,
        OF,
        "power-tools",
        ("Perceuse à percussion Bosch", "Perceuse-visseuse sans fil Makita", "Perforateur SDS 800 W"),
        "Avec deux batteries, le chargeur et un coffret de forets béton et bois. Idéale pour poser étagères et tringles. Je la prête volontiers aux voisins, merci de la rendre propre.",
        "3",
        PriceUnit.PER_DAY,
        "50",
    ),
    Template(
        L,
        OF,
        "power-tools",
        ("Ponceuse orbitale", "Scie sauteuse Black & Decker", "Meuleuse d'angle 125 mm"),
        "En bon état de marche, avec quelques disques/abrasifs neufs. Lunettes de protection fournies.",
        "4",
        PriceUnit.PER_DAY,
        "40",
    ),
    Template(
        L,
        OF,
        "ladders",
        ("Échelle télescopique 3,8 m", "Escabeau 6 marches", "Échelle transformable 3 plans"),
        "Légère et stable, parfaite pour repeindre un plafond ou nettoyer les gouttières. À récupérer au rez-de-chaussée.",
        None,
        PriceUnit.NONE,
    ),
    Template(
        L,
        OF,
        "camping",
        ("Tente 4 places Quechua", "Tente 2 secondes 3 places", "Réchaud de camping et popotes"),
        "Utilisée deux étés, complète (sardines, tapis de sol). Montage en cinq minutes. Parfait pour un week-end en Ardèche.",
        "5",
        PriceUnit.PER_DAY,
        "60",
    ),
    Template(
        L,
        OF,
        "cycling",
        ("Vélo cargo électrique", "Remorque vélo pour enfants", "Vélo de ville Peugeot"),
        "Révisé au printemps, freins et pneus en bon état, antivol fourni. Idéal pour les courses ou une balade sur les quais.",
        "8",
        PriceUnit.PER_DAY,
        "150",
    ),
    Template(
        L,
        OF,
        "ski",
        ("Skis enfant 120 cm avec fixations", "Luge en bois", "Raquettes à neige adulte"),
        "Pour une semaine au ski sans tout acheter. Fixations réglées pour chaussures taille 32 à 36.",
        None,
        PriceUnit.NONE,
    ),
    Template(
        L,
        OF,
        "party",
        ("Appareil à raclette 8 personnes", "Machine à pop-corn", "Tables pliantes et bancs (x3)"),
        "Pour vos soirées et anniversaires ! À rendre nettoyé, merci. Disponible surtout le week-end.",
        None,
        PriceUnit.NONE,
    ),
    Template(
        L,
        OF,
        "kitchen",
        ("Robot pâtissier KitchenAid", "Yaourtière 7 pots", "Déshydrateur de fruits"),
        "Fonctionne parfaitement, notice incluse. Je peux vous montrer comment l'utiliser.",
        "2",
        PriceUnit.PER_DAY,
        "80",
    ),
    Template(
        L,
        OF,
        "baby-gear",
        ("Lit parapluie", "Chaise haute pliable", "Porte-bébé physiologique"),
        "Pratique pour recevoir les petits-enfants ou partir en vacances. Propre, non-fumeur.",
        None,
        PriceUnit.NONE,
    ),
    Template(
        L,
        OF,
        "photo-video",
        ("Vidéoprojecteur Full HD", "Appareil photo reflex Canon + objectif 50 mm", "Trépied photo"),
        "Parfait pour une soirée cinéma en plein air ou un mariage. Câble HDMI et housse fournis.",
        "10",
        PriceUnit.PER_DAY,
        "200",
    ),
    Template(
        L,
        OF,
        "garden",
        ("Tondeuse électrique", "Taille-haie sans fil", "Nettoyeur haute pression Kärcher"),
        "Entretenue régulièrement. Rallonge de 25 m disponible si besoin.",
        "5",
        PriceUnit.PER_DAY,
        "80",
    ),
    Template(
        L,
        OF,
        "board-games",
        ("Lot de jeux de société (Dixit, Catan…)", "Jeu Les Aventuriers du Rail", "Jeu Codenames"),
        "Complets et en très bon état, vérifiés après chaque prêt. Idéal pour les soirées entre voisins.",
        None,
        PriceUnit.NONE,
    ),
    # --- lend, requests
    Template(
        L,
        RQ,
        "power-tools",
        ("Cherche perceuse pour un après-midi", "Besoin d'une scie circulaire ce week-end"),
        "Je viens d'emménager et dois fixer quelques étagères. Je rends le jour même, promis.",
        None,
        PriceUnit.NONE,
        condition="",
    ),
    Template(
        L,
        RQ,
        "camping",
        ("Cherche tente pour un festival", "Besoin de sacs de couchage pour 2"),
        "Pour un week-end début juillet. Je prends soin du matériel et peux laisser une caution.",
        "5",
        PriceUnit.PER_DAY,
        condition="",
    ),
    Template(
        L,
        RQ,
        "party",
        ("Cherche appareil à fondue", "Besoin de chaises pour un anniversaire"),
        "Pour un repas de famille samedi soir, retour le dimanche.",
        None,
        PriceUnit.NONE,
        condition="",
    ),
    Template(
        L,
        RQ,
        "strollers",
        ("Cherche siège auto pour un week-end", "Besoin d'une poussette canne en août"),
        "Mes petits-enfants viennent une semaine, je cherche de quoi les accueillir.",
        None,
        PriceUnit.NONE,
        condition="",
    ),
    # --- sell, offers
    Template(
        S,
        OF,
        "cycling",
        ("Vélo enfant 16 pouces", "VTT Rockrider taille M", "Vélo de course vintage Motobécane"),
        "Bon état général, quelques rayures. Pneus récents. Vendu car devenu trop petit.",
        "60",
        PriceUnit.FIXED,
    ),
    Template(
        S,
        OF,
        "furniture",
        ("Bibliothèque en chêne", "Table basse scandinave", "Commode 4 tiroirs"),
        "À venir chercher sur place, démontable. Dimensions sur demande.",
        "45",
        PriceUnit.FIXED,
    ),
    Template(
        S,
        OF,
        "phones",
        ("iPhone 11 64 Go", "Tablette Samsung Galaxy Tab A", "Liseuse Kobo Clara"),
        "Fonctionne parfaitement, batterie à 86 %, avec coque et chargeur. Réinitialisé.",
        "180",
        PriceUnit.FIXED,
        condition="like_new",
    ),
    Template(
        S,
        OF,
        "kids-clothing",
        ("Lot de vêtements bébé 6-12 mois", "Manteau d'hiver enfant 4 ans", "Lot de pyjamas 2-3 ans"),
        "Vêtements propres et en bon état, de marques variées (Petit Bateau, Kiabi…).",
        "15",
        PriceUnit.FIXED,
    ),
    Template(
        S,
        OF,
        "books",
        ("Lot de romans policiers", "Collection Harry Potter", "Livres de cuisine"),
        "Lus une fois, très bon état. Possibilité de remise en main propre dans le quartier.",
        "12",
        PriceUnit.FIXED,
        condition="like_new",
    ),
    Template(
        S,
        OF,
        "audio",
        ("Enceinte Bluetooth JBL", "Platine vinyle Audio-Technica", "Casque Sony à réduction de bruit"),
        "Très bon son, peu servi. Boîte d'origine.",
        "70",
        PriceUnit.FIXED,
        condition="like_new",
    ),
    Template(
        S,
        OF,
        "shoes",
        ("Chaussures de randonnée Salomon 42", "Baskets Veja 39", "Bottes de pluie enfant 28"),
        "Portées quelques fois seulement, semelles comme neuves.",
        "35",
        PriceUnit.FIXED,
    ),
    Template(
        S,
        OF,
        "computers",
        ("Ordinateur portable Lenovo ThinkPad", "Écran 24 pouces Dell", "Clavier mécanique"),
        "Parfait pour le télétravail ou les études. SSD, Windows 11 installé proprement.",
        "220",
        PriceUnit.FIXED,
    ),
    Template(
        S,
        OF,
        "fitness",
        ("Vélo d'appartement", "Haltères réglables 2 x 10 kg", "Tapis de yoga épais"),
        "Très peu utilisé (bonnes résolutions…). À récupérer sur place.",
        "40",
        PriceUnit.FIXED,
        condition="like_new",
    ),
    # --- sell, requests
    Template(
        S,
        RQ,
        "cycling",
        ("Recherche vélo enfant 20 pouces", "Cherche VTT pour ado"),
        "Pour mon fils de 8 ans. Pas besoin qu'il soit neuf, juste en état de rouler.",
        "60",
        PriceUnit.FIXED,
        condition="",
    ),
    Template(
        S,
        RQ,
        "furniture",
        ("Cherche bureau pour enfant", "Recherche canapé deux places"),
        "Pour un petit appartement, je peux venir le chercher avec une camionnette.",
        None,
        PriceUnit.NONE,
        condition="",
    ),
    Template(
        S,
        RQ,
        "video-games",
        ("Recherche jeux Switch", "Cherche manette PS4"),
        "Je cherche des jeux pour enfants (Mario, Zelda, Animal Crossing…).",
        "20",
        PriceUnit.FIXED,
        condition="",
    ),
    # --- swap
    Template(
        W,
        OF,
        "books",
        ("Romans à échanger", "BD Astérix contre mangas", "Guides de voyage à troquer"),
        "J'ai fini ces livres et j'aimerais en découvrir d'autres.",
        swap_wanted="Des romans récents ou des BD",
    ),
    Template(
        W,
        OF,
        "garden",
        ("Boutures de plantes d'intérieur", "Graines de tomates anciennes", "Fraisiers à repiquer"),
        "Pothos, monstera, chlorophytum… Toutes en bonne santé.",
        swap_wanted="D'autres plantes ou des pots en terre cuite",
    ),
    Template(
        W,
        OF,
        "toys",
        ("Lego Duplo contre Playmobil", "Puzzle 1000 pièces à échanger", "Jeux d'éveil bébé"),
        "Complets et propres. Mes enfants ont grandi, ils cherchent autre chose !",
        swap_wanted="Des Playmobil ou des jeux 6-8 ans",
    ),
    Template(
        W,
        OF,
        "womens-clothing",
        ("Robe d'été taille 38 à échanger", "Manteau en laine taille M"),
        "Portée deux fois, ne me va plus.",
        swap_wanted="Des vêtements taille 40 ou des accessoires",
    ),
    Template(
        W,
        RQ,
        "board-games",
        ("Cherche à échanger des jeux de société", "Recherche puzzle contre livres"),
        "J'ai plein de jeux pour adultes à proposer en échange.",
        swap_wanted="Des jeux pour enfants de 5 ans",
        condition="",
    ),
    Template(
        W,
        RQ,
        "music-films",
        ("Échange de DVD et Blu-ray", "Cherche vinyles jazz en échange"),
        "Je propose des films en échange, liste sur demande.",
        swap_wanted="Des vinyles ou des CD de jazz",
        condition="",
    ),
    # --- give
    Template(
        G,
        OF,
        "kids-clothing",
        ("Vêtements fille 3-4 ans à donner", "Chaussures enfant pointure 24 à 27"),
        "Un grand sac de vêtements propres, à venir chercher avant samedi.",
        condition="fair",
    ),
    Template(
        G,
        OF,
        "furniture",
        ("Chaise en bois à donner", "Étagère Ikea Kallax", "Matelas 140 x 190 (housse lavable)"),
        "À venir chercher sur place, au 2e sans ascenseur. Premier arrivé, premier servi !",
        condition="fair",
    ),
    Template(
        G,
        OF,
        "books",
        ("Cartons de livres à donner", "Manuels scolaires de seconde"),
        "Romans, essais, livres pour enfants. Servez-vous !",
        condition="fair",
    ),
    Template(
        G,
        OF,
        "garden",
        ("Terreau et pots à donner", "Bois de chauffage à récupérer"),
        "Reste de mes travaux de jardin, à récupérer rapidement.",
        condition="good",
    ),
    Template(
        G,
        OF,
        "baby-gear",
        ("Baignoire bébé à donner", "Tapis d'éveil à donner"),
        "Propre et complet, il a bien servi à nos deux enfants.",
        condition="good",
    ),
    Template(
        G,
        RQ,
        "kitchen",
        ("Cherche cartons de déménagement", "Recherche bocaux en verre"),
        "Je déménage le mois prochain, je récupère volontiers vos cartons vides.",
        condition="",
    ),
    Template(
        G,
        RQ,
        "toys",
        ("Recherche jouets pour l'école maternelle", "Cherche livres pour enfants"),
        "Pour le coin lecture de la classe de ma fille, merci d'avance !",
        condition="",
    ),
    # --- services, offers
    Template(
        V,
        OF,
        "childcare",
        ("Baby-sitting le soir et le week-end", "Garde d'enfants après l'école"),
        "Étudiante en éducation, BAFA, habituée aux enfants de 2 à 10 ans. Références sur demande.",
        "12",
        PriceUnit.PER_HOUR,
        condition="",
    ),
    Template(
        V,
        OF,
        "tutoring",
        ("Soutien scolaire en maths (collège)", "Cours d'anglais conversation", "Aide aux devoirs primaire"),
        "Professeur retraité, patient et pédagogue. Chez vous ou à la médiathèque.",
        "15",
        PriceUnit.PER_HOUR,
        condition="",
    ),
    Template(
        V,
        OF,
        "small-jobs",
        ("Petits travaux de bricolage", "Montage de meubles", "Pose d'étagères et de tringles"),
        "Bricoleur depuis toujours, j'ai l'outillage. Devis gratuit, entre voisins.",
        "20",
        PriceUnit.PER_HOUR,
        condition="",
    ),
    Template(
        V,
        OF,
        "moving-help",
        ("Coup de main pour votre déménagement", "Aide au chargement d'un camion"),
        "Disponible le samedi, costaud et soigneux. Une bière et un merci suffisent !",
        None,
        PriceUnit.NONE,
        condition="",
    ),
    Template(
        V,
        OF,
        "pet-care",
        ("Garde de chat pendant vos vacances", "Promenade de chiens en semaine"),
        "J'adore les animaux, je passe nourrir et câliner votre compagnon matin et soir.",
        "8",
        PriceUnit.FIXED,
        condition="",
    ),
    Template(
        V,
        OF,
        "computer-help",
        ("Dépannage informatique", "Initiation au smartphone pour seniors"),
        "Installation, virus, sauvegardes, réglages : j'explique avec patience.",
        None,
        PriceUnit.NONE,
        condition="",
    ),
    Template(
        V,
        OF,
        "cleaning",
        ("Aide au ménage", "Repassage à domicile"),
        "Sérieuse et efficace, disponible en matinée.",
        "14",
        PriceUnit.PER_HOUR,
        condition="",
    ),
    Template(
        V,
        OF,
        "gardening-help",
        ("Entretien de jardin et taille de haies", "Arrosage pendant vos vacances"),
        "Passionné de jardinage, j'entretiens votre extérieur avec soin.",
        "15",
        PriceUnit.PER_HOUR,
        condition="",
    ),
    # --- services, requests
    Template(
        V,
        RQ,
        "childcare",
        ("Cherche baby-sitter le mercredi", "Recherche garde pour sortie d'école"),
        "Deux enfants de 4 et 7 ans, très sages (enfin presque). Quartier de la Croix-Rousse.",
        "11",
        PriceUnit.PER_HOUR,
        condition="",
    ),
    Template(
        V,
        RQ,
        "tutoring",
        ("Cherche cours de piano débutant", "Recherche soutien en physique-chimie"),
        "Pour ma fille en 3e, une heure par semaine.",
        "15",
        PriceUnit.PER_HOUR,
        condition="",
    ),
    Template(
        V,
        RQ,
        "moving-help",
        ("Besoin de bras pour un déménagement", "Cherche aide pour monter une armoire"),
        "Samedi matin, 3e étage sans ascenseur. Café et croissants offerts !",
        None,
        PriceUnit.NONE,
        condition="",
    ),
    Template(
        V,
        RQ,
        "small-jobs",
        ("Cherche quelqu'un pour repeindre une chambre", "Besoin d'aide pour poser une cuisine"),
        "Petite chambre de 10 m², peinture déjà achetée.",
        "150",
        PriceUnit.FIXED,
        condition="",
    ),
]

# Each category's picture is drawn in this many colourways; a listing takes one by its id.
PHOTO_VARIANTS = 2


def _photo_sources(slugs: set[str]) -> dict[str, list[tuple[bytes, bytes, int, int]]]:
    """The drawings of ``slugs`` (``listings.illustrations``), stored once through the same image
    pipeline as members' photos; their bytes are copied for each listing."""
    sources: dict[str, list[tuple[bytes, bytes, int, int]]] = {}
    for slug in sorted(slugs):
        for variant in range(PHOTO_VARIANTS):
            upload = SimpleUploadedFile(f"{slug}-{variant}.png", illustration(slug, variant), content_type="image/png")
            stored = store_image(upload, folder=f"{DEMO_MARKER}/sources", sizes=LISTING_SIZES)
            with (
                default_storage.open(stored.display_name) as display,
                default_storage.open(stored.thumbnail_name) as thumb,
            ):
                sources.setdefault(slug, []).append((display.read(), thumb.read(), stored.width, stored.height))
    return sources


def seed(stdout: TextIO) -> None:
    users = list(User.objects.filter(is_active=True, is_staff=False).order_by("pk"))
    if not users:
        stdout.write("listings: no members to post listings (run the accounts demo first)")
        return
    if Listing.objects.filter(owner__in=users).count() >= TARGET // 2:
        stdout.write(f"listings: {Listing.objects.count()} (already seeded)")
        return
    rng = random.Random(2026)
    categories = {category.slug: category for category in Category.objects.select_related("parent")}
    circles_by_user: dict[int, list[int]] = {}
    for membership in Membership.objects.filter(status=MembershipStatus.ACTIVE, circle__is_closed=False):
        circles_by_user.setdefault(membership.user_id, []).append(membership.circle_id)
    now = timezone.now()
    listings: list[Listing] = []
    circle_links: list[tuple[int, list[int]]] = []
    for index in range(TARGET):
        template = TEMPLATES[index % len(TEMPLATES)]
        owner = users[rng.randrange(len(users))]
        city, postcode = (owner.city, owner.postcode) if owner.city and rng.random() < 0.5 else rng.choice(CITIES)
        if not postcode.isdigit() or len(postcode) != 5:
            city, postcode = rng.choice(CITIES)
        status = rng.choices(
            [Status.ACTIVE, Status.DRAFT, Status.PAUSED, Status.RESERVED, Status.CLOSED], weights=[85, 4, 3, 4, 4]
        )[0]
        published = now - timedelta(days=rng.uniform(0, 60), minutes=index)
        price = Decimal(template.price) if template.price is not None else None
        if price is not None:
            price = max(Decimal("1"), price * Decimal(rng.choice(["0.5", "0.8", "1", "1", "1.2", "1.5"]))).quantize(
                Decimal("1")
            )
        listing = Listing(
            owner=owner,
            kind=template.kind,
            intent=template.intent,
            title=template.titles[(index // len(TEMPLATES)) % len(template.titles)],
            description=template.description,
            category=categories[template.category],
            condition=template.condition if template.kind != Kind.SERVICE else "",
            price=price,
            price_unit=template.unit if price is not None else PriceUnit.NONE,
            deposit=Decimal(template.deposit) if template.deposit and template.kind == Kind.LEND else None,
            swap_wanted=template.swap_wanted,
            city=city,
            postcode=postcode,
            status=status,
            created_at=published - timedelta(hours=1),
            published_at=None if status == Status.DRAFT else published,
        )
        listing.full_clean(exclude=["owner", "category"], validate_constraints=False)
        owner_circles = circles_by_user.get(owner.pk, [])
        if owner_circles and rng.random() < 0.35:
            listing.visibility = Visibility.CIRCLES
            circle_links.append((index, [rng.choice(owner_circles)]))
        listings.append(listing)
    Listing.objects.bulk_create(listings, batch_size=200)
    through = Listing.circles.through
    through.objects.bulk_create(
        [
            through(listing_id=listings[index].pk, circle_id=circle_id)
            for index, ids in circle_links
            for circle_id in ids
        ]
    )
    _add_photos(listings, rng)
    update_search_vectors([listing.pk for listing in listings])
    stdout.write(f"listings: {Listing.objects.count()}")


def _add_photos(listings: list[Listing], rng: random.Random) -> None:
    sources = _photo_sources({listing.category.slug for listing in listings})
    photos: list[ListingPhoto] = []
    for listing in listings:
        if listing.intent == Intent.REQUEST and rng.random() < 0.8:
            continue
        themed = sources[listing.category.slug]
        for position in range(rng.choice([1, 1, 2])):
            display, thumbnail, width, height = themed[(listing.pk + position) % len(themed)]
            stem = f"listings/{listing.pk}/demo-{position}"
            display_name = default_storage.save(f"{stem}.webp", ContentFile(display))
            thumbnail_name = default_storage.save(f"{stem}_thumb.webp", ContentFile(thumbnail))
            photos.append(
                ListingPhoto(
                    listing=listing,
                    image=display_name,
                    thumbnail=thumbnail_name,
                    width=width,
                    height=height,
                    position=position,
                )
            )
            if position == 0:
                listing.cover_thumbnail = thumbnail_name
    ListingPhoto.objects.bulk_create(photos, batch_size=500)
    Listing.objects.bulk_update([listing for listing in listings if listing.cover_thumbnail], ["cover_thumbnail"])

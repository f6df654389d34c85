"""Seed the benchmark database quickly: COPY in one stream per table, never one save per row.

The data is deterministic (a fixed random seed), French and varied enough that the rotating
search queries match a realistic share of the listings (a word of the vocabulary matches
roughly 0.5 % to 3 % of them). What it creates, for N listings:

- members: max(300, N / 50), each in one circle, a third of them in a second one;
- circles: max(12, N / 4000); the benchmark member is an active member of exactly three and
  owns 40 listings (as many as a very active member, not a shop);
- a cast of 24 members whose pages the member variants rotate over: the benchmark member and
  23 others, each in a different set of one to four circles, each with a dashboard of booking
  requests made and received;
- listings: N, of every kind and intent, 88 % active, 10 % visible only to one circle of the
  owner's, posted over two years and stored in that order (ids and dates grow together); two
  thirds have one to three photo rows (the files need not exist: pages only link to them);
- 40 favourites of the benchmark member;
- a trust summary for every member, as the nightly refresh leaves them: about 60 % newcomers
  without reviews, 28 % regulars and 12 % trusted members with ratings.

Search data is computed in bulk by the listings app's own function
(``listings.search.update_search_vectors``), whatever it writes: the search indexes of the
listings table and the indexes of any ``listings_search*`` side table are dropped during the
update and rebuilt after it, then the tables are vacuumed and analysed.
"""

from __future__ import annotations

import importlib
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from bench import storage

# 3: a trust summary for every member; 4: listings stored in the order they were posted;
# 5: search terms; 6: a cast of members with different circles and dashboards.
SEED_VERSION = 6
EMAIL_DOMAIN = "bench.cercle.test"
MEMBER_EMAIL = f"membre@{EMAIL_DOMAIN}"
# A second member who sends the benchmark's booking requests (wiped before each load run).
REQUESTER_EMAIL = f"membre.1@{EMAIL_DOMAIN}"
DASHBOARD_BOOKINGS = 24  # each way: the benchmark member's requests, and requests to them
MEMBER_LISTINGS = 40  # what an active member has posted (their "my listings", their swap offers)
MEMBER_CIRCLES = 3
# The members whose session cookies the member variants rotate over: the benchmark member
# (position 0) and the 23 members after the requester (positions 2 to 24).
CAST_SIZE = 24
CAST_POSITIONS = (0, *range(2, CAST_SIZE + 1))
BATCH = 5000

FIRST_NAMES = [
    "Marie", "Karim", "Sophie", "Lucas", "Camille", "Nicolas", "Inès", "Thomas", "Léa", "Julien", "Chloé",
    "Mehdi", "Manon", "Antoine", "Sarah", "Hugo", "Emma", "Yanis", "Louise", "Pierre", "Fatima", "Paul",
    "Claire", "Olivier", "Amandine", "Romain", "Nadia", "Mathieu", "Élodie", "Bastien",
]  # fmt: skip
LAST_NAMES = [
    "Dupont", "Benali", "Martin", "Bernard", "Durand", "Lefebvre", "Moreau", "Laurent", "Simon", "Michel",
    "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
    "Nguyen", "Haddad", "Blanc", "Guerin", "Boyer", "Chevalier", "Faure", "Lambert", "Bonnet", "Rousseau",
]  # fmt: skip
CITIES = [
    ("Lyon", "69003"), ("Lyon", "69007"), ("Villeurbanne", "69100"), ("Paris", "75011"), ("Paris", "75018"),
    ("Paris", "75020"), ("Montreuil", "93100"), ("Marseille", "13005"), ("Toulouse", "31000"),
    ("Nantes", "44000"), ("Bordeaux", "33000"), ("Lille", "59000"), ("Rennes", "35000"), ("Grenoble", "38000"),
    ("Strasbourg", "67000"), ("Montpellier", "34000"), ("Nice", "06000"), ("Annecy", "74000"),
    ("Dijon", "21000"), ("Tours", "37000"),
]  # fmt: skip
CIRCLE_NAMES = [
    "Résidence Les Tilleuls", "Quartier de la Croix-Rousse", "Parents de l'école Jean-Jaurès", "Club de vélo du 7e",
    "Collègues de l'Atelier", "Jardin partagé des Pentes", "Famille Dupont-Benali", "Association Trocathlon",
    "Immeuble du 12 rue Paul-Bert", "Chorale de Villeurbanne", "Amicale des coureurs", "Voisins de la Guillotière",
]  # fmt: skip
CIRCLE_KINDS = ["building", "neighbourhood", "school", "club", "workplace", "association", "family"]

# What people post in each leaf category: the words the search queries look for.
VOCABULARY: dict[str, list[str]] = {
    "cycling": ["Vélo de ville", "VTT", "Vélo enfant", "Remorque vélo", "Porte-vélos", "Casque de vélo"],
    "ski": ["Skis alpins", "Snowboard", "Chaussures de ski", "Luge", "Raquettes à neige"],
    "camping": ["Tente 4 places", "Sac de couchage", "Réchaud de camping", "Sac à dos de randonnée"],
    "water-sports": ["Kayak gonflable", "Paddle", "Combinaison néoprène", "Palmes et tuba"],
    "fitness": ["Haltères", "Tapis de yoga", "Vélo d'appartement", "Banc de musculation"],
    "team-sports": ["Raquettes de tennis", "Ballon de foot", "Raquettes de badminton", "Table de ping-pong"],
    "power-tools": ["Perceuse visseuse", "Scie sauteuse", "Ponceuse", "Perforateur", "Meuleuse"],
    "hand-tools": ["Caisse à outils", "Serre-joints", "Niveau à bulle", "Jeu de clés"],
    "ladders": ["Échelle télescopique", "Escabeau", "Échafaudage roulant"],
    "painting": ["Rouleaux de peinture", "Décolleuse à papier peint", "Bâche de protection"],
    "baby-gear": ["Lit parapluie", "Chaise haute", "Baignoire bébé", "Porte-bébé"],
    "toys": ["Lego", "Trottinette", "Cuisine en bois", "Puzzle 1000 pièces", "Draisienne"],
    "kids-clothing": ["Combinaison de ski enfant", "Lot de bodies", "Bottes de pluie enfant"],
    "strollers": ["Poussette", "Siège auto", "Poussette double"],
    "books": ["Romans policiers", "Livre de cuisine", "Guide de voyage", "Encyclopédie"],
    "comics": ["Astérix", "Mangas One Piece", "Bandes dessinées Tintin"],
    "music-films": ["Vinyles jazz", "DVD Pixar", "Guitare acoustique", "Piano numérique"],
    "video-games": ["Nintendo Switch", "Jeux PS4", "Manette Xbox"],
    "board-games": ["Catan", "Dixit", "Jeu d'échecs", "Carcassonne"],
    "furniture": ["Canapé", "Table basse", "Bibliothèque", "Chaises pliantes", "Commode"],
    "kitchen": ["Robot pâtissier", "Appareil à raclette", "Machine à pain", "Cocotte en fonte", "Mixeur"],
    "decoration": ["Miroir ancien", "Lampe de chevet", "Cadres photo"],
    "garden": ["Tondeuse", "Taille-haie", "Brouette", "Plants de tomates", "Nettoyeur haute pression"],
    "party": ["Tonnelle", "Appareil à fondue", "Guirlandes lumineuses", "Enceinte de soirée"],
    "computers": ["Ordinateur portable", "Écran 24 pouces", "Imprimante", "Clavier mécanique"],
    "phones": ["Tablette", "Smartphone", "Liseuse"],
    "photo-video": ["Appareil photo reflex", "Trépied", "Vidéoprojecteur", "Objectif 50 mm"],
    "audio": ["Enceinte Bluetooth", "Platine vinyle", "Casque audio"],
    "womens-clothing": ["Manteau d'hiver", "Robe de soirée", "Veste en jean"],
    "mens-clothing": ["Costume", "Doudoune", "Pull en laine"],
    "shoes": ["Chaussures de randonnée", "Baskets", "Bottes en cuir"],
    "bags-accessories": ["Valise cabine", "Sac de voyage", "Montre"],
    "childcare": ["Garde d'enfants après l'école", "Baby-sitting le soir", "Sortie d'école"],
    "cleaning": ["Aide au ménage", "Repassage", "Nettoyage de vitres"],
    "tutoring": ["Cours de maths", "Soutien en anglais", "Cours de piano", "Aide aux devoirs"],
    "small-jobs": ["Montage de meubles", "Petites réparations", "Pose d'étagères"],
    "moving-help": ["Aide au déménagement", "Transport de meubles", "Cartons de déménagement"],
    "gardening-help": ["Tonte de pelouse", "Taille des haies", "Arrosage pendant les vacances"],
    "pet-care": ["Garde de chat", "Promenade de chien", "Garde de lapin"],
    "computer-help": ["Installation d'ordinateur", "Aide informatique", "Réparation de smartphone"],
    "other": ["Objet divers", "Lot de cartons", "Vélo cargo"],
}
QUALIFIERS = ["", "", " comme neuf", " en bon état", " pour enfant", " pliable", " électrique", " de 2019", " XL"]
DESCRIPTIONS = [
    "Je le prête volontiers aux voisins, à récupérer en bas de chez moi.",
    "Très peu servi, fonctionne parfaitement. Idéal pour un week-end ou les vacances.",
    "Disponible le soir et le week-end. Merci d'en prendre soin, il m'est précieux.",
    "Quelques traces d'usage mais rien de grave. Je peux montrer comment il marche.",
    "Parfait pour dépanner, se transporte facilement en voiture ou à vélo.",
    "Je cherche à m'en séparer pour faire de la place : écrivez-moi !",
    "Matériel entretenu régulièrement, notice fournie. Possibilité de livrer dans le quartier.",
]
SWAP_WANTED = ["Un jeu de société", "Des plantes", "Quelques heures d'aide au jardin", "Des livres pour enfants"]
CONDITIONS = ["new", "like_new", "good", "good", "fair"]
STATUS_WEIGHTS = [("active", 88), ("paused", 4), ("reserved", 3), ("closed", 3), ("draft", 2)]


@dataclass(frozen=True)
class Seeded:
    listings: int
    member_id: int
    requester_id: int
    cast_ids: tuple[int, ...]  # the benchmark member first
    seconds: float
    reused: bool


def _log(out: TextIO, message: str) -> None:
    out.write(f"[seed] {message}\n")
    out.flush()


# --- bookkeeping: is the database already seeded for N listings?


def _database_name() -> str:
    return str(connection.settings_dict["NAME"])


def _search_module() -> Any | None:
    """The listings app's search module (its bulk vector update), once it exists."""
    try:
        search = importlib.import_module("listings.search")
    except ImportError:
        return None
    return search if hasattr(search, "update_search_vectors") else None


def _reviews_trust() -> Any | None:
    """The reviews app's trust arithmetic, once it exists (issue 6)."""
    try:
        return importlib.import_module("reviews.trust")
    except ImportError:
        return None


def _bookings_services() -> Any | None:
    """The bookings app's services, once it exists (issue 5)."""
    try:
        return importlib.import_module("bookings.services")
    except ImportError:
        return None


def _seed_version() -> int:
    """What the seed holds: this code's version, and which apps could take part in it."""
    with_vectors = _search_module() is not None
    with_bookings = _bookings_services() is not None
    return SEED_VERSION * 100 + 10 * with_vectors + with_bookings


def _seed_marker() -> tuple[int, int] | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_seed')")
        row = cursor.fetchone()
        if not row or row[0] is None:
            return None
        cursor.execute("SELECT listings, version FROM bench_seed LIMIT 1")
        marker = cursor.fetchone()
    return (int(marker[0]), int(marker[1])) if marker else None


def _write_marker(listings: int, seconds: float) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_seed (listings integer, version integer, "
            "seconds double precision, seeded_at timestamptz DEFAULT now())"
        )
        cursor.execute("DELETE FROM bench_seed")
        cursor.execute(
            "INSERT INTO bench_seed (listings, version, seconds) VALUES (%s, %s, %s)",
            [listings, _seed_version(), seconds],
        )


def _has_unapplied_migrations() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _reset_schema() -> None:
    name = _database_name()
    # The benchmark wipes its database: refuse anything not obviously dedicated to it.
    if "bench" not in name:
        raise SystemExit(f"Refusing to wipe the database {name!r}: its name must contain 'bench'.")
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")


def _listing_model() -> type[models.Model] | None:
    try:
        return apps.get_model("listings", "Listing")
    except LookupError:
        return None


def ensure_seeded(*, listings: int, force: bool, out: TextIO) -> Seeded:
    """Migrate, then seed ``listings`` listings unless the database already holds exactly those."""
    started = time.monotonic()
    marker = _seed_marker()
    reusable = not force and marker == (listings, _seed_version()) and not _has_unapplied_migrations()
    if reusable:
        _log(out, f"reusing the {listings:,} listings already seeded in {_database_name()}")
        return Seeded(listings=listings, **_member_ids(), seconds=0.0, reused=True)

    _log(out, f"seeding {listings:,} listings into {_database_name()} (fresh schema)")
    _reset_schema()
    call_command("migrate", interactive=False, verbosity=0)
    _log(out, f"migrated in {time.monotonic() - started:.1f} s")
    _seed_everything(listings=listings, out=out)
    seconds = time.monotonic() - started
    _write_marker(listings, seconds)
    _log(out, f"seeded in {seconds:.1f} s")
    return Seeded(listings=listings, **_member_ids(), seconds=seconds, reused=False)


def _cast_email(position: int) -> str:
    return MEMBER_EMAIL if position == 0 else f"membre.{position}@{EMAIL_DOMAIN}"


def _member_ids() -> dict[str, Any]:
    users = apps.get_model("accounts", "User").objects
    emails = [_cast_email(position) for position in CAST_POSITIONS]
    by_email = dict(users.filter(email__in=emails).values_list("email", "pk"))
    return {
        "member_id": int(users.get(email=MEMBER_EMAIL).pk),
        "requester_id": int(users.get(email=REQUESTER_EMAIL).pk),
        "cast_ids": tuple(int(by_email[email]) for email in emails),
    }


# --- COPY helpers


def copy_rows(model: type[models.Model], objects: Iterable[models.Model]) -> int:
    """Stream unsaved instances (primary keys set) into the model's table with one COPY."""
    fields = [field for field in model._meta.concrete_fields if not field.generated]  # the database writes those
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    count = 0
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objects:
            copy.write_row([field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields])
            count += 1
    return count


def reset_sequences(*model_list: type[models.Model]) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(model_list)):
            cursor.execute(sql)


def _timed(out: TextIO, label: str, action: Callable[[], Any]) -> Any:
    started = time.monotonic()
    result = action()
    _log(out, f"{label} in {time.monotonic() - started:.1f} s")
    return result


# --- the data


def _seed_everything(*, listings: int, out: TextIO) -> None:
    rng = random.Random(20261125)
    member_ids = _timed(out, f"members: {max(300, listings // 50):,}", lambda: _seed_members(rng, listings))
    circles_of = _timed(out, "circles and memberships", lambda: _seed_circles(rng, member_ids, listings))
    if _reviews_trust() is not None:
        _timed(out, "trust summaries", lambda: _seed_trust_summaries(rng, member_ids))
    bench_member_id = member_ids[0]
    if _listing_model() is not None:
        _timed(out, f"listings: {listings:,}", lambda: _seed_listings(rng, listings, member_ids, circles_of))
        if _search_module() is not None:
            _timed(out, "search vectors and terms (and their indexes)", _compute_search_vectors)
        else:
            _log(out, "no listings.search.update_search_vectors yet: search vectors left empty")
        _timed(out, "favourites", lambda: _seed_favourites(rng, bench_member_id, listings))
        if _bookings_services() is not None:
            cast = [member_ids[position] for position in CAST_POSITIONS]
            label = f"dashboard bookings of {len(cast)} members (through the services)"
            _timed(out, label, lambda: _seed_cast_bookings(rng, cast))
    else:
        _log(out, "the listings app has no Listing model yet: members and circles only")
    _timed(out, "vacuum analyse", _vacuum_analyse)


def _seed_members(rng: random.Random, listings: int) -> list[int]:
    user_model = apps.get_model("accounts", "User")
    email_model = apps.get_model("account", "EmailAddress")
    password = make_password("bench-member-password")  # hashed once, shared by every member
    count = max(300, listings // 50)
    now = timezone.now()
    users = []
    for index in range(count):
        city, postcode = CITIES[index % len(CITIES)]
        email = _cast_email(index)
        users.append(
            user_model(
                id=index + 1,
                email=email,
                password=password,
                first_name=FIRST_NAMES[index % len(FIRST_NAMES)] if index else "Bench",
                last_name=LAST_NAMES[(index * 7) % len(LAST_NAMES)] if index else "Membre",
                city=city,
                postcode=postcode,
                date_joined=now - timedelta(days=rng.randint(1, 900)),
            )
        )
    copy_rows(user_model, users)
    copy_rows(
        email_model,
        (email_model(id=u.pk, user_id=u.pk, email=u.email, verified=True, primary=True) for u in users),
    )
    reset_sequences(user_model, email_model)
    return [int(u.pk) for u in users]


def _seed_trust_summaries(rng: random.Random, member_ids: list[int]) -> None:
    """What the nightly refresh leaves: every member has a summary, most of them newcomers."""
    summary_model = apps.get_model("reviews", "TrustSummary")
    trust = _reviews_trust()
    assert trust is not None
    now = timezone.now()
    rows = []
    for user_id in member_ids:
        draw = rng.random()
        if draw < 0.60:
            level, exchanges, ratings, low = "newcomer", rng.randint(0, 2), 0, 5
        elif draw < 0.88:
            level, exchanges, ratings, low = "regular", rng.randint(3, 15), rng.randint(2, 10), 4
        else:
            level, exchanges, ratings, low = "trusted", rng.randint(10, 60), rng.randint(8, 40), 4
        rating_sum = sum(rng.randint(low, 5) for _ in range(ratings))
        received = exchanges + rng.randint(0, 4)
        rows.append(
            summary_model(
                user_id=user_id,
                exchanges_as_owner=exchanges // 2,
                exchanges_as_requester=exchanges - exchanges // 2,
                rating_count=ratings,
                rating_average=trust.average_rating(rating_sum=rating_sum, rating_count=ratings),
                bayesian_rating=trust.bayesian_rating(rating_sum=rating_sum, rating_count=ratings),
                requests_received=received,
                requests_answered=min(received, exchanges + 1),
                median_response_seconds=rng.randint(600, 90000) if received else None,
                vouch_count=rng.randint(1, 4) if level == "trusted" else rng.randint(0, 1),
                level=level,
                computed_at=now,
            )
        )
    copy_rows(summary_model, rows)


def _seed_circles(rng: random.Random, member_ids: list[int], listings: int) -> dict[int, list[int]]:
    """Create the circles and memberships; return each member's circle ids."""
    circle_model = apps.get_model("circles", "Circle")
    membership_model = apps.get_model("circles", "Membership")
    count = max(12, listings // 4000)
    circles = [
        circle_model(
            id=index + 1,
            name=f"{CIRCLE_NAMES[index % len(CIRCLE_NAMES)]} {index // len(CIRCLE_NAMES) + 1}",
            slug=f"bench-cercle-{index + 1}",
            kind=CIRCLE_KINDS[index % len(CIRCLE_KINDS)],
            description="Un cercle créé pour le banc d'essai.",
            city=CITIES[index % len(CITIES)][0],
            join_policy="request" if index % 3 else "open",
            created_by_id=member_ids[index % len(member_ids)],
        )
        for index in range(count)
    ]
    copy_rows(circle_model, circles)
    circles_of: dict[int, list[int]] = {}
    cast_sets = _cast_circle_sets(rng, count)
    for position, member_id in enumerate(member_ids):
        if position in cast_sets:
            chosen = cast_sets[position]
        else:
            chosen = [position % count + 1]
            if position % 3 == 0:
                second = (position * 7 + 3) % count + 1
                if second not in chosen:
                    chosen.append(second)
        circles_of[member_id] = chosen
    now = timezone.now()
    memberships: list[models.Model] = []
    for position, (member_id, circle_ids) in enumerate(circles_of.items()):
        for circle_id in circle_ids:
            is_admin = position == circle_id - 1  # the member who created the circle runs it
            memberships.append(
                membership_model(
                    id=len(memberships) + 1,
                    circle_id=circle_id,
                    user_id=member_id,
                    role="admin" if is_admin else "member",
                    status="active",
                    joined_at=now - timedelta(days=rng.randint(1, 600)),
                )
            )
    copy_rows(membership_model, memberships)
    reset_sequences(circle_model, membership_model)
    return circles_of


def _cast_circle_sets(rng: random.Random, count: int) -> dict[int, list[int]]:
    """Each cast member's circles: the benchmark member's three, then one to four, never twice the same set."""
    sets = {0: list(range(1, MEMBER_CIRCLES + 1))}
    seen = {tuple(sets[0])}
    for number, position in enumerate(CAST_POSITIONS[1:], start=1):
        size = 1 + number % 4
        while True:
            chosen = sorted(rng.sample(range(1, count + 1), size))
            if tuple(chosen) not in seen:
                break
        seen.add(tuple(chosen))
        sets[position] = chosen
    return sets


def _weighted_statuses(rng: random.Random) -> Iterator[str]:
    choices = [status for status, _weight in STATUS_WEIGHTS]
    weights = [weight for _status, weight in STATUS_WEIGHTS]
    while True:
        yield from rng.choices(choices, weights=weights, k=1000)


def _seed_listings(rng: random.Random, count: int, member_ids: list[int], circles_of: dict[int, list[int]]) -> None:
    listing_model = apps.get_model("listings", "Listing")
    photo_model = apps.get_model("listings", "ListingPhoto")
    category_model = apps.get_model("listings", "Category")
    leaves = list(category_model.objects.filter(children__isnull=True).values_list("id", "slug", "parent__slug"))
    if not leaves:
        raise SystemExit("No categories: the listings data migration did not run.")
    statuses = _weighted_statuses(rng)
    now = timezone.now()
    through = listing_model.circles.through
    circle_links: list[tuple[int, int]] = []
    photos: list[tuple[int, int]] = []

    own_every = max(2, count // MEMBER_LISTINGS)
    # Rows are stored in the order they were posted, as on a live site (ids and dates grow
    # together): the newest listings are the last pages of the table, not scattered over it.
    ages = sorted((rng.randint(10, 60 * 24 * 730) for _ in range(count)), reverse=True)

    def listings() -> Iterator[models.Model]:
        for index in range(count):
            listing_id = index + 1
            owner_id = member_ids[rng.randrange(1, len(member_ids))] if index % own_every else member_ids[0]
            owner_city, owner_postcode = CITIES[(owner_id - 1) % len(CITIES)]
            category_id, slug, parent_slug = leaves[rng.randrange(len(leaves))]
            is_service = parent_slug == "services"
            kind = "service" if is_service else rng.choice(["lend", "lend", "lend", "sell", "sell", "swap", "give"])
            intent = "request" if rng.random() < 0.15 else "offer"
            price_unit, price, deposit = _price(rng, kind, intent)
            status = next(statuses)
            created_at = now - timedelta(minutes=ages[index])
            title = rng.choice(VOCABULARY.get(slug, VOCABULARY["other"])) + rng.choice(QUALIFIERS)
            description = " ".join(rng.sample(DESCRIPTIONS, 2))
            circle_only = rng.random() < 0.10
            if circle_only:
                circle_links.append((listing_id, circles_of[owner_id][0]))
            has_photos = rng.random() < 0.67
            if has_photos:
                photos.append((listing_id, rng.randint(1, 3)))
            yield listing_model(
                id=listing_id,
                owner_id=owner_id,
                kind=kind,
                intent=intent,
                title=title[:100],
                description=description,
                category_id=category_id,
                condition="" if is_service else rng.choice(CONDITIONS),
                price=price,
                price_unit=price_unit,
                deposit=deposit,
                swap_wanted=rng.choice(SWAP_WANTED) if kind == "swap" else "",
                city=owner_city,
                postcode=owner_postcode,
                visibility="circles" if circle_only else "public",
                status=status,
                cover_thumbnail=f"bench/thumb-{listing_id % 50}.jpg" if has_photos else "",
                created_at=created_at,
                published_at=None if status == "draft" else created_at + timedelta(minutes=5),
            )

    copy_rows(listing_model, listings())
    copy_rows(
        through,
        (through(id=n + 1, listing_id=lid, circle_id=cid) for n, (lid, cid) in enumerate(circle_links)),
    )

    def photo_rows() -> Iterator[models.Model]:
        photo_id = 0
        for listing_id, number in photos:
            for position in range(number):
                photo_id += 1
                yield photo_model(
                    id=photo_id,
                    listing_id=listing_id,
                    image=f"bench/photo-{(listing_id + position) % 50}.jpg",
                    thumbnail=f"bench/thumb-{(listing_id + position) % 50}.jpg",
                    width=1200,
                    height=900,
                    position=position,
                    created_at=now,
                )

    copy_rows(photo_model, photo_rows())
    reset_sequences(listing_model, photo_model, through)


def _price(rng: random.Random, kind: str, intent: str) -> tuple[str, Decimal | None, Decimal | None]:
    """A price unit, price and deposit that satisfy the listing's constraints for its kind."""
    if kind in ("give", "swap"):
        return "none", None, None
    if kind == "lend":
        deposit = Decimal(rng.choice([20, 50, 100, 150])) if rng.random() < 0.3 else None
        if rng.random() < 0.5:
            return "none", None, deposit
        return "per_day", Decimal(rng.randint(1, 30)), deposit
    if kind == "sell":
        if intent == "request" and rng.random() < 0.5:
            return "none", None, None
        return "fixed", Decimal(rng.randint(2, 600)) + Decimal("0.50") * rng.randint(0, 1), None
    # service
    roll = rng.random()
    if roll < 0.3:
        return "none", None, None
    if roll < 0.8:
        return "per_hour", Decimal(rng.randint(8, 35)), None
    return "fixed", Decimal(rng.randint(15, 150)), None


def _compute_search_vectors() -> None:
    """Fill every listing's search data with the listings app's own bulk update.

    The search indexes of the listings table and the indexes of its search side tables (as
    bench/storage.py finds them: whatever the app has) are dropped during the update and
    rebuilt after it: building an index once is far cheaper than updating it row by row.
    Indexes that back a constraint stay: the update may rely on them.
    """
    search = _search_module()  # the app's code decides what the search data holds
    if search is None:
        return
    with connection.cursor() as cursor:
        found = [index for index in storage.listing_indexes(cursor) if index.serves_search]
        found += storage.side_table_indexes(cursor)
        indexes = [index for index in found if not index.backs_constraint]
        for index in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(index.name)}")
    search.update_search_vectors()
    with connection.cursor() as cursor:
        for index in indexes:
            cursor.execute(index.definition)


def _seed_favourites(rng: random.Random, member_id: int, count: int) -> None:
    favourite_model = apps.get_model("listings", "Favourite")
    listing_ids = rng.sample(range(1, count + 1), min(40, count))
    copy_rows(
        favourite_model,
        (favourite_model(id=n + 1, user_id=member_id, listing_id=lid) for n, lid in enumerate(listing_ids)),
    )
    reset_sequences(favourite_model)


def _seed_cast_bookings(rng: random.Random, cast: list[int]) -> None:
    """Every cast member's dashboard; each requests listings of their own slice, so no two collide."""
    for slot, member_id in enumerate(cast):
        _seed_bookings(rng, member_id, slot)


def _seed_bookings(rng: random.Random, member_id: int, slot: int) -> None:
    """A member's dashboard: requests they made and received, in every state.

    Made through the bookings services (a few dozen rows), so transitions, conversations and
    notifications are exactly what the app writes. A step the state machine refuses (a
    handover before the start date, say) leaves the booking where it is.
    """
    from django.core.exceptions import ValidationError

    services = _bookings_services()
    assert services is not None
    users = apps.get_model("accounts", "User").objects
    listings = apps.get_model("listings", "Listing").objects.filter(status="active", visibility="public")
    member = users.get(pk=member_id)
    today = timezone.localdate()
    plans = ["requested", "accepted", "declined", "cancelled", "ongoing", "completed"]
    # Each cast member picks from every CAST_SIZE-th listing, so no two request the same one
    # (their accepted loans would overlap), spread over the table.
    wanted = listings.exclude(kind="swap").filter(intent="offer").order_by("pk").values_list("pk", "owner_id")
    spread = list(wanted[: CAST_SIZE * DASHBOARD_BOOKINGS * 17])[slot::CAST_SIZE]
    mine = [pk for pk, owner_id in spread if owner_id != member_id]
    chosen = mine[:: max(1, len(mine) // DASHBOARD_BOOKINGS)][:DASHBOARD_BOOKINGS]
    by_pk = listings.in_bulk(chosen)
    outgoing = [by_pk[pk] for pk in chosen]
    incoming = list(listings.filter(owner_id=member_id, intent="offer").exclude(kind="swap")[:DASHBOARD_BOOKINGS])
    requesters = list(users.exclude(pk=member_id).exclude(email=REQUESTER_EMAIL).order_by("pk")[:DASHBOARD_BOOKINGS])
    pairs = [(listing, member) for listing in outgoing[:DASHBOARD_BOOKINGS]]
    pairs += list(zip(incoming, requesters, strict=False))
    for index, (listing, requester) in enumerate(pairs):
        start = today + timedelta(days=1 + index)
        kwargs: dict[str, Any] = {"message": "Bonjour, est-ce toujours disponible ?"}
        if listing.kind == "lend":
            kwargs.update(start_date=start, end_date=start + timedelta(days=2))
        elif listing.kind == "service":
            service_start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=2 + index)
            kwargs.update(service_start=service_start, duration_minutes=120)
        try:
            booking = services.booking_request(listing=listing, requester=requester, **kwargs)
        except ValidationError:
            continue
        owner = users.get(pk=listing.owner_id)
        steps = {
            "requested": [],
            "accepted": [("accept", owner)],
            "declined": [("decline", owner)],
            "cancelled": [("cancel", requester)],
            "ongoing": [("accept", owner), ("handover", owner)],
            "completed": [("accept", owner), ("handover", owner), ("return", owner)]
            if listing.kind == "lend"
            else [("accept", owner), ("complete", owner)],
        }[plans[index % len(plans)]]
        for action, actor in steps:
            try:
                services.booking_act(booking_id=booking.pk, actor=actor, action=action, note="Merci !")
            except Exception:  # noqa: BLE001 - a refused step leaves the booking in its state
                break


def _vacuum_analyse() -> None:
    """Rewrite what the bulk update left behind and give the planner fresh statistics."""
    with connection.cursor() as cursor:
        listing_model = _listing_model()
        if listing_model is not None:
            cursor.execute(f"VACUUM FULL {connection.ops.quote_name(listing_model._meta.db_table)}")
        cursor.execute("VACUUM ANALYZE")

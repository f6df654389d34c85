"""Demo reviews, replies and vouches for seed_demo, so that the demo members span every level.

Marie ends up *trusted* (a dozen exchanges, excellent reviews, vouches), Karim *regular*,
Lucas *regular*, Sophie a *newcomer*; a recent exchange leaves one hidden review and reviews to write.
Idempotent: the exchanges it adds are recognised by their closed listing (title, owner and the
description below) and skipped when they exist.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TextIO

from django.utils import timezone

from accounts.models import User
from bookings.models import Booking, BookingState, BookingTransition
from listings.models import Category, Listing

from .models import Review, ReviewReply, Vouch
from .services import trust_summaries_refresh

MARIE = "marie.dupont@example.fr"
KARIM = "karim.benali@example.fr"
SOPHIE = "sophie.martin@example.fr"
LUCAS = "lucas.bernard@example.fr"

# (owner, requester, listing title, days ago completed, owner's rating of requester, comment,
#  requester's rating of owner, comment)
HISTORY = [
    (
        MARIE,
        KARIM,
        "Perceuse à percussion",
        160,
        5,
        "Karim a rendu la perceuse nettoyée, avec les forets rangés. Parfait.",
        5,
        "Marie explique tout, prête sa mallette complète. Merci !",
    ),
    (
        MARIE,
        LUCAS,
        "Appareil à raclette",
        150,
        5,
        "Très agréable, rendu le lendemain comme prévu.",
        5,
        "Appareil impeccable et Marie très arrangeante sur l'horaire.",
    ),
    (
        MARIE,
        LUCAS,
        "Tente 4 places",
        140,
        4,
        "Tout s'est bien passé, un piquet oublié mais rendu ensuite.",
        5,
        "Tente en parfait état, notice et conseils en prime.",
    ),
    (MARIE, KARIM, "Escabeau 5 marches", 120, 5, "Toujours aussi fiable.", 5, "Rien à redire, disponible très vite."),
    (
        MARIE,
        SOPHIE,
        "Siège auto bébé",
        110,
        5,
        "Rendu propre, merci Sophie.",
        5,
        "Siège très propre, Marie m'a montré l'installation.",
    ),
    (
        MARIE,
        LUCAS,
        "Ponceuse orbitale",
        95,
        5,
        "Ponceuse rendue avec des disques neufs, quelle attention.",
        4,
        "Bon matériel, petit retard au rendez-vous mais prévenu.",
    ),
    (MARIE, KARIM, "Nettoyeur haute pression", 80, 5, "Parfait comme d'habitude.", 5, "Marie est la voisine idéale."),
    (
        MARIE,
        KARIM,
        "Machine à pain",
        70,
        5,
        "Merci pour le pain partagé au retour !",
        5,
        "Très sympathique, recette offerte avec la machine.",
    ),
    (
        MARIE,
        LUCAS,
        "Vélo cargo",
        60,
        5,
        "Lucas a pris grand soin du vélo.",
        5,
        "Vélo génial pour le déménagement, Marie très disponible.",
    ),
    (MARIE, KARIM, "Scie sauteuse", 50, 4, "Lame émoussée mais remplacée, c'est réglo.", 5, "Outil en parfait état."),
    (
        MARIE,
        LUCAS,
        "Livres de cuisine",
        40,
        5,
        "Livres rendus impeccables.",
        5,
        "Un trésor de recettes, merci Marie !",
    ),
    (
        KARIM,
        MARIE,
        "Cours de guitare débutant",
        45,
        5,
        "Élève très motivée !",
        5,
        "Karim est un prof patient et pédagogue.",
    ),
    (
        KARIM,
        LUCAS,
        "Diable de déménagement",
        35,
        4,
        "Rendu à l'heure.",
        4,
        "Pratique, rendez-vous un peu compliqué à caler.",
    ),
    (
        KARIM,
        SOPHIE,
        "Jeux de société",
        30,
        5,
        "Aucune pièce manquante, bravo.",
        4,
        "Super sélection, une boîte un peu abîmée.",
    ),
]
# A recent exchange: Lucas has written (hidden), Marie has not yet; and one nobody reviewed yet.
RECENT_HIDDEN = (MARIE, LUCAS, "Taille-haie électrique", 3, "Taille-haie puissant, Marie m'a aidé à le porter.")
RECENT_UNREVIEWED = (KARIM, MARIE, "Perforateur", 1)
HISTORY_DESCRIPTION = "Prêté plusieurs fois entre voisins : en bon état, avec son mode d'emploi."
REPLIES = {
    "Ponceuse orbitale": "Merci Lucas ! Pour le rendez-vous, pas de souci, tu avais prévenu.",
    "Jeux de société": "Merci Sophie, la boîte était déjà abîmée, je l'ai signalé dans l'annonce.",
}
VOUCHES = [
    (KARIM, MARIE, "Voisine depuis six ans, toujours prête à rendre service."),
    (SOPHIE, MARIE, "Nos enfants sont à la même école, je la connais bien."),
    (MARIE, KARIM, "Karim anime l'atelier vélo de la résidence."),
]


def _listing(owner: User, title: str) -> Listing:
    listing = Listing.objects.filter(owner=owner, title=title, status="closed", description=HISTORY_DESCRIPTION).first()
    if listing:
        return listing
    category = Category.objects.filter(parent__isnull=False).order_by("pk").first() or Category.objects.first()
    assert category is not None, "categories are seeded by the listings migrations"
    return Listing.objects.create(
        owner=owner,
        kind="lend",
        title=title,
        description=HISTORY_DESCRIPTION,
        category=category,
        city=owner.city or "Lyon",
        postcode=owner.postcode or "69003",
        status="closed",
        published_at=timezone.now() - timedelta(days=200),
    )


def _completed_booking(owner: User, requester: User, title: str, days_ago: float) -> tuple[Booking, bool]:
    listing = _listing(owner, title)
    existing = Booking.objects.filter(listing=listing, requester=requester, state=BookingState.COMPLETED).first()
    if existing:
        return existing, False
    completed = timezone.now() - timedelta(days=days_ago)
    requested = completed - timedelta(days=4)
    answered = requested + timedelta(hours=2 + len(title) % 9)
    booking = Booking.objects.create(
        listing=listing,
        kind="lend",
        owner=owner,
        requester=requester,
        state=BookingState.COMPLETED,
        message="Bonjour, est-ce que je pourrais l'emprunter ce week-end ?",
        created_at=requested,
        updated_at=completed,
        answered_at=answered,
        completed_at=completed,
    )
    BookingTransition.objects.bulk_create(
        [
            BookingTransition(
                booking=booking,
                from_state="",
                to_state="requested",
                action="request",
                actor=requester,
                created_at=requested,
            ),
            BookingTransition(
                booking=booking,
                from_state="requested",
                to_state="accepted",
                action="accept",
                actor=owner,
                created_at=answered,
            ),
            BookingTransition(
                booking=booking,
                from_state="accepted",
                to_state="completed",
                action="complete",
                actor=owner,
                created_at=completed,
            ),
        ]
    )
    return booking, True


def seed(stdout: TextIO) -> None:
    members = {user.email: user for user in User.objects.filter(email__in=[MARIE, KARIM, SOPHIE, LUCAS])}
    if len(members) < 4:
        stdout.write("reviews: demo members missing, skipped")
        return
    for owner, requester, title, days, owner_rating, owner_comment, requester_rating, requester_comment in HISTORY:
        booking, created = _completed_booking(members[owner], members[requester], title, days)
        if not created:
            continue
        published = booking.completed_at + timedelta(days=2) if booking.completed_at else timezone.now()
        Review.objects.create(
            booking=booking,
            author=members[owner],
            subject=members[requester],
            rating=owner_rating,
            comment=owner_comment,
            created_at=published - timedelta(days=1),
            published_at=published,
        )
        review = Review.objects.create(
            booking=booking,
            author=members[requester],
            subject=members[owner],
            rating=requester_rating,
            comment=requester_comment,
            created_at=published,
            published_at=published,
        )
        if title in REPLIES:
            ReviewReply.objects.create(
                review=review, author=members[owner], text=REPLIES[title], created_at=published + timedelta(hours=5)
            )
    owner, requester, title, days, comment = RECENT_HIDDEN
    booking, created = _completed_booking(members[owner], members[requester], title, days)
    if created:
        Review.objects.create(
            booking=booking, author=members[requester], subject=members[owner], rating=5, comment=comment
        )
    owner, requester, title, days = RECENT_UNREVIEWED
    _completed_booking(members[owner], members[requester], title, days)
    for voucher, vouchee, text in VOUCHES:
        Vouch.objects.get_or_create(
            voucher=members[voucher], vouchee=members[vouchee], withdrawn_at=None, defaults={"text": text}
        )
    count = trust_summaries_refresh(user_ids=User.objects.filter(is_active=True).values_list("pk", flat=True))
    stdout.write(
        f"reviews: {Review.objects.count()} reviews, {Vouch.objects.active().count()} vouches, {count} trust summaries"
    )

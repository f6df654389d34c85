"""Posting each kind of listing, as an offer and as a request, through the two-step form."""

from decimal import Decimal

import pytest
from django.urls import reverse

from listings.models import Category, Listing, PriceUnit, Status, Visibility

from .conftest import png

KIND_CASES = [
    # kind, intent, kind-specific fields posted, expected (price, unit)
    ("lend", "offer", {"condition": "good", "price": "3.50", "deposit": "50"}, (Decimal("3.50"), PriceUnit.PER_DAY)),
    ("lend", "request", {"price": ""}, (None, PriceUnit.NONE)),
    ("sell", "offer", {"condition": "like_new", "price": "120"}, (Decimal("120"), PriceUnit.FIXED)),
    ("sell", "request", {"price": "80"}, (Decimal("80"), PriceUnit.FIXED)),
    ("swap", "offer", {"condition": "good", "swap_wanted": "Des jeux de société"}, (None, PriceUnit.NONE)),
    ("swap", "request", {"swap_wanted": "Un vélo enfant"}, (None, PriceUnit.NONE)),
    ("give", "offer", {"condition": "fair"}, (None, PriceUnit.NONE)),
    ("give", "request", {}, (None, PriceUnit.NONE)),
    ("service", "offer", {"price_unit": "per_hour", "price": "15"}, (Decimal("15"), PriceUnit.PER_HOUR)),
    ("service", "request", {"price_unit": "none"}, (None, PriceUnit.NONE)),
]


def form_data(category_slug: str = "power-tools", **extra) -> dict:
    data = {
        "title": "Perceuse à percussion",
        "description": "Avec deux batteries et des forets.",
        "category": str(Category.objects.get(slug=category_slug).pk),
        "city": "Lyon",
        "postcode": "69003",
        "visibility": "public",
        "action": "publish",
    }
    data.update(extra)
    return data


def create_url(kind: str, intent: str) -> str:
    return reverse("listings:create") + f"?kind={kind}&intent={intent}"


def test_step_one_offers_every_kind_as_offer_and_request(alice_client):
    response = alice_client.get(reverse("listings:create"))
    for kind in ("lend", "sell", "swap", "give", "service"):
        assert f"?kind={kind}&amp;intent=offer" in response.content.decode()
        assert f"?kind={kind}&amp;intent=request" in response.content.decode()


def test_an_unknown_kind_shows_step_one_again(alice_client):
    response = alice_client.get(reverse("listings:create") + "?kind=rent&intent=offer")
    assert response.templates[0].name == "listings/choose_kind.html"


def test_the_form_adapts_to_the_kind(alice_client):
    lend = alice_client.get(create_url("lend", "offer")).content.decode()
    give = alice_client.get(create_url("give", "offer")).content.decode()
    assert 'name="deposit"' in lend
    assert 'name="price"' not in give


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(create_url("lend", "offer"))
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]


@pytest.mark.parametrize(("kind", "intent", "fields", "expected"), KIND_CASES)
def test_member_publishes_each_kind(alice_client, alice, kind, intent, fields, expected):
    category = "childcare" if kind == "service" else "power-tools"
    response = alice_client.post(create_url(kind, intent), form_data(category, **fields))
    listing = Listing.objects.get(owner=alice)
    assert response.status_code == 302
    assert (listing.kind, listing.intent, listing.status) == (kind, intent, Status.ACTIVE)
    assert (listing.price, listing.price_unit) == expected


@pytest.mark.parametrize(("kind", "intent", "fields", "expected"), KIND_CASES)
def test_member_edits_each_kind(alice_client, alice, kind, intent, fields, expected):
    category = "childcare" if kind == "service" else "power-tools"
    alice_client.post(create_url(kind, intent), form_data(category, **fields))
    listing = Listing.objects.get(owner=alice)
    response = alice_client.post(
        reverse("listings:edit", args=[listing.pk]), form_data(category, title="Nouveau titre", **fields)
    )
    listing.refresh_from_db()
    assert response.status_code == 302
    assert listing.title == "Nouveau titre"
    assert (listing.price, listing.price_unit) == expected


def test_save_as_draft_keeps_it_unpublished(alice_client, alice):
    alice_client.post(create_url("give", "offer"), form_data(action="draft"))
    listing = Listing.objects.get(owner=alice)
    assert (listing.status, listing.published_at) == (Status.DRAFT, None)


def test_new_listing_is_shown_to_its_owner_after_posting(alice_client, alice):
    response = alice_client.post(create_url("give", "offer"), form_data(), follow=True)
    assert "Perceuse à percussion" in response.content.decode()


def test_lend_offer_keeps_its_deposit(alice_client, alice):
    alice_client.post(create_url("lend", "offer"), form_data(price="2", deposit="40"))
    assert Listing.objects.get(owner=alice).deposit == Decimal("40")


def test_listing_shared_with_a_circle(alice_client, alice, tilleuls):
    alice_client.post(create_url("lend", "offer"), form_data(visibility="circles", circles=[str(tilleuls.pk)]))
    listing = Listing.objects.get(owner=alice)
    assert listing.visibility == Visibility.CIRCLES
    assert list(listing.circles.all()) == [tilleuls]


def test_photos_uploaded_with_the_form_are_stored_in_order(alice_client, alice):
    alice_client.post(
        create_url("lend", "offer"), form_data(photos=[png("a.png", colour="red"), png("b.png", colour="blue")])
    )
    listing = Listing.objects.get(owner=alice)
    photos = list(listing.photos.order_by("position"))
    assert [photo.position for photo in photos] == [0, 1]
    assert listing.cover_thumbnail == photos[0].thumbnail.name


def test_changing_kind_on_edit_drops_the_fields_of_the_old_kind(alice_client, alice):
    alice_client.post(create_url("lend", "offer"), form_data(price="3", deposit="50"))
    listing = Listing.objects.get(owner=alice)
    alice_client.post(reverse("listings:edit", args=[listing.pk]) + "?kind=give&intent=offer", form_data())
    listing.refresh_from_db()
    assert (listing.kind, listing.price, listing.deposit) == ("give", None, None)


def test_only_the_owner_can_open_the_edit_form(client, bob, alice):
    from tests.conftest import login
    from tests.factories import ListingFactory

    listing = ListingFactory(owner=alice)
    response = login(client, bob).get(reverse("listings:edit", args=[listing.pk]))
    assert response.status_code == 404


def test_a_stranger_cannot_post_an_edit(client, bob, alice):
    from tests.conftest import login
    from tests.factories import ListingFactory

    listing = ListingFactory(owner=alice, title="Perceuse")
    login(client, bob).post(reverse("listings:edit", args=[listing.pk]), form_data(title="Volé"))
    listing.refresh_from_db()
    assert listing.title == "Perceuse"


def test_the_owner_can_go_back_to_choosing_the_kind(alice_client, alice):
    from tests.factories import ListingFactory

    listing = ListingFactory(owner=alice)
    response = alice_client.get(reverse("listings:edit", args=[listing.pk]) + "?change=kind")
    assert response.templates[0].name == "listings/choose_kind.html"

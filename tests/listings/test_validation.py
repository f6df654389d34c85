"""Bad input gets a clear error, and the database refuses what the form would have refused."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from listings import services
from listings.models import Category, Listing, ListingPhoto

from .conftest import make_circle, not_an_image, png
from .test_create import create_url, form_data


def errors_of(response) -> str:
    return response.content.decode()


def test_negative_price_is_refused(alice_client, alice):
    response = alice_client.post(create_url("sell", "offer"), form_data(price="-5"))
    assert "Un prix ne peut pas être négatif" in errors_of(response) or "cannot be negative" in errors_of(response)
    assert not Listing.objects.exists()


def test_a_price_above_the_bound_is_refused(alice_client):
    response = alice_client.post(create_url("sell", "offer"), form_data(price="250000"))
    assert response.status_code == 200
    assert not Listing.objects.exists()


def test_unknown_category_is_refused(alice_client):
    response = alice_client.post(create_url("give", "offer"), form_data() | {"category": "999999"})
    assert "Choose a category from the list." in errors_of(response) or "Choisissez une catégorie" in errors_of(
        response
    )


def test_a_circle_the_owner_is_not_in_is_refused(alice_client, dave):
    foreign = make_circle("Club de foot", dave)
    response = alice_client.post(
        create_url("lend", "offer"), form_data(visibility="circles", circles=[str(foreign.pk)])
    )
    assert response.status_code == 200
    assert not Listing.objects.exists()


def test_circles_only_without_a_circle_is_refused(alice_client, tilleuls):
    response = alice_client.post(create_url("lend", "offer"), form_data(visibility="circles"))
    assert response.status_code == 200
    assert not Listing.objects.exists()


def test_too_many_photos_are_refused(alice_client):
    photos = [png(f"p{i}.png") for i in range(9)]
    response = alice_client.post(create_url("lend", "offer"), form_data(photos=photos))
    assert "8" in response.context["form"].errors["photos"][0]
    assert not Listing.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(alice_client):
    response = alice_client.post(create_url("lend", "offer"), form_data(photos=[not_an_image()]))
    assert "notes.png" in response.context["form"].errors["photos"][0]
    assert not ListingPhoto.objects.exists()


def test_a_price_on_a_give_listing_is_refused(alice_client):
    response = alice_client.post(create_url("give", "offer"), form_data(price="10"))
    assert response.status_code == 200
    assert not Listing.objects.exists()


def test_a_sale_offer_needs_a_price(alice_client):
    response = alice_client.post(create_url("sell", "offer"), form_data(price=""))
    assert "price" in response.context["form"].errors


def test_a_free_service_with_a_price_is_refused(alice_client):
    response = alice_client.post(create_url("service", "offer"), form_data("childcare", price_unit="none", price="12"))
    assert "price" in response.context["form"].errors


def test_a_paid_service_needs_a_price(alice_client):
    response = alice_client.post(create_url("service", "offer"), form_data("childcare", price_unit="per_hour"))
    assert "price" in response.context["form"].errors


def test_a_bad_postcode_is_refused(alice_client):
    response = alice_client.post(create_url("give", "offer"), form_data(postcode="LYON"))
    assert "postcode" in response.context["form"].errors


def test_the_service_refuses_a_price_on_a_give_listing(alice):
    values = {
        "kind": "give",
        "intent": "offer",
        "title": "Chaise",
        "description": "Une chaise.",
        "category": Category.objects.get(slug="furniture"),
        "city": "Lyon",
        "postcode": "69003",
        "price": 10,
        "price_unit": "fixed",
    }
    with pytest.raises(ValidationError):
        services.listing_create(owner=alice, values=values)


def test_the_service_refuses_a_circle_the_owner_is_not_in(alice, dave):
    foreign = make_circle("Club de foot", dave)
    values = {
        "kind": "give",
        "intent": "offer",
        "title": "Chaise",
        "description": "Une chaise.",
        "category": Category.objects.get(slug="furniture"),
        "city": "Lyon",
        "postcode": "69003",
        "visibility": "circles",
    }
    with pytest.raises(ValidationError, match="Club de foot"):
        services.listing_create(owner=alice, values=values, circles=[foreign])


def test_the_service_keeps_no_file_when_a_photo_is_bad(alice, _media_root):
    values = {
        "kind": "give",
        "intent": "offer",
        "title": "Chaise",
        "description": "Une chaise.",
        "category": Category.objects.get(slug="furniture"),
        "city": "Lyon",
        "postcode": "69003",
    }
    with pytest.raises(ValidationError):
        services.listing_create(owner=alice, values=values, photos=[png(), not_an_image()])
    assert not Listing.objects.exists()
    assert not [path for path in _media_root.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "give", "price": 5, "price_unit": "fixed"},
        {"kind": "swap", "price": 5, "price_unit": "none"},
        {"kind": "sell", "intent": "offer", "price": None, "price_unit": "none"},
        {"kind": "sell", "price": 5, "price_unit": "fixed", "deposit": 20},
        {"kind": "lend", "price": -1, "price_unit": "per_day"},
        {"kind": "lend", "price": 5, "price_unit": "per_hour"},
        {"kind": "give", "swap_wanted": "un vélo"},
        {"kind": "service", "condition": "good"},
    ],
)
def test_the_database_refuses_kind_rules_broken_behind_the_form(alice, fields):
    row = {
        "owner": alice,
        "kind": "give",
        "intent": "offer",
        "title": "x",
        "description": "y",
        "category": Category.objects.get(slug="furniture"),
        "city": "Lyon",
        "postcode": "69003",
        "condition": "",
    } | fields
    with pytest.raises(IntegrityError):
        Listing.objects.create(**row)


def test_model_clean_explains_a_deposit_outside_a_loan(alice):
    listing = Listing(
        owner=alice,
        kind="sell",
        intent="offer",
        title="Vélo",
        description="Bon état",
        category=Category.objects.get(slug="cycling"),
        city="Lyon",
        postcode="69003",
        price=50,
        price_unit="fixed",
        deposit=10,
    )
    with pytest.raises(ValidationError) as info:
        listing.full_clean()
    assert "deposit" in info.value.message_dict


def test_the_edit_form_refuses_photos_beyond_eight(alice_client, alice):
    from tests.factories import ListingFactory

    listing = ListingFactory(owner=alice)
    for position in range(7):
        ListingPhoto.objects.create(listing=listing, image=f"x{position}.webp", thumbnail="t.webp", position=position)
    response = alice_client.post(
        reverse("listings:edit", args=[listing.pk]), form_data(photos=[png("a.png"), png("b.png")])
    )
    assert "photos" in response.context["form"].errors


def test_a_refused_loan_form_shows_the_loan_fields_only(alice_client):
    html = errors_of(alice_client.post(create_url("lend", "offer"), form_data(price="-5")))
    shown = re.findall(r'<(?:div|fieldset) class="field[^"]*" id="field-([^"]*)"', html)
    assert shown == [
        "photos",  # first since issue 23
        "title",
        "description",
        "category",
        "condition",
        "price",
        "deposit",
        "city",
        "postcode",
        "visibility",
    ]


SINGLE_LINE_ERROR = "Écrivez ceci sur une seule ligne"


def test_a_title_with_a_line_break_is_refused_with_a_clear_message(alice_client):
    response = alice_client.post(create_url("give", "offer"), form_data(title="Perceuse\r\nBcc: victime@example.fr"))
    assert SINGLE_LINE_ERROR in str(response.context["form"].errors["title"])
    assert not Listing.objects.exists()


@pytest.mark.parametrize("character", ["\t", "\x1b", "\x85", "\u2028"])
def test_a_city_with_a_control_character_is_refused(alice_client, character):
    response = alice_client.post(create_url("give", "offer"), form_data(city=f"Lyon{character}3e"))
    assert "city" in response.context["form"].errors


def test_an_accented_title_with_emoji_is_accepted(alice_client):
    alice_client.post(create_url("give", "offer"), form_data(title="Cartons à donner 📦 — été"))
    assert Listing.objects.get().title == "Cartons à donner 📦 — été"

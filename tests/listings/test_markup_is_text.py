"""What members type is shown as text, never run as markup: on a card, in the gallery, beside the trust card."""

import pytest
from django.urls import reverse

from listings import services
from tests.conftest import login
from tests.factories import ListingFactory, UserFactory

from .conftest import png

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_a_title_with_a_script_is_text_on_its_card(client):
    ListingFactory(title=SCRIPT)
    page = client.get(reverse("listings:search")).content.decode()
    card = page[page.rindex('<article class="listing-card">', 0, page.index(ESCAPED)) :]
    assert f">{ESCAPED}</a></h3>" in card[: card.index("</article>")]
    assert SCRIPT not in page


def test_a_title_with_a_script_is_text_in_the_gallery(client, alice, bob):
    listing = ListingFactory(owner=alice, title=SCRIPT)
    services.photo_add(listing=listing, user=alice, uploads=[png(), png(colour="red")])
    page = login(client, bob).get(listing.get_absolute_url()).content.decode()
    assert f'id="gallery-main" src="{listing.photos.first().image.url}" alt="{ESCAPED}"' in page
    assert SCRIPT not in page


def test_an_owner_name_with_markup_is_text_beside_their_trust_card(client, bob):
    owner = UserFactory(first_name='<img src=x onerror="alert(1)">', last_name="Martin")
    listing = ListingFactory(owner=owner)
    page = login(client, bob).get(listing.get_absolute_url()).content.decode()
    owner_card = page[page.index('<div class="card owner-card">') : page.index('<section class="trust-card"')]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; M." in owner_card
    assert "<img src=x" not in page

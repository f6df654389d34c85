"""Vouching: only for someone you share a circle with or completed an exchange with; one active per pair."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from reviews.models import Vouch
from reviews.services import vouch_create, vouch_withdraw
from tests.conftest import login
from tests.factories import reviews_booking

from .conftest import share_a_circle

pytestmark = pytest.mark.django_db


def test_fellow_circle_member_can_vouch(alice, bob):
    share_a_circle(alice, bob)
    assert vouch_create(voucher=bob, vouchee=alice, text="Ma voisine du 3e").is_active


def test_exchange_partner_can_vouch(alice, bob):
    reviews_booking(owner=alice, requester=bob)
    assert vouch_create(voucher=bob, vouchee=alice, text="Prêt impeccable").pk


def test_an_unfinished_booking_is_not_enough(alice, bob):
    reviews_booking(owner=alice, requester=bob, state="accepted")
    with pytest.raises(ValidationError):
        vouch_create(voucher=bob, vouchee=alice, text="Pas encore")


def test_stranger_cannot_vouch(alice, charlie):
    with pytest.raises(ValidationError):
        vouch_create(voucher=charlie, vouchee=alice, text="Je la connais")
    assert not Vouch.objects.exists()


def test_nobody_vouches_for_themselves(alice):
    with pytest.raises(ValidationError):
        vouch_create(voucher=alice, vouchee=alice, text="Moi")


def test_second_active_vouch_for_the_same_member_is_refused(alice, bob):
    share_a_circle(alice, bob)
    vouch_create(voucher=bob, vouchee=alice, text="Une fois")
    with pytest.raises(ValidationError, match="recommandez déjà"):
        vouch_create(voucher=bob, vouchee=alice, text="Deux fois")


def test_database_allows_one_active_vouch_per_pair(alice, bob):
    Vouch.objects.create(voucher=bob, vouchee=alice, text="Une fois")
    with pytest.raises(IntegrityError):
        Vouch.objects.create(voucher=bob, vouchee=alice, text="Deux fois")


def test_withdrawn_vouch_can_be_given_again(alice, bob):
    share_a_circle(alice, bob)
    vouch_create(voucher=bob, vouchee=alice, text="Une fois")
    vouch_withdraw(voucher=bob, vouchee=alice)
    vouch_create(voucher=bob, vouchee=alice, text="De nouveau")
    assert Vouch.objects.active().count() == 1


def test_member_vouches_from_the_trust_page(client, alice, bob):
    share_a_circle(alice, bob)
    response = login(client, bob).post(f"/confiance/membres/{alice.pk}/recommander/", {"text": "Ma voisine"})
    assert response.status_code == 302
    assert Vouch.objects.get().voucher == bob


def test_stranger_vouch_post_is_refused_with_a_message(client, alice, charlie):
    response = login(client, charlie).post(f"/confiance/membres/{alice.pk}/recommander/", {"text": "Je la connais"})
    assert response.status_code == 400
    assert not Vouch.objects.exists()


def test_vouch_needs_a_logged_in_member(client, alice):
    response = client.post(f"/confiance/membres/{alice.pk}/recommander/", {"text": "Anonyme"})
    assert response.status_code == 302 and not Vouch.objects.exists()


def test_withdraw_rejects_get(client, alice, bob):
    assert login(client, bob).get(f"/confiance/membres/{alice.pk}/retirer/").status_code == 405


def test_member_withdraws_their_vouch(client, alice, bob):
    share_a_circle(alice, bob)
    vouch_create(voucher=bob, vouchee=alice, text="Une fois")
    login(client, bob).post(f"/confiance/membres/{alice.pk}/retirer/")
    assert not Vouch.objects.active().exists()


def test_vouch_for_an_unknown_member_is_404(client, bob):
    assert login(client, bob).post("/confiance/membres/999999/recommander/", {"text": "?"}).status_code == 404


def test_profile_offers_the_vouch_form_to_a_fellow_member(client, alice, bob):
    share_a_circle(alice, bob)
    response = login(client, bob).get(f"/membres/{alice.pk}/")
    assert f"/confiance/membres/{alice.pk}/recommander/" in response.content.decode()


def test_profile_does_not_offer_the_vouch_form_to_a_stranger(client, alice, charlie):
    response = login(client, charlie).get(f"/membres/{alice.pk}/")
    assert "/recommander/" not in response.content.decode()


def test_vouchers_the_viewer_knows_come_first(client, alice, bob, charlie):
    from tests.factories import UserFactory

    stranger_voucher, known_voucher = UserFactory(first_name="Zoé"), UserFactory(first_name="Yann")
    share_a_circle(alice, stranger_voucher, name="Club de vélo")
    share_a_circle(alice, known_voucher, charlie, name="Résidence")
    vouch_create(voucher=known_voucher, vouchee=alice, text="Connue")
    vouch_create(voucher=stranger_voucher, vouchee=alice, text="Inconnue")  # the newest
    page = login(client, charlie).get(f"/membres/{alice.pk}/").content.decode()
    assert page.index("Yann") < page.index("Zoé")


def test_a_blocked_member_cannot_vouch(alice, bob):
    from accounts.models import Block

    share_a_circle(alice, bob)
    Block.objects.create(blocker=alice, blocked=bob)
    with pytest.raises(ValidationError):
        vouch_create(voucher=bob, vouchee=alice, text="Je la connais")

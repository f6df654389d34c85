"""Data rights: "download my data" and "delete my account"."""

import datetime
import json

import pytest
import time_machine
from allauth.account.models import EmailAddress, EmailConfirmation
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bookings.models import BookingTransition, Conversation, Message, Notification
from listings.models import ListingPhoto, Status
from moderation import services
from moderation.models import DataExport, ExportStatus
from moderation.storage import export_storage
from reviews.models import Review, ReviewReply, Vouch
from tests.conftest import login
from tests.factories import (
    DEFAULT_PASSWORD,
    BookableListingFactory,
    BookingFactory,
    CircleFactory,
    MembershipFactory,
    ReviewFactory,
    UserFactory,
    reviews_booking,
)

EMAIL = "zephyrine.quillebeuf@example.fr"
PHONE = "06 12 34 56 78"


@pytest.fixture
def zephyrine(db):
    return UserFactory(
        first_name="Zéphyrine",
        last_name="Quillebeuf",
        email=EMAIL,
        phone=PHONE,
        bio="J'aime bricoler.",
        postcode="69007",
    )


@pytest.fixture
def history(zephyrine, bob, charlie):
    """Everything a member leaves behind: circle, listing and photo, bookings, messages, reviews…"""
    circle = CircleFactory(name="Résidence Les Tilleuls")
    MembershipFactory(circle=circle, user=zephyrine)
    listing = BookableListingFactory(owner=zephyrine, title="Raclette 8 personnes")
    ListingPhoto.objects.create(listing=listing, image="listings/raclette.jpg", thumbnail="listings/raclette_t.jpg")
    booking = BookingFactory(listing=listing, requester=bob, state="completed", completed_at=timezone.now())
    BookingTransition.objects.create(booking=booking, from_state="requested", to_state="accepted", action="accept")
    conversation = Conversation.objects.create(listing=listing, owner=zephyrine, member=bob, booking=booking)
    Message.objects.create(conversation=conversation, sender=zephyrine, body="La raclette est prête, passe ce soir.")
    Message.objects.create(conversation=conversation, sender=bob, body="Merci, à ce soir !")
    # Their review of bob, bob's (published) review of them, and a hidden review they must not see.
    ReviewFactory(booking=booking, author=zephyrine, rating=5, comment="Bob est ponctuel.", published_at=timezone.now())
    ReviewFactory(booking=booking, author=bob, rating=4, comment="Appareil très propre.", published_at=timezone.now())
    other = reviews_booking(owner=charlie, requester=zephyrine)
    ReviewFactory(booking=other, author=charlie, comment="Avis encore caché de Charlie.")
    Vouch.objects.create(voucher=bob, vouchee=zephyrine, text="Ma voisine du 3e.")
    Vouch.objects.create(voucher=zephyrine, vouchee=bob, text="Voisin serviable.")
    services.report_create(reporter=zephyrine, target=charlie, reason="spam", details="Messages en masse.")
    Notification.objects.create(recipient=zephyrine, kind="completed", booking=booking)
    # A conversation between two other members.
    theirs = Conversation.objects.create(listing=BookableListingFactory(owner=charlie), owner=charlie, member=bob)
    Message.objects.create(conversation=theirs, sender=bob, body="Conversation privée entre Bob et Charlie.")
    return booking


def _export(user) -> dict:
    export = services.data_export_request(user=user)
    export = services.data_export_build(export_id=export.pk)  # what the task does after commit
    with export_storage().open(export.file_name) as handle:
        return json.loads(handle.read())


# --- Export: content ---


def test_the_export_has_the_profile(zephyrine, history):
    profile = _export(zephyrine)["profile"]
    assert (profile["email"], profile["phone"], profile["last_name"]) == (EMAIL, PHONE, "Quillebeuf")


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("circles", "Résidence Les Tilleuls"),
        ("listings", "Raclette 8 personnes"),
        ("listings", "listings/raclette.jpg"),
        ("bookings", "Bob B."),
        ("bookings", '"accepted"'),
        ("conversations", "La raclette est prête"),
        ("conversations", "Merci, à ce soir"),
        ("reviews_written", "Bob est ponctuel."),
        ("reviews_received", "Appareil très propre."),
        ("vouches_received", "Ma voisine du 3e."),
        ("vouches_given", "Voisin serviable."),
        ("reports_made", "Messages en masse."),
        ("notifications", "completed"),
    ],
)
def test_the_export_has_each_kind_of_data(zephyrine, history, section, expected):
    assert expected in json.dumps(_export(zephyrine)[section], ensure_ascii=False)


@pytest.mark.parametrize(
    "private",
    ["bob@example.fr", "charlie@example.fr", "Avis encore caché de Charlie.", "Conversation privée entre Bob"],
)
def test_the_export_has_nothing_of_other_members_private_data(zephyrine, history, private):
    assert private not in json.dumps(_export(zephyrine), ensure_ascii=False)


def test_the_export_is_built_by_a_task_and_the_member_emailed(zephyrine, history, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.data_export_request(user=zephyrine)
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    assert any(m.to == [EMAIL] for m in mail.outbox)


# --- Export: the pages ---


@pytest.fixture
def ready_export(zephyrine, history, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.data_export_request(user=zephyrine)
    export.refresh_from_db()
    return export


def _download_url(export: DataExport) -> str:
    return reverse("moderation:export_download", kwargs={"token": export.token})


def test_the_member_downloads_their_file(client, zephyrine, ready_export):
    response = login(client, zephyrine).get(_download_url(ready_export))
    assert response.status_code == 200
    assert json.loads(b"".join(response.streaming_content))["profile"]["email"] == EMAIL


def test_another_member_gets_404_for_the_link(client, bob, ready_export):
    assert login(client, bob).get(_download_url(ready_export)).status_code == 404


def test_an_anonymous_visitor_gets_sent_to_log_in(client, ready_export):
    assert client.get(_download_url(ready_export)).status_code == 302


def test_the_link_expires_after_a_day(client, zephyrine, ready_export):
    login(client, zephyrine)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        assert client.get(_download_url(ready_export)).status_code == 404


def test_the_file_is_not_under_the_public_media_folder(ready_export, settings):
    assert str(settings.MEDIA_ROOT) not in export_storage().path(ready_export.file_name)


def test_the_data_page_shows_the_download_button(client, zephyrine, ready_export):
    content = login(client, zephyrine).get(reverse("moderation:my_data")).content.decode()
    assert _download_url(ready_export) in content


def test_requesting_an_export_needs_a_post(client, zephyrine):
    assert login(client, zephyrine).get(reverse("moderation:export_request")).status_code == 405


def test_the_member_asks_for_their_file_from_the_page(client, zephyrine):
    login(client, zephyrine).post(reverse("moderation:export_request"))
    assert DataExport.objects.filter(user=zephyrine).count() == 1


# --- Deletion ---


def _delete(client: Client, user, password: str = DEFAULT_PASSWORD):
    return client.post(reverse("moderation:delete_account"), {"password": password, "confirm": "on"})


def _rows_containing(needle: str) -> list[str]:
    """Every (table, column) whose text contains ``needle``, across every model of the project."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                lookup = "icontains" if not isinstance(field, models.JSONField) else None
                if lookup:
                    hits = model._default_manager.filter(**{f"{field.attname}__{lookup}": needle})
                else:
                    hits = [
                        row
                        for row in model._default_manager.values_list(field.attname, flat=True)
                        if needle.lower() in json.dumps(row, ensure_ascii=False).lower()
                    ]
                if hits:
                    found.append(f"{model._meta.db_table}.{field.column}")
    return found


def test_a_wrong_password_deletes_nothing(client, zephyrine):
    response = _delete(login(client, zephyrine), zephyrine, password="pas-le-bon")
    assert response.status_code == 400
    zephyrine.refresh_from_db()
    assert zephyrine.is_active


def test_the_deletion_page_needs_the_member_logged_in(client):
    assert client.get(reverse("moderation:delete_account")).status_code == 302


@pytest.fixture
def her_words_everywhere(zephyrine, bob, charlie, history):
    """Her name, email and phone wherever she could have typed them: in what the site erases and
    in what it keeps (a title, the reviews she wrote, her reports). What other members wrote stays
    theirs, even quoting her: it is not part of this world."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from bookings.services import booking_act, booking_request
    from circles.models import Invitation
    from listings.models import PendingPhoto

    signed = f"Zéphyrine Quillebeuf, {PHONE}, {EMAIL}"
    zephyrine.bio = f"Appelez-moi au {PHONE}."
    zephyrine.save()
    mine = BookableListingFactory(owner=zephyrine, kind="swap", title="Jeux de Zéphyrine", description=signed)
    Listing = mine.__class__
    Listing.objects.filter(pk=mine.pk).update(swap_wanted=f"Des plantes, écrire à {EMAIL}")
    PendingPhoto.objects.create(listing=mine, name="zephyrine-quillebeuf.heic", data=b"GPS")
    asked = booking_request(listing=BookableListingFactory(owner=bob, kind="give"), requester=zephyrine, message=signed)
    booking_act(booking_id=asked.pk, actor=zephyrine, action="cancel", note=f"Désolée, appelez le {PHONE}")
    ReviewFactory(
        booking=reviews_booking(owner=charlie, requester=zephyrine),
        author=zephyrine,
        comment=f"Merci Charlie ! {signed}",
        published_at=timezone.now(),
    )
    received = ReviewFactory(
        booking=reviews_booking(owner=bob, requester=zephyrine), author=bob, published_at=timezone.now()
    )
    ReviewReply.objects.create(review=received, author=zephyrine, text=f"Merci Bob, {signed}")
    club = CircleFactory(name="Club de lecture", join_policy="request")
    MembershipFactory(circle=club, user=zephyrine, pending=True, message=f"Je suis {signed}")
    Invitation.objects.create(
        circle=CircleFactory(name="Voisins"),
        token="jeton",
        created_by=zephyrine,
        expires_at=timezone.now() + datetime.timedelta(days=3),
        label="Les amis de Zéphyrine",
    )
    services.report_create(reporter=zephyrine, target=bob, reason="other", details=f"Répondez-moi : {EMAIL}")
    LogEntry.objects.create(
        user=bob,
        content_type=ContentType.objects.get_for_model(zephyrine.__class__),
        object_id=str(zephyrine.pk),
        object_repr=str(zephyrine.get_full_name()),
        action_flag=CHANGE,
        change_message=f"Téléphone : {PHONE}",
    )
    EmailConfirmation.objects.create(email_address=EmailAddress.objects.get(user=zephyrine), key="cle-de-test")
    _export(zephyrine)
    return mine


@pytest.mark.parametrize("needle", [EMAIL, "Zéphyrine", "Quillebeuf", PHONE])
def test_after_deletion_no_table_holds_their_email_name_or_phone(client, zephyrine, her_words_everywhere, needle):
    assert _rows_containing(needle) != []  # the world really holds it everywhere before
    _delete(login(client, zephyrine), zephyrine)
    assert _rows_containing(needle) == []


def test_her_listing_keeps_its_title_without_her_name(client, zephyrine, her_words_everywhere):
    _delete(login(client, zephyrine), zephyrine)
    her_words_everywhere.refresh_from_db()
    assert (her_words_everywhere.title, her_words_everywhere.description) == ("Jeux de [ancien membre]", "")


def test_the_reviews_she_wrote_stay_without_her_contact_details(client, zephyrine, her_words_everywhere):
    _delete(login(client, zephyrine), zephyrine)
    comment = Review.objects.get(comment__startswith="Merci Charlie").comment
    assert comment == "Merci Charlie ! [ancien membre], [ancien membre], [ancien membre]"


def test_her_photos_still_being_prepared_go_with_their_gps(client, zephyrine, her_words_everywhere):
    from listings.models import PendingPhoto

    _delete(login(client, zephyrine), zephyrine)
    assert not PendingPhoto.objects.exists()


def test_the_notes_she_left_on_a_timeline_are_erased(client, zephyrine, her_words_everywhere):
    _delete(login(client, zephyrine), zephyrine)
    assert not BookingTransition.objects.filter(note__contains=PHONE).exists()


def test_the_emails_owed_to_others_forget_the_notes_she_wrote(client, zephyrine, bob, her_words_everywhere):
    assert Notification.objects.filter(recipient=bob, payload__note__icontains=PHONE).exists()
    _delete(login(client, zephyrine), zephyrine)
    assert not Notification.objects.filter(recipient=bob, payload__note__icontains=PHONE).exists()


def test_a_circle_she_was_the_last_admin_of_gets_its_longest_standing_member_as_admin(client, zephyrine, bob, charlie):
    circle = CircleFactory(name="Résidence")
    MembershipFactory(circle=circle, user=zephyrine, admin=True)
    MembershipFactory(circle=circle, user=bob, joined_at=timezone.now() - datetime.timedelta(days=30))
    MembershipFactory(circle=circle, user=charlie)
    _delete(login(client, zephyrine), zephyrine)
    assert list(circle.memberships.filter(role="admin").values_list("user", flat=True)) == [bob.pk]


def test_a_circle_only_she_was_in_is_closed(client, zephyrine):
    circle = CircleFactory(name="Famille")
    MembershipFactory(circle=circle, user=zephyrine, admin=True)
    _delete(login(client, zephyrine), zephyrine)
    circle.refresh_from_db()
    assert circle.is_closed


def test_deleting_an_account_costs_the_same_queries_however_large_the_site(client, zephyrine, history):
    """The erasure goes through her relations: other members' rows are never read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory

    def queries_to_delete(member) -> int:
        browser = login(Client(), member)
        with CaptureQueriesContext(connection) as queries:
            _delete(browser, member)
        return len(queries)

    twin = UserFactory(first_name="Jumelle", email="jumelle@example.fr")
    BookingFactory(listing=BookableListingFactory(owner=twin), requester=UserFactory(), state="completed")
    small = queries_to_delete(twin)
    for _ in range(20):  # other members' exchanges and messages
        other = BookingFactory(listing=BookableListingFactory(owner=UserFactory()), requester=UserFactory())
        thread = Conversation.objects.create(listing=other.listing, owner=other.owner, member=other.requester)
        Message.objects.create(conversation=thread, sender=other.requester, body="Bonjour !")
    twin2 = UserFactory(first_name="Seconde", email="seconde@example.fr")
    BookingFactory(listing=BookableListingFactory(owner=twin2), requester=UserFactory(), state="completed")
    assert queries_to_delete(twin2) == small


def test_after_deletion_every_session_of_theirs_is_gone(zephyrine, history):
    other_browser, this_browser = Client(), Client()
    login(other_browser, zephyrine)
    _delete(login(this_browser, zephyrine), zephyrine)
    assert other_browser.get(reverse("bookings:dashboard")).status_code == 302
    assert Session.objects.count() == 0


def test_after_deletion_they_cannot_log_in(client, zephyrine):
    _delete(login(client, zephyrine), zephyrine)
    client.post(reverse("account_login"), {"login": EMAIL, "password": DEFAULT_PASSWORD})
    assert client.get(reverse("bookings:dashboard")).status_code == 302


def test_their_messages_read_message_deleted_and_the_others_stay(client, zephyrine, history):
    _delete(login(client, zephyrine), zephyrine)
    bodies = list(Message.objects.filter(conversation__booking=history).values_list("body", flat=True))
    assert bodies == ["Message supprimé", "Merci, à ce soir !"]


def test_their_listings_are_removed_and_photos_gone(client, zephyrine, history):
    _delete(login(client, zephyrine), zephyrine)
    assert history.listing.__class__.objects.get(pk=history.listing_id).status == Status.REMOVED
    assert not ListingPhoto.objects.exists()


def test_the_other_partys_booking_history_stays(client, zephyrine, bob, history):
    _delete(login(client, zephyrine), zephyrine)
    history.refresh_from_db()
    assert (history.requester, history.state, history.transitions.count()) == (bob, "completed", 1)


def test_their_reviews_stay_as_former_member(client, alice, zephyrine, bob, history):
    _delete(login(client, zephyrine), zephyrine)
    review = Review.objects.get(comment="Bob est ponctuel.")
    assert review.published_at is not None
    content = login(Client(), alice).get(bob.get_absolute_url()).content.decode()
    assert "Bob est ponctuel." in content
    assert "Zéphyrine" not in content


def test_reviews_written_by_the_other_party_stay(client, zephyrine, history):
    _delete(login(client, zephyrine), zephyrine)
    assert Review.objects.filter(comment="Appareil très propre.").exists()


def test_their_profile_is_gone(client, alice, zephyrine):
    _delete(login(client, zephyrine), zephyrine)
    assert login(Client(), alice).get(reverse("accounts:profile", kwargs={"pk": zephyrine.pk})).status_code == 404


def test_an_export_not_enqueued_is_built_by_the_periodic_task(zephyrine):
    export = services.data_export_request(user=zephyrine)  # its on-commit task never ran
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        assert services.data_exports_build_pending() == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.READY


def test_expired_exports_are_deleted_with_their_file(ready_export):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert services.data_exports_purge_expired() == 1
    assert not export_storage().exists(ready_export.file_name)


def test_asking_for_an_export_works_with_the_broker_down(
    client, zephyrine, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from moderation.tasks import build_data_export

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(build_data_export, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, zephyrine).post(reverse("moderation:export_request"))
    assert response.status_code == 302
    assert DataExport.objects.get(user=zephyrine).status == ExportStatus.PENDING


def test_a_member_with_a_draft_can_delete_their_account(client, zephyrine):
    draft = BookableListingFactory(owner=zephyrine, status="draft", published_at=None)
    response = _delete(login(client, zephyrine), zephyrine)
    assert response.status_code == 302
    assert not draft.__class__.objects.filter(pk=draft.pk).exists()

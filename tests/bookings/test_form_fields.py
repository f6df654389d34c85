"""The booking forms' fields as a member sees them: labelled, optional ones marked, errors beside them."""

import re

import pytest
from django import forms
from django.urls import reverse

from bookings.forms import LoanRequestForm, QuestionForm, SwapRequestForm
from tests.conftest import login
from tests.factories import BookableListingFactory

pytestmark = pytest.mark.django_db


def field_of(html: str, name: str) -> str:
    """The markup the field template draws for the field ``name`` (one without help text)."""
    start = html.index(f'id="field-{name}"')
    return html[start : html.index("</div>", start)]


def test_every_field_of_the_request_form_has_its_label(client, alice, bob, drill):
    html = login(client, bob).get(drill.get_absolute_url()).content.decode()
    form = html[html.index('class="form card booking-request-form"') :]
    form = form[: form.index("</form>")]
    ids = re.findall(r'<(?:input|textarea|select)[^>]* id="(id_[a-z_]+)"', form)
    assert ids == ["id_start_date", "id_end_date", "id_message"]
    assert all(f'<label for="{field_id}">' in form for field_id in ids)


def test_an_optional_field_says_so_and_a_required_one_does_not(alice, bob):
    swap = BookableListingFactory(owner=alice, kind="swap")
    html = str(QuestionForm()) + str(SwapRequestForm(listing=swap, user=bob))
    assert "Votre question</label>" in html
    assert 'Message au propriétaire <span class="field__optional">(facultatif)</span></label>' in html


def test_help_text_is_tied_to_its_field(alice, bob, drill):
    html = str(LoanRequestForm(listing=drill, user=bob))
    assert '<div class="field__help" id="id_message_helptext">' in html
    assert re.search(r'<textarea[^>]* aria-describedby="id_message_helptext"', html)


def test_a_wrong_date_is_shown_beside_its_field(client, bob, drill):
    login(client, bob)
    response = client.post(
        reverse("bookings:request", args=[drill.pk]), {"start_date": "pas une date", "end_date": "2030-01-02"}
    )
    field = field_of(response.content.decode(), "start_date")
    assert 'class="field field--error"' in response.content.decode()
    assert 'for="id_start_date"' in field and "Saisissez une date valide" in field


def test_a_wrong_date_is_announced_with_its_field(client, bob, drill):
    login(client, bob)
    html = client.post(
        reverse("bookings:request", args=[drill.pk]), {"start_date": "pas une date", "end_date": "2030-01-02"}
    ).content.decode()
    start_date = re.search(r'<input [^>]*id="id_start_date"[^>]*>', html).group()
    assert 'aria-invalid="true"' in start_date and 'aria-describedby="id_start_date_error"' in start_date
    assert '<ul class="errorlist" id="id_start_date_error">' in html


def test_a_missing_offer_is_said_above_the_swap_form(client, alice, bob):
    swap = BookableListingFactory(owner=alice, kind="swap", title="Trottinette")
    login(client, bob)
    html = client.post(reverse("bookings:request", args=[swap.pk]), {"message": "Bonjour"}).content.decode()
    assert '<div class="alert alert--error" role="alert"><p class="alert__line">Dites ce que vous proposez' in html


def test_a_checkbox_comes_before_its_label_and_its_label_is_escaped():
    class Consent(forms.Form):
        agreed = forms.BooleanField(label="J'accepte <tout>")

    html = str(Consent())
    assert 'class="field field--checkbox" id="field-agreed"' in html
    assert re.search(
        r'<input type="checkbox" name="agreed"[^>]*>\s*<div class="field__text">\s*'
        r'<label for="id_agreed">J&#x27;accepte &lt;tout&gt;</label>',
        html,
    )

"""The booking forms' fields as a member sees them: labelled, optional ones marked, errors beside them."""

import re

import pytest
from django import forms
from django.urls import reverse

from bookings.forms import QuestionForm, SwapRequestForm
from bookings.templatetags.bookings_tags import form_fields
from tests.conftest import login
from tests.factories import BookableListingFactory

pytestmark = pytest.mark.django_db


def test_every_field_of_the_request_form_has_its_label(client, alice, bob, drill):
    html = login(client, bob).get(drill.get_absolute_url()).content.decode()
    form = html[html.index('class="form card booking-request-form"') :]
    form = form[: form.index("</form>")]
    ids = re.findall(r'<(?:input|textarea|select)[^>]* id="(id_[a-z_]+)"', form)
    assert ids == ["id_start_date", "id_end_date", "id_message"]
    assert all(f'<label for="{field_id}">' in form for field_id in ids)


def test_an_optional_field_says_so_and_a_required_one_does_not(alice, bob):
    swap = BookableListingFactory(owner=alice, kind="swap")
    html = form_fields(QuestionForm()) + form_fields(SwapRequestForm(listing=swap, user=bob))
    assert "Votre question</label>" in html
    assert 'Message au propriétaire <span class="muted text-xs">(facultatif)</span></label>' in html


def test_help_text_is_tied_to_its_field(alice, bob, drill):
    from bookings.forms import LoanRequestForm

    html = form_fields(LoanRequestForm(listing=drill, user=bob))
    assert '<span class="field__help" id="id_message_help">' in html


def test_a_wrong_date_is_shown_beside_its_field(client, bob, drill):
    login(client, bob)
    response = client.post(
        reverse("bookings:request", args=[drill.pk]), {"start_date": "pas une date", "end_date": "2030-01-02"}
    )
    html = response.content.decode()
    start = html[html.index('<div class="field field--error">') :]
    assert 'for="id_start_date"' in start[: start.index("</div>")]
    assert "Saisissez une date valide" in start[: start.index("</div>")]


def test_a_missing_offer_is_said_above_the_swap_form(client, alice, bob):
    swap = BookableListingFactory(owner=alice, kind="swap", title="Trottinette")
    login(client, bob)
    html = client.post(reverse("bookings:request", args=[swap.pk]), {"message": "Bonjour"}).content.decode()
    assert '<ul class="errorlist nonfield" role="alert"><li>Dites ce que vous proposez' in html


def test_a_checkbox_comes_before_its_label():
    class Consent(forms.Form):
        agreed = forms.BooleanField(label="J'accepte <tout>")

    html = form_fields(Consent())
    assert '<div class="field field--checkbox">' in html
    assert re.search(
        r'<input type="checkbox" name="agreed"[^>]*><label for="id_agreed">J&#x27;accepte &lt;tout&gt;', html
    )

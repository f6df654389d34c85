from django.template.loader import render_to_string

from circles.models import Circle


def test_avatar_shows_initials_when_there_is_no_photo(alice):
    html = render_to_string("partials/avatar.html", {"member": alice, "size": "lg"})
    assert "AM" in html and "avatar--lg" in html


def test_avatar_shows_the_thumbnail_when_there_is_a_photo(alice):
    alice.avatar.name, alice.avatar_thumb.name = "avatars/a.webp", "avatars/a_thumb.webp"
    html = render_to_string("partials/avatar.html", {"member": alice, "size": "sm"})
    assert 'src="/media/avatars/a_thumb.webp"' in html


def test_member_chip_links_the_public_name_to_the_profile(alice):
    html = render_to_string("partials/member_chip.html", {"member": alice})
    assert f'href="/membres/{alice.pk}/"' in html and "Alice M." in html and "Martin" not in html


def test_member_chip_lists_the_shared_circles(alice):
    shared = [Circle(name="Résidence Les Tilleuls", slug="tilleuls"), Circle(name="Club de rando", slug="rando")]
    html = render_to_string("partials/member_chip.html", {"member": alice, "shared": shared})
    assert 'class="shared-circles"' in html and "Club de rando" in html


def test_member_chip_shows_a_former_member_without_a_link(alice):
    alice.is_active = False
    html = render_to_string("partials/member_chip.html", {"member": alice})
    assert "href" not in html and "Alice" not in html

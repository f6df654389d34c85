"""The demo's pictures depict their category's objects: one drawing per category, in colourways."""

import io

from PIL import Image

from listings.categories import CATEGORY_TREE
from listings.illustrations import DRAWINGS, HEIGHT, WIDTH, illustration


def test_every_seeded_category_has_a_drawing_of_its_own():
    slugs = {child for _slug, _fr, _en, children in CATEGORY_TREE for child, _cf, _ce in children}
    assert slugs - set(DRAWINGS) == set()


def test_two_categories_get_different_pictures():
    assert illustration("cycling") != illustration("camping")


def test_a_category_comes_in_more_than_one_colourway():
    assert illustration("power-tools", 0) != illustration("power-tools", 1)


def test_a_drawing_is_a_picture_of_a_card_s_proportions():
    image = Image.open(io.BytesIO(illustration("strollers")))
    assert image.size == (WIDTH, HEIGHT) and WIDTH * 3 == HEIGHT * 4


def test_a_drawing_is_not_a_flat_placeholder():
    """A drawing has an object on a backdrop: many colours, not a gradient and a word."""
    image = Image.open(io.BytesIO(illustration("cycling"))).convert("RGB").resize((300, 225))
    assert len(image.getcolors(maxcolors=100000) or []) > 500

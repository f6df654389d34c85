"""The seeded category tree: (slug, French name, English name, children). Used by a data migration."""

from __future__ import annotations

from typing import Any

CategoryNode = tuple[str, str, str, list[tuple[str, str, str]]]

CATEGORY_TREE: list[CategoryNode] = [
    (
        "sports-outdoor",
        "Sports et plein air",
        "Sports & outdoor",
        [
            ("cycling", "Vélo", "Cycling"),
            ("ski", "Ski et glisse", "Ski & snowboard"),
            ("camping", "Camping et randonnée", "Camping & hiking"),
            ("water-sports", "Sports nautiques", "Water sports"),
            ("fitness", "Fitness et musculation", "Fitness"),
            ("team-sports", "Sports collectifs et raquettes", "Team & racket sports"),
        ],
    ),
    (
        "tools-diy",
        "Bricolage et outillage",
        "Tools & DIY",
        [
            ("power-tools", "Outillage électrique", "Power tools"),
            ("hand-tools", "Outillage à main", "Hand tools"),
            ("ladders", "Échelles et échafaudages", "Ladders & scaffolding"),
            ("painting", "Peinture et décoration murale", "Painting & decorating"),
        ],
    ),
    (
        "kids-baby",
        "Enfants et bébé",
        "Kids & baby",
        [
            ("baby-gear", "Puériculture", "Baby gear"),
            ("toys", "Jouets et jeux", "Toys & games"),
            ("kids-clothing", "Vêtements enfant", "Kids' clothing"),
            ("strollers", "Poussettes et sièges auto", "Strollers & car seats"),
        ],
    ),
    (
        "books-media",
        "Livres et médias",
        "Books & media",
        [
            ("books", "Livres", "Books"),
            ("comics", "BD et mangas", "Comics & manga"),
            ("music-films", "Musique et films", "Music & films"),
            ("video-games", "Jeux vidéo", "Video games"),
            ("board-games", "Jeux de société", "Board games"),
        ],
    ),
    (
        "home-garden",
        "Maison et jardin",
        "Home & garden",
        [
            ("furniture", "Mobilier", "Furniture"),
            ("kitchen", "Cuisine et électroménager", "Kitchen & appliances"),
            ("decoration", "Décoration", "Decoration"),
            ("garden", "Jardin et plantes", "Garden & plants"),
            ("party", "Fêtes et réceptions", "Parties & events"),
        ],
    ),
    (
        "electronics",
        "Électronique",
        "Electronics",
        [
            ("computers", "Informatique", "Computers"),
            ("phones", "Téléphones et tablettes", "Phones & tablets"),
            ("photo-video", "Photo et vidéo", "Photo & video"),
            ("audio", "Son et hi-fi", "Audio & hi-fi"),
        ],
    ),
    (
        "clothing",
        "Vêtements et accessoires",
        "Clothing & accessories",
        [
            ("womens-clothing", "Vêtements femme", "Women's clothing"),
            ("mens-clothing", "Vêtements homme", "Men's clothing"),
            ("shoes", "Chaussures", "Shoes"),
            ("bags-accessories", "Sacs et accessoires", "Bags & accessories"),
        ],
    ),
    (
        "services",
        "Services",
        "Services",
        [
            ("childcare", "Garde d'enfants", "Childcare"),
            ("cleaning", "Ménage", "Cleaning"),
            ("tutoring", "Soutien scolaire et cours", "Tutoring & lessons"),
            ("small-jobs", "Petits travaux", "Small jobs"),
            ("moving-help", "Aide au déménagement", "Moving help"),
            ("gardening-help", "Entretien du jardin", "Gardening help"),
            ("pet-care", "Garde d'animaux", "Pet care"),
            ("computer-help", "Aide informatique", "Computer help"),
        ],
    ),
    ("other", "Autres", "Other", []),
]


def seed_categories(category_model: Any) -> None:
    """Create or update the tree (matched by slug). Used by the data migration, and by tests that
    need the tree back after a transactional test flushed the database."""
    for top_position, (slug, name_fr, name_en, children) in enumerate(CATEGORY_TREE):
        parent, _ = category_model.objects.update_or_create(
            slug=slug, defaults={"name_fr": name_fr, "name_en": name_en, "position": top_position, "parent": None}
        )
        for position, (child_slug, child_fr, child_en) in enumerate(children):
            category_model.objects.update_or_create(
                slug=child_slug,
                defaults={"name_fr": child_fr, "name_en": child_en, "position": position, "parent": parent},
            )

"""Illustrated portraits for the demo members, drawn with Pillow at seed time (no photo of a real
person, no initials painted): a face, a haircut, clothes and a background, varied per member."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

SIZE = 512
SCALE = 2
SKINS = ["#f2d3b3", "#e0b48f", "#c68a5e", "#8d5a3b", "#f5dcc6", "#b97a53"]
HAIRS = ["#2b2220", "#5a3a22", "#a0672f", "#d9b46a", "#1d1b1a", "#7a4a2a", "#b8b2aa"]
CLOTHES = ["#1f7a6c", "#3d5a9e", "#d2553a", "#8a5a9e", "#e6a23c", "#2f6f8f", "#4f8a3f", "#b0445f"]
BACKGROUNDS = ["#dceee9", "#e4eaf6", "#fbe6dc", "#efe3f4", "#fdf0d5", "#e3f1f4"]
STYLES = ["short", "long", "bun", "curly", "bob", "bald_beard", "side"]


def portrait_png(
    index: int,
    *,
    style: str | None = None,
    glasses: bool | None = None,
    hair: str | None = None,
    skin: str | None = None,
) -> bytes:
    """A 512 x 512 PNG portrait; ``index`` picks what is not given: skin, hair, clothes, background."""
    big = SIZE * SCALE
    image = Image.new("RGB", (big, big), BACKGROUNDS[index % len(BACKGROUNDS)])
    d = ImageDraw.Draw(image)
    skin = skin or SKINS[(index * 5 + 1) % len(SKINS)]
    hair = hair or HAIRS[(index * 3) % len(HAIRS)]
    cloth = CLOTHES[(index * 7 + 2) % len(CLOTHES)]
    style = style or STYLES[index % len(STYLES)]
    glasses = glasses if glasses is not None else index % 4 == 1

    def e(x0: float, y0: float, x1: float, y1: float, fill: str) -> None:
        d.ellipse([v * SCALE for v in (x0, y0, x1, y1)], fill=fill)

    def r(x0: float, y0: float, x1: float, y1: float, fill: str, radius: float) -> None:
        d.rounded_rectangle([v * SCALE for v in (x0, y0, x1, y1)], radius=radius * SCALE, fill=fill)

    if style in ("long", "bob"):  # hair behind the head and shoulders
        r(150, 150, 362, 390 if style == "long" else 330, hair, 90)
    # shoulders and neck
    e(86, 380, 426, 640, cloth)
    r(226, 300, 286, 400, _shade(skin, -0.08), 26)
    d.polygon([(v[0] * SCALE, v[1] * SCALE) for v in ((216, 384), (256, 430), (296, 384))], fill=_shade(skin, -0.08))
    # ears, head
    e(160, 215, 196, 275, _shade(skin, -0.05))
    e(316, 215, 352, 275, _shade(skin, -0.05))
    e(176, 128, 336, 318, skin)
    # hair on top
    if style == "short":
        d.chord([v * SCALE for v in (170, 110, 342, 250)], 180, 360, fill=hair)
        r(176, 150, 336, 190, hair, 30)
    elif style in ("long", "bob"):
        d.chord([v * SCALE for v in (166, 104, 346, 264)], 170, 370, fill=hair)
    elif style == "bun":
        e(216, 66, 296, 146, hair)
        d.chord([v * SCALE for v in (170, 112, 342, 250)], 180, 360, fill=hair)
    elif style == "curly":
        for x, y in ((190, 150), (225, 120), (265, 112), (305, 125), (330, 160), (180, 190), (334, 195)):
            e(x - 36, y - 36, x + 36, y + 36, hair)
    elif style == "side":
        d.chord([v * SCALE for v in (168, 108, 344, 250)], 180, 360, fill=hair)
        d.polygon(
            [(v[0] * SCALE, v[1] * SCALE) for v in ((176, 180), (300, 150), (340, 190), (336, 150), (250, 118))],
            fill=hair,
        )
    elif style == "bald_beard":
        d.chord([v * SCALE for v in (180, 224, 332, 330)], 0, 180, fill=hair)
        e(228, 268, 284, 300, skin)
    # face
    for x in (222, 290):
        e(x - 9, 216, x + 9, 236, "#2a2523")
        d.arc([v * SCALE for v in (x - 20, 196, x + 20, 216)], 200, 340, fill=_shade(hair, 0.1), width=5 * SCALE)
    d.arc([v * SCALE for v in (226, 250, 286, 290)], 20, 160, fill="#7b3b34", width=6 * SCALE)
    e(194, 250, 222, 270, "#f2a7a0" if skin in ("#f2d3b3", "#f5dcc6") else _shade(skin, -0.12))
    e(290, 250, 318, 270, "#f2a7a0" if skin in ("#f2d3b3", "#f5dcc6") else _shade(skin, -0.12))
    if glasses:
        for x in (222, 290):
            d.ellipse([v * SCALE for v in (x - 26, 202, x + 26, 250)], outline="#2a2523", width=5 * SCALE)
        d.line([v * SCALE for v in (248, 222, 264, 222)], fill="#2a2523", width=5 * SCALE)
    # collar
    d.polygon(
        [(v[0] * SCALE, v[1] * SCALE) for v in ((206, 392), (256, 452), (236, 470), (196, 410))],
        fill=_shade(cloth, 0.25),
    )
    d.polygon(
        [(v[0] * SCALE, v[1] * SCALE) for v in ((306, 392), (256, 452), (276, 470), (316, 410))],
        fill=_shade(cloth, 0.25),
    )
    buffer = io.BytesIO()
    image.resize((SIZE, SIZE), Image.Resampling.LANCZOS).save(buffer, "PNG")
    return buffer.getvalue()


def _shade(colour: str, amount: float) -> str:
    colour = colour.lstrip("#")
    rgb = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    rgb = [int(c + (255 - c) * amount) if amount >= 0 else int(c * (1 + amount)) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in rgb)

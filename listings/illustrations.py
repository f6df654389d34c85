"""Clean product illustrations for the demo listings, drawn with Pillow at seed time.

Each category has a drawing of a typical object (a bike, a drill, a tent, a pram…) on a soft
studio backdrop with a blurred floor shadow, in one of a few colourways; no text is painted.
Shapes are drawn at twice the size and scaled down, which smooths their edges.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1200, 900
SCALE = 2
# Objects are drawn around (600, 470) and enlarged from there, to fill a card's picture.
ZOOM = 1.18
CENTRE = (600.0, 470.0)
Point = tuple[float, float]

# (backdrop top, backdrop bottom, main colour, second colour, dark detail)
COLOURWAYS = [
    ("#f4efe6", "#e4dccd", "#1f7a6c", "#f2b544", "#23302e"),
    ("#eef3f6", "#d9e3ea", "#d2553a", "#3f6fb5", "#262b33"),
    ("#f6eef0", "#e8d8dc", "#3d5a9e", "#e6a23c", "#2a2833"),
    ("#eef4ec", "#d9e6d4", "#8a5a9e", "#4fa37b", "#2b2a30"),
]


class Canvas:
    """A 1200 x 900 drawing space (drawn at twice the size)."""

    def __init__(self, top: str, bottom: str) -> None:
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), top)
        self._backdrop(top, bottom)
        self.draw = ImageDraw.Draw(self.image)

    def _backdrop(self, top: str, bottom: str) -> None:
        start, end = _rgb(top), _rgb(bottom)
        gradient = Image.new("RGB", (1, 256))
        for y in range(256):
            t = y / 255
            gradient.putpixel((0, y), tuple(int(a + (b - a) * t) for a, b in zip(start, end, strict=True)))
        self.image.paste(gradient.resize(self.image.size, Image.Resampling.BICUBIC))

    def shadow(self, cx: float, cy: float, rx: float, ry: float, strength: int = 70) -> None:
        """A soft elliptic shadow on the floor, blurred on a layer of its own."""
        layer = Image.new("L", self.image.size, 0)
        ImageDraw.Draw(layer).ellipse(_box(cx - rx, cy - ry, cx + rx, cy + ry), fill=strength)
        layer = layer.filter(ImageFilter.GaussianBlur(18 * SCALE))
        self.image.paste(Image.new("RGB", self.image.size, "#1c2422"), mask=layer)
        self.draw = ImageDraw.Draw(self.image)

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: str,
        radius: float = 0,
        outline: str | None = None,
        width: float = 0,
    ) -> None:
        self.draw.rounded_rectangle(
            _box(x, y, x + w, y + h),
            radius=radius * SCALE * ZOOM,
            fill=fill,
            outline=outline,
            width=int(width * SCALE * ZOOM),
        )

    def ellipse(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        fill: str | None = None,
        outline: str | None = None,
        width: float = 0,
    ) -> None:
        self.draw.ellipse(
            _box(cx - rx, cy - ry, cx + rx, cy + ry), fill=fill, outline=outline, width=int(width * SCALE * ZOOM)
        )

    def circle(
        self, cx: float, cy: float, r: float, fill: str | None = None, outline: str | None = None, width: float = 0
    ) -> None:
        self.ellipse(cx, cy, r, r, fill, outline, width)

    def poly(self, points: Sequence[Point], fill: str) -> None:
        self.draw.polygon([_at(x, y) for x, y in points], fill=fill)

    def line(self, points: Sequence[Point], fill: str, width: float) -> None:
        scaled = [_at(x, y) for x, y in points]
        self.draw.line(scaled, fill=fill, width=int(width * SCALE * ZOOM), joint="curve")
        for x, y in (scaled[0], scaled[-1]):  # round caps
            r = width * SCALE * ZOOM / 2
            self.draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)

    def arc(self, cx: float, cy: float, r: float, start: float, end: float, fill: str, width: float) -> None:
        self.draw.arc(_box(cx - r, cy - r, cx + r, cy + r), start, end, fill=fill, width=int(width * SCALE * ZOOM))

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS).save(buffer, "PNG")
        return buffer.getvalue()


def _at(x: float, y: float) -> tuple[float, float]:
    return ((CENTRE[0] + (x - CENTRE[0]) * ZOOM) * SCALE, (CENTRE[1] + (y - CENTRE[1]) * ZOOM) * SCALE)


def _box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    return (*_at(x0, y0), *_at(x1, y1))


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def shade(colour: str, amount: float) -> str:
    """``colour`` lighter (amount > 0) or darker (amount < 0)."""
    r, g, b = _rgb(colour)
    if amount >= 0:
        r, g, b = (int(c + (255 - c) * amount) for c in (r, g, b))
    else:
        r, g, b = (int(c * (1 + amount)) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


# --- The objects ------------------------------------------------------------------------------
# Each draws on the canvas with (main, second, dark) colours, centred around (600, 470), floor at ~720.


def bicycle(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 735, 380, 26)
    for cx in (370, 830):
        c.circle(cx, 600, 140, outline=dark, width=16)
        c.circle(cx, 600, 122, outline=shade(dark, 0.75), width=3)
        for k in range(12):
            a = math.pi * k / 6
            c.line([(cx, 600), (cx + 118 * math.cos(a), 600 + 118 * math.sin(a))], shade(dark, 0.55), 2.5)
        c.circle(cx, 600, 14, fill=dark)
    crank = (585, 610)
    for start, end in [
        ((370, 600), crank),
        (crank, (530, 395)),
        ((370, 600), (530, 395)),
        ((530, 395), (760, 410)),
        (crank, (760, 410)),
        ((760, 410), (830, 600)),
    ]:
        c.line([start, end], main, 20)
    c.line([(520, 400), (505, 350)], dark, 14)
    c.rect(450, 330, 110, 26, dark, radius=13)
    c.line([(760, 410), (740, 330)], dark, 14)
    c.line([(700, 320), (790, 330)], dark, 14)
    c.circle(crank[0], crank[1], 30, fill=shade(dark, 0.2))
    c.rect(600, 566, 14, 70, second, radius=7)


def drill(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(590, 735, 260, 24)
    c.rect(300, 330, 430, 160, main, radius=70)
    c.rect(330, 350, 200, 40, shade(main, 0.25), radius=20)
    c.rect(730, 375, 90, 70, dark, radius=14)
    c.rect(815, 395, 150, 30, shade(dark, 0.5), radius=8)
    c.poly([(965, 398), (1010, 410), (965, 422)], shade(dark, 0.5))
    c.poly([(470, 480), (600, 480), (570, 640), (440, 640)], main)
    c.rect(440, 420, 150, 40, shade(main, -0.25), radius=18)
    c.rect(395, 630, 240, 100, dark, radius=22)
    c.rect(415, 650, 200, 18, second, radius=9)
    c.rect(560, 488, 34, 60, second, radius=10)


def tent(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 735, 420, 28)
    c.poly([(600, 250), (230, 720), (970, 720)], main)
    c.poly([(600, 250), (600, 720), (970, 720)], shade(main, -0.18))
    c.poly([(600, 330), (480, 720), (720, 720)], shade(dark, 0.15))
    c.poly([(600, 330), (600, 720), (700, 720), (640, 470)], second)
    c.line([(600, 250), (600, 200)], dark, 10)
    c.line([(230, 720), (160, 730)], dark, 5)
    c.line([(970, 720), (1040, 730)], dark, 5)
    c.line([(600, 250), (160, 730)], shade(dark, 0.4), 3)
    c.line([(600, 250), (1040, 730)], shade(dark, 0.4), 3)


def pram(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 740, 330, 24)
    c.draw.pieslice(_box(330, 250, 730, 650), 180, 270, fill=main)
    c.draw.pieslice(_box(330, 250, 730, 650), 270, 360, fill=shade(main, 0.35))
    c.rect(330, 440, 400, 130, shade(main, 0.35), radius=60)
    c.rect(330, 440, 200, 130, main, radius=60)
    c.rect(380, 470, 300, 20, second, radius=10)
    c.line([(730, 460), (860, 330)], dark, 14)
    c.line([(840, 330), (900, 330)], dark, 20)
    c.line([(420, 570), (560, 690)], dark, 10)
    c.line([(660, 570), (520, 690)], dark, 10)
    for cx in (420, 660):
        c.circle(cx, 680, 52, fill=dark)
        c.circle(cx, 680, 20, fill=shade(dark, 0.6))


def ladder(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 740, 260, 22)
    c.line([(470, 730), (560, 170)], main, 28)
    c.line([(730, 730), (640, 170)], main, 28)
    for k in range(7):
        y = 660 - k * 75
        t = (730 - y) / 560
        x0, x1 = 470 + 90 * t, 730 - 90 * t
        c.line([(x0, y), (x1, y)], shade(main, -0.2), 16)
    c.rect(540, 150, 120, 40, second, radius=10)
    for x in (470, 730):
        c.rect(x - 24, 716, 48, 22, dark, radius=8)


def skis(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 300, 20)
    for dx, colour in ((-80, main), (60, shade(main, -0.15))):
        c.poly([(500 + dx, 190), (540 + dx, 170), (720 + dx, 720), (670 + dx, 730)], colour)
        c.rect(590 + dx, 430, 70, 40, dark, radius=8)
        c.line([(520 + dx, 230), (700 + dx, 700)], second, 6)
    for x in (350, 850):
        c.line([(x, 200), (x + (40 if x < 600 else -40), 720)], dark, 9)
        c.circle(x + (36 if x < 600 else -36), 650, 26, outline=dark, width=6)


def dumbbell(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 735, 330, 22)
    c.rect(380, 485, 440, 46, shade(dark, 0.45), radius=20)
    for x in (300, 800):
        c.rect(x, 380, 100, 260, main, radius=26)
        c.rect(x + (100 if x < 600 else -40), 420, 40, 180, shade(main, -0.25), radius=14)
        c.rect(x + 18, 400, 16, 220, shade(main, 0.3), radius=8)
    c.rect(540, 478, 120, 60, second, radius=12)


def football(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 740, 220, 22)
    c.circle(600, 500, 230, fill="#fbfbfa", outline=dark, width=6)
    c.poly([(600, 430), (660, 472), (638, 542), (562, 542), (540, 472)], dark)
    for a in range(5):
        ang = math.radians(-90 + a * 72)
        x, y = 600 + 175 * math.cos(ang), 500 + 175 * math.sin(ang)
        pts = [
            (x + 45 * math.cos(ang + math.radians(k * 72)), y + 45 * math.sin(ang + math.radians(k * 72)))
            for k in range(5)
        ]
        c.poly(pts, dark)
        c.line(
            [(600 + 70 * math.cos(ang), 500 + 70 * math.sin(ang)), (x - 30 * math.cos(ang), y - 30 * math.sin(ang))],
            dark,
            5,
        )
    c.ellipse(530, 400, 60, 36, fill=shade("#ffffff", 0))


def kayak(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 735, 460, 24)
    c.draw.chord(_box(140, 420, 1060, 720), 0, 180, fill=main)
    c.ellipse(600, 570, 460, 36, fill=shade(main, 0.3))
    c.ellipse(600, 568, 120, 26, fill=dark)
    c.line([(300, 380), (900, 640)], shade(dark, 0.3), 12)
    for x, y in ((300, 380), (900, 640)):
        c.ellipse(x, y, 58, 26, fill=second)


def hammer_wrench(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 735, 330, 22)
    c.line([(420, 700), (640, 300)], shade(second, -0.1), 34)
    c.line([(420, 700), (500, 555)], dark, 40)
    c.poly([(560, 250), (760, 360), (720, 430), (520, 320)], shade(dark, 0.35))
    c.poly([(520, 320), (480, 290), (520, 230), (560, 250)], shade(dark, 0.35))
    c.line([(760, 720), (860, 300)], main, 34)
    c.circle(880, 270, 62, fill=main)
    c.rect(860, 200, 40, 70, "#efe9df", radius=8)
    c.circle(745, 735, 40, fill=main)
    c.circle(745, 735, 16, fill="#efe9df")


def paint(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 740, 380, 24)
    c.rect(300, 440, 260, 290, shade(dark, 0.7), radius=24)
    c.ellipse(430, 440, 130, 34, fill=main)
    c.poly([(330, 460), (530, 460), (520, 560), (340, 560)], main)
    c.arc(430, 420, 130, 190, 350, dark, 8)
    c.rect(640, 250, 300, 110, main, radius=40)
    c.rect(660, 270, 260, 24, shade(main, 0.35), radius=12)
    c.line([(940, 300), (980, 300), (980, 430), (800, 460), (800, 520)], dark, 12)
    c.rect(780, 510, 40, 220, second, radius=16)


def crib(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 360, 22)
    c.rect(280, 330, 40, 410, main, radius=16)
    c.rect(880, 330, 40, 410, main, radius=16)
    c.rect(300, 380, 600, 26, shade(main, -0.1), radius=12)
    c.rect(300, 620, 600, 34, shade(main, -0.1), radius=12)
    for k in range(11):
        x = 340 + k * 52
        c.rect(x, 400, 14, 225, shade(main, 0.2), radius=7)
    c.rect(320, 590, 560, 40, second, radius=18)
    c.circle(640, 300, 40, fill=second)
    c.line([(640, 340), (640, 380)], dark, 3)


def teddy(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 250, 24)
    body, light = "#b7794a", "#e6c29f"
    for cx, cy in ((470, 690), (730, 690)):
        c.ellipse(cx, cy, 80, 55, fill=body)
        c.ellipse(cx, cy + 5, 46, 30, fill=light)
    c.ellipse(600, 560, 165, 175, fill=body)
    c.ellipse(600, 590, 95, 105, fill=light)
    for cx in (420, 780):
        c.ellipse(cx, 520, 60, 95, fill=body)
    for cx in (475, 725):
        c.circle(cx, 250, 62, fill=body)
        c.circle(cx, 250, 32, fill=light)
    c.circle(600, 340, 150, fill=body)
    c.ellipse(600, 395, 72, 55, fill=light)
    c.ellipse(600, 372, 24, 17, fill=dark)
    c.arc(600, 395, 30, 20, 160, dark, 5)
    for cx in (545, 655):
        c.circle(cx, 320, 14, fill=dark)
    c.poly([(600, 470), (520, 430), (520, 510)], second)
    c.poly([(600, 470), (680, 430), (680, 510)], second)
    c.circle(600, 470, 18, fill=shade(second, -0.2))


def tshirt(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 300, 22)
    c.poly(
        [
            (470, 230),
            (300, 300),
            (240, 440),
            (340, 480),
            (390, 410),
            (390, 720),
            (810, 720),
            (810, 410),
            (860, 480),
            (960, 440),
            (900, 300),
            (730, 230),
        ],
        main,
    )
    c.draw.chord(_box(520, 190, 680, 300), 0, 180, fill=shade(main, -0.25))
    c.rect(390, 640, 420, 20, shade(main, 0.2), radius=8)
    c.rect(520, 330, 60, 60, second, radius=10)


def dress(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 750, 300, 22)
    c.line([(520, 170), (540, 260)], dark, 8)
    c.line([(680, 170), (660, 260)], dark, 8)
    c.poly([(520, 250), (680, 250), (700, 430), (500, 430)], main)
    c.poly([(500, 420), (700, 420), (880, 730), (320, 730)], shade(main, 0.1))
    for k in range(5):
        x = 390 + k * 105
        c.line([(560 + k * 20, 440), (x, 720)], shade(main, -0.12), 5)
    c.rect(495, 410, 210, 28, second, radius=12)


def sneaker(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 735, 360, 22)
    c.poly([(270, 660), (280, 520), (420, 470), (560, 340), (700, 360), (760, 500), (930, 560), (950, 660)], main)
    c.rect(260, 640, 700, 80, "#fbfbfa", radius=34)
    c.rect(260, 680, 700, 16, shade(dark, 0.6), radius=8)
    c.poly([(560, 340), (700, 360), (730, 440), (600, 470)], shade(main, -0.2))
    for k in range(4):
        c.line([(590 + k * 30, 420 - k * 14), (650 + k * 30, 470 - k * 14)], "#fbfbfa", 9)
    c.poly([(420, 560), (620, 520), (800, 600), (460, 620)], second)


def handbag(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 330, 24)
    c.arc(600, 420, 150, 180, 360, shade(main, -0.3), 26)
    c.poly([(330, 420), (870, 420), (930, 730), (270, 730)], main)
    c.rect(330, 420, 540, 60, shade(main, -0.15), radius=10)
    c.rect(560, 455, 80, 60, second, radius=10)


def books(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 360, 22)
    colours = [main, second, shade(main, -0.3), shade(second, 0.25), dark]
    y = 730
    for k, (w, colour) in enumerate(zip((620, 560, 600, 520, 480), colours, strict=True)):
        h = 72
        x = 600 - w / 2 + (k % 2) * 26 - 13
        c.rect(x, y - h, w, h, colour, radius=8)
        c.rect(x + 10, y - h + 10, w - 20, 8, shade(colour, 0.35), radius=4)
        c.rect(x + w - 90, y - h + 24, 50, 24, shade(colour, 0.5), radius=4)
        y -= h + 4
    c.rect(560, 250, 38, 90, second, radius=6)


def open_book(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 380, 22)
    c.poly([(600, 380), (240, 320), (240, 690), (600, 730)], "#fbfaf6")
    c.poly([(600, 380), (960, 320), (960, 690), (600, 730)], "#f2efe7")
    c.poly([(240, 690), (600, 730), (960, 690), (960, 705), (600, 748), (240, 705)], main)
    for k in range(6):
        y = 400 + k * 50
        c.line([(290, y - 40 + k * 2), (560, y + 4)], shade(dark, 0.75), 6)
        c.line([(640, y + 4), (910, y - 40 + k * 2)], shade(dark, 0.75), 6)
    c.rect(300, 340, 180, 110, second, radius=8)


def vinyl(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 360, 22)
    c.rect(260, 250, 440, 460, main, radius=10)
    c.circle(480, 480, 120, fill=shade(main, 0.3))
    c.circle(760, 480, 215, fill=dark)
    for r in (190, 160, 130):
        c.circle(760, 480, r, outline=shade(dark, 0.25), width=3)
    c.circle(760, 480, 70, fill=second)
    c.circle(760, 480, 10, fill=dark)


def gamepad(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 735, 330, 22)
    c.ellipse(430, 530, 150, 130, fill=dark)
    c.ellipse(770, 530, 150, 130, fill=dark)
    c.rect(420, 410, 360, 190, dark, radius=80)
    c.rect(390, 490, 110, 34, shade(dark, 0.45), radius=8)
    c.rect(428, 452, 34, 110, shade(dark, 0.45), radius=8)
    for (x, y), colour in zip(
        ((770, 460), (830, 510), (770, 560), (710, 510)),
        (main, second, shade(main, 0.4), shade(second, -0.2)),
        strict=True,
    ):
        c.circle(x, y, 26, fill=colour)
    c.circle(540, 590, 40, fill=shade(dark, 0.3))
    c.circle(660, 590, 40, fill=shade(dark, 0.3))


def board_game(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 380, 22)
    c.poly([(260, 560), (640, 440), (960, 540), (580, 680)], main)
    c.poly([(260, 560), (580, 680), (580, 730), (260, 610)], shade(main, -0.25))
    c.poly([(580, 680), (960, 540), (960, 590), (580, 730)], shade(main, -0.4))
    c.poly([(360, 560), (640, 470), (860, 540), (580, 630)], shade(main, 0.35))
    for (x, y), s in (((480, 360), 110), ((690, 330), 95)):
        c.rect(x, y, s, s, "#fbfbfa", radius=18)
        for dx, dy in ((0.3, 0.3), (0.7, 0.7), (0.5, 0.5)):
            c.circle(x + s * dx, y + s * dy, 10, fill=dark)
    c.circle(760, 560, 26, fill=second)
    c.ellipse(760, 515, 16, 30, fill=second)


def armchair(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 750, 380, 24)
    c.rect(360, 240, 480, 340, shade(main, -0.1), radius=60)
    c.rect(270, 420, 150, 260, main, radius=50)
    c.rect(780, 420, 150, 260, main, radius=50)
    c.rect(390, 520, 420, 150, shade(main, 0.15), radius=40)
    c.rect(500, 320, 200, 150, second, radius=30)
    for x in (320, 860):
        c.line([(x, 680), (x + (-15 if x < 600 else 15), 740)], dark, 16)


def stand_mixer(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 300, 22)
    c.rect(380, 670, 440, 60, main, radius=26)
    c.rect(690, 380, 120, 320, main, radius=50)
    c.rect(390, 300, 440, 160, main, radius=80)
    c.rect(410, 320, 200, 30, shade(main, 0.35), radius=15)
    c.circle(790, 380, 26, fill=shade(main, -0.3))
    c.line([(520, 460), (520, 520)], shade(dark, 0.5), 14)
    c.poly([(420, 520), (640, 520), (610, 670), (450, 670)], "#dfe3e6")
    c.poly([(420, 520), (470, 520), (480, 670), (450, 670)], "#f4f6f7")
    c.rect(410, 510, 240, 22, "#c9cfd3", radius=10)


def lamp(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 240, 20)
    c.poly([(470, 220), (730, 220), (820, 440), (380, 440)], main)
    c.poly([(600, 220), (730, 220), (820, 440), (600, 440)], shade(main, -0.12))
    c.line([(600, 440), (600, 690)], dark, 16)
    c.ellipse(600, 705, 150, 32, fill=dark)
    c.ellipse(600, 695, 150, 28, fill=shade(dark, 0.25))
    c.circle(600, 460, 26, fill=second)


def plant(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 230, 22)
    leaf = "#3f8f5a"
    for angle, length in ((-60, 260), (-35, 300), (-90, 320), (-120, 280), (-145, 250), (-75, 210), (-105, 230)):
        a = math.radians(angle)
        x, y = 600 + length * math.cos(a), 500 + length * math.sin(a)
        c.line([(600, 500), (x, y)], shade(leaf, -0.3), 8)
        mx, my = 600 + length * 0.7 * math.cos(a), 500 + length * 0.7 * math.sin(a)
        c.ellipse(mx, my, 70, 34, fill=leaf if angle % 2 else shade(leaf, 0.2))
    c.poly([(440, 500), (760, 500), (720, 730), (480, 730)], main)
    c.rect(420, 480, 360, 56, shade(main, -0.15), radius=14)
    c.rect(470, 580, 260, 14, second, radius=7)


def balloons(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 200, 18)
    for (x, y), colour in zip(((470, 330), (640, 270), (760, 390)), (main, second, shade(main, 0.35)), strict=True):
        c.line([(x, y + 110), (600, 700)], shade(dark, 0.4), 3)
        c.ellipse(x, y, 95, 115, fill=colour)
        c.ellipse(x - 32, y - 45, 22, 34, fill=shade(colour, 0.45))
        c.poly([(x, y + 108), (x - 14, y + 130), (x + 14, y + 130)], colour)
    c.rect(560, 690, 80, 40, dark, radius=10)


def laptop(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 740, 400, 22)
    c.rect(330, 230, 540, 360, dark, radius=22)
    c.rect(355, 255, 490, 310, main, radius=8)
    c.poly([(355, 565), (845, 255), (845, 565)], shade(main, 0.15))
    c.poly([(230, 620), (970, 620), (1000, 700), (200, 700)], "#c9cfd3")
    c.rect(200, 690, 800, 24, "#aeb5ba", radius=10)
    c.rect(530, 640, 140, 34, "#b9c0c5", radius=8)


def phone(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 220, 20)
    c.rect(470, 190, 260, 540, dark, radius=46)
    c.rect(488, 215, 224, 480, main, radius=30)
    c.poly([(488, 560), (712, 330), (712, 695), (488, 695)], shade(main, 0.2))
    c.rect(560, 224, 80, 18, dark, radius=9)
    for k in range(3):
        c.rect(510 + k * 68, 300, 48, 48, shade(second, 0.1 * k), radius=12)


def camera(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 360, 22)
    c.rect(280, 360, 640, 340, dark, radius=40)
    c.rect(460, 300, 220, 90, dark, radius=20)
    c.rect(280, 440, 640, 190, shade(dark, 0.2), radius=10)
    c.circle(610, 530, 150, fill=shade(dark, -0.2))
    c.circle(610, 530, 120, fill=main)
    c.circle(610, 530, 80, fill=shade(main, -0.4))
    c.circle(580, 500, 26, fill=shade(main, 0.5))
    c.rect(780, 320, 80, 40, second, radius=10)


def headphones(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 300, 22)
    c.arc(600, 470, 230, 180, 360, dark, 36)
    for x in (370, 830):
        c.rect(x - 70, 440, 140, 230, main, radius=60)
        c.rect(x - (70 if x > 600 else -20), 470, 50, 170, second, radius=25)


def speaker(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 280, 22)
    c.rect(420, 220, 360, 510, dark, radius=40)
    c.circle(600, 360, 90, fill=shade(dark, 0.3))
    c.circle(600, 360, 40, fill=main)
    c.circle(600, 580, 120, fill=shade(dark, 0.3))
    c.circle(600, 580, 60, fill=main)
    c.rect(560, 250, 80, 12, second, radius=6)


def cleaning(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 360, 22)
    c.poly([(300, 470), (620, 470), (580, 730), (340, 730)], main)
    c.ellipse(460, 470, 160, 34, fill=shade(main, -0.25))
    c.arc(460, 470, 160, 180, 360, dark, 10)
    c.ellipse(420, 455, 90, 40, fill="#f7f7f2")
    c.rect(720, 420, 150, 310, second, radius=30)
    c.rect(750, 330, 90, 100, second, radius=10)
    c.poly([(750, 330), (700, 330), (690, 370), (750, 370)], dark)
    c.rect(745, 520, 100, 120, "#f7f7f2", radius=14)


def tutoring(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 380, 22)
    c.rect(320, 260, 460, 460, "#fbfaf6", radius=14)
    c.rect(320, 260, 60, 460, main, radius=14)
    for k in range(8):
        c.line([(420, 330 + k * 48), (740, 330 + k * 48)], shade(dark, 0.8), 4)
    c.line([(820, 720), (940, 300)], second, 32)
    c.poly([(806, 716), (834, 724), (812, 770)], "#e8c9a0")
    c.rect(920, 270, 40, 50, shade(main, 0.3), radius=8)


def toolbox(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 380, 22)
    c.arc(600, 400, 110, 180, 360, dark, 26)
    c.rect(290, 390, 620, 340, main, radius=26)
    c.rect(290, 470, 620, 30, shade(main, -0.25), radius=6)
    c.rect(560, 450, 80, 70, second, radius=10)
    c.line([(380, 380), (470, 250)], shade(dark, 0.4), 20)
    c.rect(450, 220, 70, 50, shade(dark, 0.3), radius=8)


def boxes(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 420, 24)
    cardboard = "#c9955a"
    for x, y, w, h in ((260, 470, 340, 260), (600, 430, 340, 300), (400, 230, 300, 240)):
        c.rect(x, y, w, h, cardboard, radius=8)
        c.rect(x, y, w, 40, shade(cardboard, -0.12), radius=8)
        c.rect(x + w / 2 - 30, y, 60, h, shade(cardboard, 0.25), radius=2)
    c.rect(640, 560, 120, 70, "#f7f3ea", radius=6)
    c.rect(440, 330, 80, 50, second, radius=6)


def watering_can(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 330, 22)
    c.line([(720, 600), (930, 360)], main, 30)
    c.ellipse(950, 340, 50, 26, fill=shade(main, -0.2))
    c.rect(360, 420, 380, 310, main, radius=50)
    c.arc(470, 410, 130, 200, 340, shade(main, -0.3), 28)
    c.rect(360, 520, 380, 40, shade(main, 0.25), radius=10)
    for k in range(4):
        c.circle(1000 + k * 12, 390 + k * 40, 7, fill="#7fb6d9")


def pet(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 360, 22)
    c.poly([(320, 600), (700, 600), (660, 730), (360, 730)], main)
    c.ellipse(510, 600, 190, 36, fill=shade(main, -0.3))
    c.ellipse(510, 590, 150, 24, fill="#a8703f")
    for x, y in ((480, 575), (540, 590), (510, 580)):
        c.circle(x, y, 12, fill="#8a5a30")
    c.rect(760, 600, 200, 44, "#f4efe4", radius=22)
    for x in (760, 960):
        c.circle(x, 592, 30, fill="#f4efe4")
        c.circle(x, 652, 30, fill="#f4efe4")
    c.circle(800, 340, 60, fill=second)
    for dx, dy in ((-70, -70), (0, -100), (70, -70), (100, 0)):
        c.circle(800 + dx * 0.8, 340 + dy * 0.8 - 20, 24, fill=second)


def gift(c: Canvas, main: str, second: str, dark: str) -> None:
    c.shadow(600, 745, 300, 22)
    c.rect(360, 420, 480, 310, main, radius=16)
    c.rect(330, 360, 540, 90, shade(main, -0.15), radius=16)
    c.rect(570, 360, 60, 370, second, radius=4)
    c.ellipse(540, 330, 80, 44, outline=second, width=22)
    c.ellipse(660, 330, 80, 44, outline=second, width=22)


DRAWINGS: dict[str, Callable[[Canvas, str, str, str], None]] = {
    "cycling": bicycle, "ski": skis, "camping": tent, "water-sports": kayak, "fitness": dumbbell,
    "team-sports": football, "power-tools": drill, "hand-tools": hammer_wrench, "ladders": ladder,
    "painting": paint, "baby-gear": crib, "toys": teddy, "kids-clothing": tshirt, "strollers": pram,
    "books": books, "comics": open_book, "music-films": vinyl, "video-games": gamepad,
    "board-games": board_game, "furniture": armchair, "kitchen": stand_mixer, "decoration": lamp,
    "garden": plant, "party": balloons, "computers": laptop, "phones": phone, "photo-video": camera,
    "audio": headphones, "womens-clothing": dress, "mens-clothing": tshirt, "shoes": sneaker,
    "bags-accessories": handbag, "childcare": teddy, "cleaning": cleaning, "tutoring": tutoring,
    "small-jobs": toolbox, "moving-help": boxes, "gardening-help": watering_can, "pet-care": pet,
    "computer-help": laptop, "other": gift,
}  # fmt: skip
# A second look for a few categories, so that a grid of one category is not one picture repeated.
ALTERNATIVES: dict[str, Callable[[Canvas, str, str, str], None]] = {"audio": speaker, "toys": board_game}


def illustration(slug: str, variant: int = 0) -> bytes:
    """A PNG of the object that stands for the category ``slug`` ("other" for an unknown one)."""
    top, bottom, main, second, dark = COLOURWAYS[variant % len(COLOURWAYS)]
    draw = DRAWINGS.get(slug, gift)
    if variant % 2 and slug in ALTERNATIVES:
        draw = ALTERNATIVES[slug]
    canvas = Canvas(top, bottom)
    draw(canvas, main, second, dark)
    return canvas.png()

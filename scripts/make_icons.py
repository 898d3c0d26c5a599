"""Draw the site's icons (favicon.ico, PNG app icons) from the same design as
static/img/icons/favicon.svg: a white serif "S" on the masthead's red.

    .venv/bin/python scripts/make_icons.py

Run once after changing the design; the files are committed, so neither the
build nor a request draws anything.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ICONS = Path(__file__).resolve().parent.parent / "static" / "img" / "icons"
RED = (163, 22, 27)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"


def draw(size):
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas = ImageDraw.Draw(image)
    canvas.rounded_rectangle([0, 0, size - 1, size - 1], radius=size // 8, fill=RED)
    font = ImageFont.truetype(FONT, int(size * 0.78))
    canvas.text((size / 2, size / 2), "S", font=font, fill="white", anchor="mm")
    return image


def main():
    ICONS.mkdir(parents=True, exist_ok=True)
    draw(256).save(ICONS / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    for name, size in {
        "favicon-32.png": 32,
        "apple-touch-icon.png": 180,
        "icon-192.png": 192,
        "icon-512.png": 512,
    }.items():
        draw(size).save(ICONS / name, optimize=True)


if __name__ == "__main__":
    main()

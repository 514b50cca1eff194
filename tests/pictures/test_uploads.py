"""Uploaded pictures: good ones come back safe and small; hostile ones are refused with a reason
and a message that tells the editor what to do. Every file is made here, as real bytes."""

from __future__ import annotations

import os
import struct
import time
import warnings
import zlib
from io import BytesIO

import pytest
from defusedxml.ElementTree import fromstring
from hypothesis import given
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageCms, ImageDraw
from PIL.PngImagePlugin import PngInfo

from portal.pictures.uploads import (
    MAX_SIDE,
    MAX_UPLOAD_BYTES,
    CleanPicture,
    PictureRefused,
    clean_picture,
)

SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
XLINK_NS = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


def encode(image: Image.Image, kind: str, **options: object) -> bytes:
    out = BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def symbol(size: tuple[int, int] = (120, 80)) -> Image.Image:
    """A flat drawing with a few colours, like a Widgit symbol."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, size[0] - 10, size[1] - 10), fill="gold", outline="black", width=3)
    return image


def srgb_icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def declared_png(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of the given size, all black: tiny on disk, huge in memory."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    row = b"\0" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def refused(data: bytes, filename: str = "upload") -> PictureRefused:
    with pytest.raises(PictureRefused) as caught:
        clean_picture(data, filename)
    message = caught.value.message
    assert message.endswith(".") and len(message) < 220, message
    assert "again" in message or "Upload" in message or "upload" in message, message
    return caught.value


def reopen(picture: CleanPicture) -> Image.Image:
    image = Image.open(BytesIO(picture.data))
    image.load()
    return image


# Good pictures ---------------------------------------------------------------------------------


def test_png_symbol_is_kept_as_png_without_its_text_or_colour_profile() -> None:
    info = PngInfo()
    info.add_text("Author", "Jo Bloggs, 12 Home Street")
    data = encode(symbol(), "PNG", pnginfo=info, icc_profile=srgb_icc())

    picture = clean_picture(data, "symbol.png")

    assert (picture.media_type, picture.extension) == ("image/png", "png")
    assert (picture.width, picture.height) == (120, 80)
    assert picture.photo is False
    stored = reopen(picture)
    assert stored.format == "PNG" and stored.size == (120, 80)
    assert stored.info == {} or set(stored.info) <= {"dpi", "gamma"}
    assert b"Jo Bloggs" not in picture.data and b"iCCP" not in picture.data
    assert stored.convert("RGB").getpixel((60, 40)) == (255, 215, 0)


def test_transparent_png_keeps_its_transparency() -> None:
    image = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((10, 10, 40, 40), fill=(200, 0, 0, 255))

    stored = reopen(clean_picture(encode(image, "PNG"), "clear.png"))

    assert stored.mode == "RGBA"
    assert stored.getpixel((0, 0))[3] == 0 and stored.getpixel((25, 25)) == (200, 0, 0, 255)


def test_sixteen_bit_grey_png_keeps_its_shade() -> None:
    grey = Image.new("I;16", (30, 30), 40_000)  # about 61% of white

    stored = reopen(clean_picture(encode(grey, "PNG"), "grey.png"))

    assert stored.convert("L").getpixel((15, 15)) == 156


def test_cmyk_jpeg_becomes_rgb() -> None:
    cmyk = Image.new("CMYK", (30, 30), (0, 255, 255, 0))  # red in print colours

    picture = clean_picture(encode(cmyk, "JPEG"), "print.jpg")

    stored = reopen(picture)
    assert stored.mode == "RGB"
    red, green, blue = stored.getpixel((15, 15))
    assert red > 200 and green < 60 and blue < 60


def test_big_png_is_scaled_down_to_the_longest_side() -> None:
    picture = clean_picture(encode(symbol((3000, 1500)), "PNG"), "big.png")

    assert (picture.width, picture.height) == (MAX_SIDE, MAX_SIDE // 2)
    assert reopen(picture).size == (MAX_SIDE, MAX_SIDE // 2)


def test_big_jpeg_is_scaled_down_to_the_longest_side() -> None:
    picture = clean_picture(encode(symbol((1500, 4000)), "JPEG"), "tall.jpg")

    assert (picture.width, picture.height) == (384, MAX_SIDE)
    assert reopen(picture).size == (384, MAX_SIDE)


def test_photo_jpeg_loses_exif_and_gps_and_is_turned_the_right_way_up() -> None:
    # Stored sideways: red on the left, blue on the right; orientation 6 says "turn it clockwise".
    image = Image.new("RGB", (60, 40), "red")
    ImageDraw.Draw(image).rectangle((30, 0, 59, 39), fill="blue")
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 28.0, 40.0)
    data = encode(image, "JPEG", exif=exif, icc_profile=srgb_icc(), quality=95)
    assert Image.open(BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test is real

    picture = clean_picture(data, "IMG_0001.JPG")

    assert (picture.media_type, picture.extension, picture.photo) == ("image/jpeg", "jpg", True)
    assert (picture.width, picture.height) == (40, 60)
    stored = reopen(picture)
    assert len(stored.getexif()) == 0
    assert "exif" not in stored.info and "icc_profile" not in stored.info
    assert b"Exif" not in picture.data and b"PhoneCo" not in picture.data
    top, bottom = stored.getpixel((20, 5)), stored.getpixel((20, 55))
    assert top[0] > 200 and top[2] < 60, top  # red at the top
    assert bottom[2] > 200 and bottom[0] < 60, bottom  # blue at the bottom


def test_phone_photo_saved_as_mpo_is_kept_as_its_first_jpeg() -> None:
    front, depth = Image.new("RGB", (40, 30), "red"), Image.new("RGB", (40, 30), "blue")
    data = encode(front, "MPO", save_all=True, append_images=[depth])

    picture = clean_picture(data, "IMG_0002.JPG")

    assert (picture.media_type, picture.photo) == ("image/jpeg", True)
    stored = reopen(picture)
    assert stored.format == "JPEG" and getattr(stored, "n_frames", 1) == 1
    assert stored.getpixel((20, 15))[0] > 200


def test_animated_png_keeps_only_its_first_frame() -> None:
    first, second = Image.new("RGB", (20, 20), "green"), Image.new("RGB", (20, 20), "red")
    data = encode(first, "PNG", save_all=True, append_images=[second])
    assert Image.open(BytesIO(data)).n_frames == 2  # the test is real

    stored = reopen(clean_picture(data, "moving.png"))

    assert getattr(stored, "n_frames", 1) == 1 and b"acTL" not in encode(stored, "PNG")
    assert stored.getpixel((10, 10)) == (0, 128, 0)


def test_webp_stays_webp() -> None:
    picture = clean_picture(encode(symbol(), "WEBP", lossless=True), "symbol.webp")

    assert (picture.media_type, picture.extension) == ("image/webp", "webp")
    assert (picture.width, picture.height, picture.photo) == (120, 80, False)
    assert reopen(picture).format == "WEBP"


def test_png_with_the_colours_of_a_photo_counts_as_a_photo() -> None:
    noise = Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))

    assert clean_picture(encode(noise, "PNG"), "person.png").photo is True


def test_type_comes_from_the_bytes_not_the_name() -> None:
    picture = clean_picture(encode(symbol(), "PNG"), "really-a-png.jpg")

    assert picture.media_type == "image/png"


def test_plain_svg_is_kept_after_sanitising() -> None:
    drawing = (
        f'<?xml version="1.0"?>\n<svg {SVG_NS} {XLINK_NS} viewBox="0 0 72 72">'
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
        '<circle id="dot" r="4"/></defs>'
        "<style>.face { fill: url(#g); }</style>"
        '<circle class="face" cx="36" cy="36" r="30" stroke="#000"/>'
        '<use xlink:href="#dot" x="26" y="30"/><use href="#dot" x="46" y="30"/></svg>'
    )

    picture = clean_picture(drawing.encode(), "face.svg")

    assert (picture.media_type, picture.extension) == ("image/svg+xml", "svg")
    assert (picture.width, picture.height, picture.photo) == (72, 72, False)
    stored = fromstring(picture.data)
    assert stored.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(stored.findall(".//{http://www.w3.org/2000/svg}use")) == 2


def test_svg_size_in_millimetres_is_given_in_pixels() -> None:
    drawing = f'<svg {SVG_NS} width="25.4mm" height="12.7mm"><rect width="9" height="9"/></svg>'

    picture = clean_picture(drawing.encode(), "mm.svg")

    assert (picture.width, picture.height) == (96, 48)


# Hostile SVG -------------------------------------------------------------------------------------


def svg(body: str, attributes: str = "") -> bytes:
    return f'<svg {SVG_NS} {XLINK_NS} width="10" height="10" {attributes}>{body}</svg>'.encode()


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b']>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>'
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&secret;</text></svg>'
)
USE_BOMB = svg(
    '<defs><rect id="a0" width="1" height="1"/>'
    + "".join(f'<g id="a{n}">' + f'<use href="#a{n - 1}"/>' * 10 + "</g>" for n in range(1, 9))
    + '</defs><use href="#a8"/>'
)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (svg("<script>alert(1)</script>"), "script"),
        (svg('<script href="https://evil.example/x.js"/>'), "script"),
        (svg("<rect/>", 'onload="alert(1)"'), "script"),
        (svg('<rect width="5" height="5" ONCLICK="alert(1)"/>'), "script"),
        (svg("<foreignObject><p>Hello</p></foreignObject>"), "foreign-object"),
        (svg('<image href="https://tracker.example/p.png" width="5" height="5"/>'), None),
        (svg('<image xlink:href="http://tracker.example/p.png"/>'), None),
        (svg('<a xlink:href="javascript:alert(1)"><rect/></a>'), None),
        (svg('<image href="data:image/png;base64,iVBORw0KGgo="/>'), None),
        (svg('<image href="//tracker.example/p.png"/>'), None),
        (svg('<image href="file:///etc/passwd"/>'), None),
        (svg('<use href="other.svg#x"/>'), None),
        (svg("<style>rect { fill: url(https://tracker.example/p.svg#g) }</style><rect/>"), None),
        (svg("<style>rect { fill: u\\72l( 'https://tracker.example/g' ) }</style>"), None),
        (svg('<style>@import "https://tracker.example/a.css";</style>'), None),
        (svg('<rect style="fill: URL(https://tracker.example/g)"/>'), None),
        (svg('<rect fill="url(/pictures/g.svg#g)"/>'), None),
        (svg('<set attributeName="href" to="https://tracker.example/"/>'), None),
        (svg('<g xml:base="https://tracker.example/"><use href="#a"/></g>'), None),
        (b'<?xml-stylesheet href="https://tracker.example/a.css"?>' + svg("<rect/>"), None),
        (BILLION_LAUGHS, "entities"),
        (EXTERNAL_ENTITY, "entities"),
        (svg("", 'viewBox="0 0 1e9 1e9"'), "too-big"),
        (f'<svg {SVG_NS} width="1e9" height="10"/>'.encode(), "too-big"),
        (f'<svg {SVG_NS} width="20000px" height="10"/>'.encode(), "too-big"),
        (svg("<g>" * 500 + "</g>" * 500), "too-complex"),
        (USE_BOMB, "bomb"),
        (svg('<g id="loop"><use href="#loop"/></g>'), "bomb"),
        (
            svg(
                "".join(f'<g id="c{n}"><use href="#c{n - 1}"/></g>' for n in range(1999, 0, -1))
                + '<rect id="c0"/>'
            ),
            "too-complex",
        ),
        (svg("<style>rect { fill: url(<desc/>https://tracker.example/g) }</style>"), None),
    ],
)
def test_hostile_svg_is_refused_with_its_reason(data: bytes, reason: str | None) -> None:
    assert refused(data, "drawing.svg").reason == (reason or "external-reference")


def test_svg_with_a_script_says_pictures_cannot_run_code() -> None:
    problem = refused(svg("<script>alert(1)</script>"))

    assert "script" in problem.message and "upload a PNG" in problem.message


def test_svg_with_a_web_address_names_it() -> None:
    problem = refused(svg('<image href="https://tracker.example/p.png"/>'))

    assert "https://tracker.example/p.png" in problem.message


def test_svg_with_a_picture_packed_inside_says_to_upload_it_on_its_own() -> None:
    problem = refused(svg('<image href="data:image/png;base64,iVBORw0KGgo="/>'))

    assert problem.reason == "external-reference" and "PNG or JPEG" in problem.message


def test_svg_over_the_byte_limit_is_refused_before_reading() -> None:
    padding = "<!--" + "x" * (3 * 1024 * 1024) + "-->"
    data = svg(padding)
    assert len(data) > MAX_UPLOAD_BYTES

    assert refused(data, "huge.svg").reason == "too-big"


def test_svg_without_its_namespace_is_refused_with_a_way_to_fix_it() -> None:
    problem = refused(b'<svg width="10" height="10"><rect/></svg>')

    assert (problem.reason, "xmlns" in problem.message) == ("not-a-picture", True)


def test_html_is_not_a_picture() -> None:
    assert refused(b"<html><body>Hello</body></html>", "page.svg").reason == "not-a-picture"


# Hostile and broken raster files ------------------------------------------------------------------


def test_decompression_bomb_is_refused_quickly_without_decoding() -> None:
    bomb = declared_png(30_000, 30_000)  # 900 million pixels in about 100 KB
    assert len(bomb) < 200_000

    started = time.perf_counter()
    problem = refused(bomb, "kitten.png")
    took = time.perf_counter() - started

    assert problem.reason == "bomb"
    assert took < 1.0, took


def test_bomb_in_pillows_warning_band_is_still_refused_and_warnings_are_left_alone() -> None:
    bomb = declared_png(10_000, 10_000)  # Pillow only warns here (between its limit and twice it)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before = list(warnings.filters)
        problem = refused(bomb, "kitten.png")
        after = list(warnings.filters)

    assert problem.reason == "bomb"
    assert before == after


def test_picture_with_too_many_pixels_is_refused() -> None:
    problem = refused(declared_png(8_000, 6_000), "poster.png")

    assert problem.reason == "too-many-pixels"
    assert "8000 by 6000" in problem.message


def test_gif_is_refused_naming_the_types_we_take() -> None:
    problem = refused(encode(symbol(), "GIF"), "animation.gif")

    assert problem.reason == "wrong-type"
    assert "GIF" in problem.message and "PNG, JPEG, WebP or SVG" in problem.message


@pytest.mark.parametrize("kind", ["BMP", "TIFF"])
def test_other_picture_types_are_refused(kind: str) -> None:
    assert refused(encode(symbol(), kind)).reason == "wrong-type"


def test_text_file_named_png_is_refused() -> None:
    problem = refused(b"Dear team, the minutes are attached.\n", "minutes.png")

    assert problem.reason == "not-a-picture"


def test_empty_file_is_refused() -> None:
    problem = refused(b"", "photo.png")

    assert problem.reason == "not-a-picture" and "empty" in problem.message


def test_truncated_png_is_refused() -> None:
    noise = Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))
    data = encode(noise, "PNG")

    assert refused(data[: len(data) // 2], "cut.png").reason == "not-a-picture"


def test_truncated_jpeg_is_refused() -> None:
    import portal.reports.pdf  # noqa: F401  (WeasyPrint, loaded by the board pack, is loaded)

    noise = Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))
    data = encode(noise, "JPEG")

    assert refused(data[: len(data) // 2], "cut.jpg").reason == "not-a-picture"


def test_raster_over_the_byte_limit_is_refused() -> None:
    data = encode(symbol(), "PNG") + b"\0" * MAX_UPLOAD_BYTES

    assert refused(data, "padded.png").reason == "too-big"


GOOD_FILES = [encode(symbol((64, 48)), kind) for kind in ("PNG", "JPEG", "WEBP")] + [
    svg('<style>a { fill: url(#g) }</style><rect id="g" width="3" height="3"/><use href="#g"/>')
]


@given(
    st.sampled_from(GOOD_FILES),
    st.lists(st.tuples(st.integers(0, 10_000), st.binary(max_size=8)), max_size=6),
)
def test_damaged_files_are_refused_never_crash(
    good: bytes, damage: list[tuple[int, bytes]]
) -> None:
    data = bytearray(good)
    for position, junk in damage:
        at = position % len(data)
        data[at : at + len(junk)] = junk
    try:
        picture = clean_picture(bytes(data), "damaged")
    except PictureRefused as problem:
        assert problem.reason and problem.message
    else:
        assert picture.media_type in {"image/png", "image/jpeg", "image/webp", "image/svg+xml"}

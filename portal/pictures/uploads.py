"""Uploaded pictures, checked and made safe before anything keeps them.

`clean_picture(data, filename)` takes the bytes of one upload and either returns a
`CleanPicture` (bytes that are safe to store and serve) or raises `PictureRefused` with a short
plain-English `.message` for the editor and a `.reason` code for tests and the audit log.

Promises:
- The type comes from the bytes, never from the file name or a claimed type.
- SVG is refused, not quietly cleaned, when it has scripts, event attributes, `<foreignObject>`,
  entities, or any reference that is not a same-document `#id` (web addresses, other files, data:
  URLs, `url(...)` in attributes or CSS, `@import`, `xml:base`, xml-stylesheet). Absurd sizes,
  deep nesting and `<use>` chains that would draw too many shapes are refused too. What passes is
  stored as the output of Cloudflare's svg-hush (`py_svg_hush.filter_svg`), checked again.
- PNG, JPEG and WebP are decoded with a pixel limit (decompression bombs are refused, not
  warned about), turned upright from the EXIF orientation, converted to sRGB, scaled down to
  `MAX_SIDE`, and re-encoded from bare pixels, so nothing else survives: no EXIF, GPS, ICC
  profile, text chunks or animation. PNG stays PNG, JPEG stays JPEG, WebP stays WebP.
- `photo` rule: every JPEG is a photo, and so is a PNG or WebP with more than `PHOTO_COLOURS`
  distinct colours after scaling (continuous tone, as in a photo; drawn symbols have far fewer).
  The studio asks for a consent tick on photos.
- Nothing is written to disk or the database here.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from io import BytesIO
from xml.etree.ElementTree import Element, TreeBuilder  # nosec B405  # defusedxml parses

# defusedxml ships no type information and types-defusedxml is not installed.
import defusedxml.ElementTree as safe_xml  # type: ignore[import-untyped]
from PIL import Image, ImageCms, ImageOps
from py_svg_hush import filter_svg

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_SIDE = 1024
MAX_PIXELS = 40_000_000
MAX_SVG_SIZE = 10_000
MAX_SVG_DEPTH = 100
MAX_SVG_DRAWN = 50_000
PHOTO_COLOURS = 4096

_SVG_NS = "http://www.w3.org/2000/svg"
_RASTER = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "WEBP": ("image/webp", "webp"),
}
_OTHER_TYPES = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"%PDF", "PDF"),
    (b"\x1f\x8b", "compressed (SVGZ or GZIP)"),
)
_ALLOWED = "Upload a PNG, JPEG, WebP or SVG file."
_SVG_UNITS = {
    "": 1.0,
    "px": 1.0,
    "pt": 4 / 3,
    "pc": 16.0,
    "mm": 96 / 25.4,
    "cm": 96 / 2.54,
    "in": 96.0,
}
_LENGTH = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-z%]*)\s*$")
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")]*)", re.IGNORECASE)
_CSS_IMAGE_SET = re.compile(r"image-set\(|\bimage\(|src\(", re.IGNORECASE)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))", re.DOTALL)


class PictureRefused(Exception):
    """An upload that will not be stored: `.message` for the editor, `.reason` for the log."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class CleanPicture:
    """Bytes safe to store and serve, with what the studio needs to know about them."""

    data: bytes
    media_type: str
    extension: str
    width: int
    height: int
    photo: bool


def clean_picture(data: bytes, filename: str) -> CleanPicture:
    """Check one upload and return a safe copy, or raise `PictureRefused`.

    `filename` is only used in messages; the type is read from the bytes."""
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or "This file"
    if not data:
        raise PictureRefused("not-a-picture", f"{name} is empty. Choose the picture again.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise PictureRefused(
            "too-big",
            f"{name} is too big: the limit is {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. "
            "Make the picture smaller and upload it again.",
        )
    for magic, kind in _OTHER_TYPES:
        if data.startswith(magic):
            raise PictureRefused("wrong-type", f"{kind} files cannot be used here. {_ALLOWED}")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return _clean_svg(data)
    return _clean_raster(data)


# SVG ------------------------------------------------------------------------------------------


def _clean_svg(data: bytes) -> CleanPicture:
    root = _parse_svg(data)
    _check_svg(root)
    width, height = _svg_size(root)
    try:
        hushed = filter_svg(data)
    except Exception as error:  # the Rust sanitiser raises its own error types
        raise _not_a_picture() from error
    _check_svg(_parse_svg(hushed))
    return CleanPicture(hushed, "image/svg+xml", "svg", width, height, photo=False)


def _parse_svg(data: bytes) -> Element:
    builder = _Builder()
    parser = safe_xml.DefusedXMLParser(
        target=builder,
        forbid_dtd=False,
        forbid_entities=True,
        forbid_external=True,
    )
    try:
        parser.feed(data)
        root: Element = parser.close()
    except (
        safe_xml.DTDForbidden,
        safe_xml.EntitiesForbidden,
        safe_xml.ExternalReferenceForbidden,
    ) as error:
        raise PictureRefused(
            "entities",
            "This SVG defines its own XML entities, which we do not allow. "
            "Save it again as plain SVG, or upload a PNG.",
        ) from error
    except (safe_xml.ParseError, ValueError) as error:
        raise _not_a_picture() from error
    if root.tag == "svg":
        raise PictureRefused(
            "not-a-picture",
            'This SVG has no xmlns="http://www.w3.org/2000/svg", so browsers will not show it. '
            "Save it again from your drawing program, or upload a PNG.",
        )
    if root.tag != f"{{{_SVG_NS}}}svg":
        raise _not_a_picture()
    if any(target.lower() == "xml-stylesheet" for target in builder.instructions):
        raise _external("a style sheet from another file")
    return root


class _Builder(TreeBuilder):
    """An ElementTree builder that also notes processing instructions, even outside the root."""

    def __init__(self) -> None:
        super().__init__()
        self.instructions: list[str] = []

    def pi(self, target: str, text: str | None = None) -> Element:
        self.instructions.append(target)
        return super().pi(target, text)


def _check_svg(root: Element) -> None:
    _check_depth(root)
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "script":
            raise _script()
        if tag == "foreignObject":
            raise PictureRefused(
                "foreign-object",
                "This SVG has a web page part (foreignObject) in it. "
                "Save it again without it, or upload a PNG.",
            )
        if tag == "style":
            _check_css("".join(element.itertext()))
        for key, value in element.attrib.items():
            attribute = _local(key)
            if attribute.lower().startswith("on"):
                raise _script()
            if attribute in ("href", "src") and value.strip()[:1] not in ("", "#"):
                raise _external(value)
            if key == "{http://www.w3.org/XML/1998/namespace}base":
                raise _external(value)
            if attribute == "attributeName" and _local(value.split(":")[-1]) in ("href", "src"):
                raise _external("a link that changes")
            _check_css(value)
    _check_drawn(root)
    _svg_size(root)


def _check_css(text: str) -> None:
    css = _CSS_ESCAPE.sub(_unescape, text.replace("\\\n", ""))
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    if "@import" in css.lower():
        raise _external("a style sheet from another file")
    for match in _CSS_URL.finditer(css):
        if not match.group(1).startswith("#"):
            raise _external(match.group(1))
    if _CSS_IMAGE_SET.search(css):
        raise _external("image-set")


def _unescape(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
    return match.group(2)


def _check_depth(root: Element) -> None:
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_SVG_DEPTH:
            raise _too_complex()
        stack.extend((child, depth + 1) for child in element)


def _check_drawn(root: Element) -> None:
    """Refuse `<use>` chains that would make a viewer draw too many shapes (an SVG bomb)."""
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    counted: dict[int, int] = {}
    open_now: set[int] = set()

    def drawn(element: Element, depth: int) -> int:
        key = id(element)
        if key in counted:
            return counted[key]
        if key in open_now:
            raise _bomb_svg()
        if depth > MAX_SVG_DEPTH:
            raise _too_complex()
        open_now.add(key)
        total = 1
        for child in element:
            total += drawn(child, depth + 1)
        if _local(element.tag) == "use":
            target = _use_target(element)
            if target in by_id:
                total += drawn(by_id[target], depth + 1)
        open_now.discard(key)
        if total > MAX_SVG_DRAWN:
            raise _bomb_svg()
        counted[key] = total
        return total

    drawn(root, 1)


def _use_target(element: Element) -> str:
    for key, value in element.attrib.items():
        if _local(key) == "href":
            return value.strip().removeprefix("#")
    return ""


def _svg_size(root: Element) -> tuple[int, int]:
    """The picture's size in CSS pixels: width and height, else the viewBox, else 300 by 150
    (what browsers draw). Refuses sizes beyond `MAX_SVG_SIZE`."""
    box: list[float] = []
    if view_box := root.get("viewBox"):
        try:
            box = [float(n) for n in re.split(r"[\s,]+", view_box.strip())]
        except ValueError:
            box = []
        if len(box) != 4:
            box = []
    sizes = [_length(root.get("width")), _length(root.get("height"))]
    for number in [*box, *(s for s in sizes if s is not None)]:
        if not math.isfinite(number) or abs(number) > MAX_SVG_SIZE:
            raise PictureRefused(
                "too-big",
                f"This SVG says it is bigger than {MAX_SVG_SIZE} pixels. "
                "Set a smaller width, height and viewBox, and upload it again.",
            )
    width = sizes[0] or (box[2] if box else 300.0)
    height = sizes[1] or (box[3] if box else 150.0)
    return max(1, round(width)), max(1, round(height))


def _length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    if not match or match.group(2) not in _SVG_UNITS:
        return None
    return float(match.group(1)) * _SVG_UNITS[match.group(2)]


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _script() -> PictureRefused:
    return PictureRefused(
        "script",
        "This SVG has a script in it. Pictures cannot run code. "
        "Save it again without scripts, or upload a PNG.",
    )


def _external(what: str) -> PictureRefused:
    if what.strip().lower().startswith("data:"):
        return PictureRefused(
            "external-reference",
            "This SVG has another file packed inside it (a data: URL). Upload that picture "
            "on its own as a PNG or JPEG, or save the SVG again without it.",
        )
    shown = what if len(what) <= 60 else what[:57] + "..."
    return PictureRefused(
        "external-reference",
        f"This SVG uses something outside itself ({shown}). A picture must be complete on its "
        "own. Save it again with everything inside it, or upload a PNG.",
    )


def _too_complex() -> PictureRefused:
    return PictureRefused(
        "too-complex",
        f"This SVG has parts inside parts more than {MAX_SVG_DEPTH} levels deep. "
        "Simplify it, or upload a PNG.",
    )


def _bomb_svg() -> PictureRefused:
    return PictureRefused(
        "bomb",
        "This SVG repeats its parts so often that it would be too slow to show. "
        "Simplify it, or upload a PNG.",
    )


def _not_a_picture() -> PictureRefused:
    return PictureRefused(
        "not-a-picture", f"We could not read this file as a picture. It may be damaged. {_ALLOWED}"
    )


# PNG, JPEG, WebP ------------------------------------------------------------------------------


def _clean_raster(data: bytes) -> CleanPicture:
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice it; here that is a refusal too.
        # catch_warnings puts the filters back as they were when the block ends.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture, kind = _decode(data)
        except PictureRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise PictureRefused(
                "bomb",
                "This picture says it has far more pixels than its file could hold. "
                f"It may be built to crash computers. {_ALLOWED}",
            ) from error
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as error:
            raise _not_a_picture() from error
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    photo = kind == "JPEG" or picture.getcolors(PHOTO_COLOURS) is None
    # A new image from bare pixels: no EXIF, GPS, ICC, text or anything else can come along.
    bare = Image.frombytes(picture.mode, picture.size, picture.tobytes())
    out = BytesIO()
    if kind == "PNG":
        bare.save(out, "PNG", optimize=True)
    elif kind == "JPEG":
        bare.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif photo:
        bare.save(out, "WEBP", quality=85)
    else:
        bare.save(out, "WEBP", lossless=True)
    media_type, extension = _RASTER[kind]
    return CleanPicture(out.getvalue(), media_type, extension, *bare.size, photo=photo)


def _decode(data: bytes) -> tuple[Image.Image, str]:
    """Open, check the pixel count before decoding, verify, then decode upright in sRGB."""
    with Image.open(BytesIO(data), formats=list(_RASTER)) as probe:
        # Phones save many photos as MPO: a JPEG with more JPEGs after it. The first is the photo.
        kind = "JPEG" if probe.format == "MPO" else str(probe.format)
        width, height = probe.size
        if width * height > MAX_PIXELS:
            raise PictureRefused(
                "too-many-pixels",
                f"This picture is {width} by {height} pixels, which is too many. Make it "
                f"smaller than {MAX_PIXELS // 1_000_000} million pixels and upload it again.",
            )
        probe.verify()
    with Image.open(BytesIO(data), formats=[kind]) as opened:
        if kind == "JPEG":
            opened.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode at 1/2, 1/4 or 1/8 size
        opened.load()
        upright = ImageOps.exif_transpose(opened)
        icc = opened.info.get("icc_profile")
    if upright.mode in ("I", "F") or upright.mode.startswith("I;"):
        upright = upright.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    keep_alpha = kind != "JPEG" and (
        upright.mode in ("RGBA", "RGBa", "LA", "La", "PA") or "transparency" in upright.info
    )
    mode = "RGBA" if keep_alpha else "RGB"
    return (_to_srgb(upright, icc, mode) if icc else upright.convert(mode)), kind


def _to_srgb(picture: Image.Image, icc: bytes, mode: str) -> Image.Image:
    """The picture in sRGB and `mode`, so its colours stay right once its ICC profile is
    dropped; only converted to `mode` if the profile cannot be used."""
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc))
        converted = ImageCms.profileToProfile(
            picture, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return picture.convert(mode)
    return converted if converted is not None else picture.convert(mode)

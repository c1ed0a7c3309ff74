"""Renders resources/icons/dossier.svg into the PNG, .ico and .icns files that packages use.

Run it after changing the SVG (`make icons`) and commit what it writes, so that no build needs
an SVG renderer: `.venv/bin/python packaging/render_icons.py`.
"""

from __future__ import annotations

import os
import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script from anywhere, without installing Dossier

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from desktop_app.services.locations import ICON_SIZES  # noqa: E402

ICONS = REPO / "resources" / "icons"
SOURCE = ICONS / "dossier.svg"
SVG_NS = "http://www.w3.org/2000/svg"

# Below this size the page's lines and the stamp's letters turn into grey mush: the small
# renderings show a solid band on the stamp instead (class "small" in the SVG).
SMALL_BELOW = 48

# Windows icons carry PNG images up to 256 pixels (a larger one is not read).
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

# The icns element types that hold a PNG of each size (Apple's icns format).
ICNS_TYPES = {
    16: (b"icp4",),
    32: (b"icp5", b"ic11"),
    64: (b"icp6", b"ic12"),
    128: (b"ic07",),
    256: (b"ic08", b"ic13"),
    512: (b"ic09", b"ic14"),
}


def svg_for_size(size: int) -> bytes:
    """The SVG with the elements meant for `size` shown and the others removed."""
    ET.register_namespace("", SVG_NS)
    tree = ET.parse(SOURCE)
    small = size < SMALL_BELOW
    dropped = "detail" if small else "small"
    for parent in tree.iter():
        for child in list(parent):
            classes = child.get("class", "").split()
            if dropped in classes:
                parent.remove(child)
            elif "small" in classes:
                child.attrib.pop("display", None)
    return ET.tostring(tree.getroot(), encoding="utf-8")


def render(size: int) -> QImage:
    renderer = QSvgRenderer(QByteArray(svg_for_size(size)))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE}: Qt cannot read this SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def write_ico(pngs: dict[int, bytes], out: Path) -> None:
    """A Windows .ico holding PNG images (read by Windows Vista and later)."""
    sizes = [size for size in ICO_SIZES if size in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 stands for 256 in an icon directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    out.write_bytes(header + entries + images)


def write_icns(pngs: dict[int, bytes], out: Path) -> None:
    """A macOS .icns holding PNG images, each also standing for half its size at Retina."""
    elements = b""
    for size, kinds in ICNS_TYPES.items():
        if size in pngs:
            for kind in kinds:
                elements += kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
    out.write_bytes(b"icns" + struct.pack(">I", 8 + len(elements)) + elements)


def png_bytes(image: QImage) -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit("Qt could not encode a PNG")
    return bytes(buffer.data().data())


def main() -> int:
    QGuiApplication(sys.argv[:1])  # fonts and painting need a GUI application, even offscreen
    pngs: dict[int, bytes] = {}
    for size in ICON_SIZES:
        pngs[size] = png_bytes(render(size))
        out = ICONS / f"dossier-{size}.png"
        out.write_bytes(pngs[size])
        print(f"{out.relative_to(REPO)}: {len(pngs[size])} bytes")
    write_ico(pngs, ICONS / "dossier.ico")
    write_icns(pngs, ICONS / "dossier.icns")
    print("resources/icons/dossier.ico, resources/icons/dossier.icns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

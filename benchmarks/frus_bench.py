"""FRUS import speed and memory: `python -m benchmarks.frus_bench [--repeat N] [--json FILE]`.

Imports the FRUS volumes of the shared data folder (twelve volumes, 3,933 documents) into a new
SQLite catalog, `--repeat` times, and reports the median time and records per second, and the
median time of reading them alone (the importer without the catalog). Memory: the peak resident
size of a process that reads one volume, against one that reads a volume ten times its size
(the same volume's documents ten times over, made in a temporary folder): reading streams, so
the second should cost about what the first does.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desktop_app.importers.people import PeopleRegistry
from desktop_app.importers.tei import read_tei_file
from desktop_app.services.catalog import Catalog

FRUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "frus"

#: The volume grown tenfold for the memory figure (one of the larger ones).
GROWN = "frus1955-57v24.xml"
GROWTH = 10

# The peak from /proc (VmHWM, in kB): `ru_maxrss` would carry the parent's peak across exec.
_READ_PEAK = """
import sys
from pathlib import Path
from desktop_app.importers.people import PeopleRegistry
from desktop_app.importers.tei import read_tei_file
people = PeopleRegistry.load()
documents = sum(len(b.documents) for b in read_tei_file(Path(sys.argv[1]), people))
status = Path("/proc/self/status").read_text().splitlines()
print(documents, next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


def import_figures(volumes: list[Path], repeat: int) -> dict[str, float]:
    """Median seconds to import every volume into a new catalog, and to read them alone."""
    people = PeopleRegistry.load()
    imports: list[float] = []
    reads: list[float] = []
    documents = 0
    for _ in range(repeat):
        started = time.perf_counter()
        documents = sum(
            len(batch.documents) for volume in volumes for batch in read_tei_file(volume, people)
        )
        reads.append(time.perf_counter() - started)
        with tempfile.TemporaryDirectory() as folder:
            catalog = Catalog.open(f"sqlite:///{Path(folder) / 'frus.sqlite'}")
            started = time.perf_counter()
            catalog.import_files(volumes)
            imports.append(time.perf_counter() - started)
            catalog.close()
    median = statistics.median(imports)
    return {
        "frus_volumes": len(volumes),
        "frus_documents": documents,
        "frus_import_s": median,
        "frus_records_per_s": documents / median,
        "frus_read_s": statistics.median(reads),
    }


def memory_figures(volume: Path) -> dict[str, float]:
    """Peak resident megabytes reading `volume`, and reading it grown `GROWTH` times."""
    with tempfile.TemporaryDirectory() as folder:
        grown = Path(folder) / f"grown-{volume.name}"
        grown.write_text(_grown(volume.read_text(encoding="utf-8")), encoding="utf-8")
        one, one_mb = _read_peak(volume)
        many, many_mb = _read_peak(grown)
        return {
            "frus_read_peak_mb": one_mb,
            "frus_grown_documents": many,
            "frus_grown_mb_on_disk": grown.stat().st_size / 1e6,
            "frus_grown_read_peak_mb": many_mb,
            "frus_one_volume_documents": one,
        }


def _grown(text: str) -> str:
    """The volume with its body's documents written `GROWTH` times, each time with new ids."""
    start = text.index("<body>") + len("<body>")
    end = text.index("</body>")
    body = text[start:end]
    copies = [
        re.sub(r'xml:id="([^"]+)"', rf'xml:id="copy{number}-\1"', body) for number in range(GROWTH)
    ]
    return text[:start] + "".join(copies) + text[end:]


def _read_peak(volume: Path) -> tuple[int, float]:
    result = subprocess.run(
        [sys.executable, "-c", _READ_PEAK, str(volume)],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    documents, peak_kib = result.stdout.split()
    return int(documents), int(peak_kib) / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=FRUS)
    parser.add_argument("--volumes", nargs="*", help="file names in the folder (default: all)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args(argv)
    names = arguments.volumes or sorted(path.name for path in arguments.folder.glob("*.xml"))
    volumes = [arguments.folder / name for name in names]
    if not volumes:
        raise SystemExit(f"no FRUS volumes (*.xml) in {arguments.folder}")
    figures = import_figures(volumes, arguments.repeat)
    grown = arguments.folder / GROWN if (arguments.folder / GROWN).exists() else volumes[0]
    figures.update(memory_figures(grown))
    for name, value in figures.items():
        print(f"{name:28} {value:12,.2f}")
    if arguments.json:
        arguments.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Generated catalogs for benchmarks, built once per size and seed and kept for later runs."""

from __future__ import annotations

import time
from pathlib import Path

from desktop_app.services.catalog import Catalog

CACHE = Path(__file__).resolve().parents[1] / ".benchmarks"


def ensure_catalog(
    documents: int, seed: int, cache: Path = CACHE, log: bool = True, *, texts: bool = False
) -> tuple[Path, float | None]:
    """The path of a generated catalog of that size (with `texts`, each document with a text
    of its own), and the seconds it took if built now."""
    kind = "-text" if texts else ""
    path = cache / f"generated-{documents}-seed{seed}{kind}.sqlite"
    if path.exists():
        return path, None
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for leftover in cache.glob(partial.name + "*"):
        leftover.unlink()
    if log:
        print(f"generating {documents:,} documents into {path} …", flush=True)
    started = time.perf_counter()
    catalog = Catalog.open(f"sqlite:///{partial}")
    catalog.generate(documents, seed=seed, texts=texts)
    catalog.close()
    partial.rename(path)
    return path, time.perf_counter() - started

"""A small run of the benchmark suite so that it cannot rot; it checks figures exist, not times."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.cold import can_drop_page_cache
from desktop_app.services.catalog import Catalog

from .conftest import REPO


def _run(module: str, documents: int, folder: Path, *extra: str) -> tuple[Path, str]:
    """Run a benchmark module once on a small generated catalog; its JSON file and output."""
    out = folder / f"{module}.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            module,
            "--documents",
            str(documents),
            "--repeat",
            "1",
            "--json",
            str(out),
            "--cache",
            str(folder / "cache"),
            *extra,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return out, result.stdout


def test_the_benchmark_suite_runs_and_reports_every_figure(tmp_path: Path) -> None:
    out, stdout = _run("benchmarks", 400, tmp_path)
    report = json.loads(out.read_text())
    assert report["documents"] == 400
    for figure in (
        "startup_to_rows_ms",
        "search_selective_ms",
        "search_broad_ms",
        "facet_click_ms",
        "facet_counts_ms",
        "sort_ms",
        "scroll_jump_ms",
        "max_gui_stall_ms",
        "rss_mb",
    ):
        assert report["figures"][figure] > 0, figure
    assert "figure" in stdout and "startup_to_rows_ms" in stdout
    assert report["figures"]["bytes_per_document"] > 1000
    assert report["figures"]["python_loop_ms"] > 0
    if can_drop_page_cache():
        for figure in ("cold_startup_to_rows_ms", "cold_scroll_jump_ms", "cold_facet_click_ms"):
            assert report["figures"][figure] > 0, figure
    else:
        assert "cold figures not measured" in stdout


def test_the_suite_runs_against_a_postgresql_catalog(pg_url: str, tmp_path: Path) -> None:
    out, _ = _run("benchmarks", 300, tmp_path, "--database", pg_url)
    report = json.loads(out.read_text())
    assert report["catalog"] == "postgresql" and report["documents"] == 300
    assert report["versions"]["postgresql"]
    for figure in (
        "generate_s",
        "startup_to_rows_ms",
        "scroll_jump_ms",
        "facet_counts_ms",
        "export_ratio",
        "import_records_per_s",
        "import_copy_floor_records_per_s",
        "bytes_per_document",
    ):
        assert report["figures"][figure] > 0, figure
    # A second run finds the catalog generated and measures it as it is.
    again, _ = _run("benchmarks", 300, tmp_path, "--database", pg_url)
    assert "generate_s" not in json.loads(again.read_text())["figures"]


def test_the_two_desktops_benchmark_follows_the_other_desktops_changes(pg_url: str) -> None:
    catalog = Catalog.open(pg_url)
    catalog.generate(300)
    catalog.close()
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.live_bench", pg_url, "--rows", "200"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["documents"] == 300
    for change in ("import", "edit"):
        assert figures[f"{change}_shown_after_ms"] > 0, change
        assert figures[f"{change}_max_gui_stall_ms"] >= 0, change
        # Followed from the notices: the other desktop's documents read, not every one's.
        assert figures[f"{change}_columns_follows"] == 1, change
        assert figures[f"{change}_columns_reads"] == 0, change
        # The table's date order made from the columns, not read from the server again.
        assert figures[f"{change}_order_reads"] == 0, change


def test_the_full_text_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    out, _ = _run("benchmarks.text_bench", 300, tmp_path)
    figures = json.loads(out.read_text())
    for figure in (
        "kb_per_document",
        "selective_word_page_ms",
        "broad_word_page_ms",
        "phrase_page_ms",
        "reading_view_ms",
        "reader_gui_ms",
        "rss_mb",
    ):
        assert figures[figure] > 0, figure
    assert figures["broad_word_matches"] >= figures["selective_word_matches"] >= 1


def test_the_bulk_tagging_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    out, _ = _run("benchmarks.tag_bench", 300, tmp_path)
    figures = json.loads(out.read_text())
    assert figures["rows_by_ids"] == 300 and figures["rows_by_query"] >= 1
    for figure in ("by_ids_s", "by_query_s", "undo_s"):
        assert figures[figure] >= 0, figure


FRUS = REPO.parent / "shared" / "data" / "frus"


@pytest.mark.skipif(
    not (FRUS / "frus1961-63v06.xml").exists(),
    reason=f"the FRUS volumes are not in {FRUS} (the shared data folder)",
)
def test_the_frus_benchmark_runs_and_reports_its_figures(tmp_path: Path) -> None:
    out = tmp_path / "frus.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.frus_bench",
            "--volumes",
            "frus1961-63v06.xml",
            "--repeat",
            "1",
            "--json",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["frus_documents"] == 120
    for figure in ("frus_import_s", "frus_records_per_s", "frus_read_peak_mb"):
        assert report[figure] > 0, figure
    assert report["frus_grown_documents"] > 10 * 300


def test_the_window_tagging_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    out, _ = _run("benchmarks.tag_window_bench", 300, tmp_path)
    figures = json.loads(out.read_text())
    assert figures["rows"] == 300
    for figure in ("tag_s", "tag_max_gui_stall_ms", "undo_s", "undo_max_gui_stall_ms"):
        assert figures[figure] >= 0, figure


def test_the_busy_reading_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "busy.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.busy_bench",
            "--rows",
            "3000",
            "--repeat",
            "1",
            "--json",
            str(out),
        ],
        check=True,
        cwd=REPO,
        capture_output=True,
        timeout=600,
    )
    figures = json.loads(out.read_text())
    assert figures["rows"] == 3000 and figures["open_and_count_idle_ms"] > 0


def test_the_import_floor_benchmark_times_every_part(tmp_path: Path) -> None:
    out, _ = _run("benchmarks.import_floor_bench", 500, tmp_path, "--rows", "500")
    figures = json.loads(out.read_text())
    parts = ("names_s", "documents_s", "links_s", "full_text_s", "indexes_s", "commit_s")
    assert all(figures[part] >= 0 for part in parts)
    assert figures["floor_s"] >= sum(figures[part] for part in parts)
    assert figures["import_records_per_s"] > 0


def test_the_index_benchmark_times_each_index_with_and_without_it(tmp_path: Path) -> None:
    out, _ = _run("benchmarks.index_bench", 300, tmp_path)
    figures = json.loads(out.read_text())
    indexes = figures["indexes"]
    assert "ix_documents_sort_title" in indexes and "ix_document_people_person_role" in indexes
    for name, index in indexes.items():
        assert index["bytes"] > 0 and index["build_s"] >= 0, name
        assert index["ms_with"].keys() == index["ms_without"].keys() and index["ms_with"], name

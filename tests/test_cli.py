"""The `dossier` command line on a fresh catalog: the seed's known truth and every bad input."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main

from .conftest import SEED


@pytest.fixture
def run(catalog_url: str, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `dossier ARGS --database <a fresh catalog>`; returns (status, stdout, stderr)."""

    def invoke(*arguments: str) -> tuple[int, str, str]:
        status = main([*arguments, "--database", catalog_url])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return invoke


@pytest.fixture
def seeded(run):  # type: ignore[no-untyped-def]
    status, out, err = run("import", str(SEED))
    assert status == 0, err
    assert "20 documents added" in out
    return run


KNOWN_COUNTS = [
    ("", 20),
    ('type:"Ciphered Telegram"', 12),
    ("year:1951", 7),
    ("author:Stalin", 5),
    ("recipient:Stalin", 10),
    ('author:"Mao Zedong"', 8),
    ('author:"Zhou Enlai"', 4),
    ("origin:Beijing", 7),
    ("armistice", 3),
    ("date:1951-11..1952-02", 9),
]


@pytest.mark.parametrize(("query", "expected"), KNOWN_COUNTS)
def test_search_count_on_the_seed(seeded, query: str, expected: int) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = seeded("search", query, "--count")
    assert status == 0
    assert out.strip() == str(expected)


def test_facets_type_lists_the_six_types(seeded) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = seeded("facets", "type")
    assert status == 0
    assert out.splitlines() == [
        "Ciphered Telegram\t12",
        "Cable\t4",
        "Letter\t1",
        "Memorandum of Conversation\t1",
        "Report\t1",
        "Telegram\t1",
    ]


def test_facets_under_a_query(seeded) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = seeded("facets", "year", "--query", "author:Stalin")
    assert status == 0
    assert out.splitlines() == ["1952\t3", "1951\t2"]


def test_importing_the_seed_again_adds_nothing(seeded) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = seeded("import", str(SEED))
    assert status == 0
    assert "0 documents added, 20 already in the catalog" in out
    assert seeded("search", "", "--count")[1].strip() == "20"


def test_search_lists_documents_in_date_order(seeded) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = seeded("search", "author:Stalin", "--format", "json")
    assert status == 0
    rows = json.loads(out)
    assert [row["date"] for row in rows] == [
        "September 10, 1951",
        "October 07, 1951",
        "February 03, 1952",
        "March 14, 1952",
        "July 16, 1952",
    ]
    assert rows[0]["authors"] == ["Stalin"]
    assert rows[0]["recipients"] == ["Mao Zedong"]


def test_search_limit_and_table(seeded) -> None:  # type: ignore[no-untyped-def]
    status, out, err = seeded("search", "year:1952", "--limit", "2")
    assert status == 0
    assert len(out.splitlines()) == 2
    assert "11 more" in err


def test_info_reports_counts(seeded, catalog_url: str) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = seeded("info")
    assert status == 0
    assert "documents:   20" in out
    assert "collections: 6" in out
    assert "read-write" in out


def test_a_bad_query_is_exit_2_naming_the_position(seeded) -> None:  # type: ignore[no-untyped-def]
    status, out, err = seeded("search", "armistice colour:red", "--count")
    assert status == 2
    assert out == ""
    assert "column 11" in err and "'colour' is not a field" in err
    assert len(err.strip().splitlines()) == 1


def test_hostile_query_finds_nothing_and_harms_nothing(seeded) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = seeded("search", "'; DROP TABLE documents; --", "--count")
    assert status == 0
    assert out.strip() == "0"
    assert seeded("search", "", "--count")[1].strip() == "20"


# Bad input files: each is exit 2, one line naming the file (and line), catalog unchanged.
def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _seed_with(old: str, new: str) -> bytes:
    return SEED.read_text(encoding="utf-8").replace(old, new, 1).encode("utf-8")


BAD_FILES = [
    ("empty.txt", b"", None),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), None),
    ("broken-date.txt", _seed_with("September 10, 1951", "Septembr 10, 1951"), 12),
    (
        "huge-summary.txt",
        _seed_with("Stalin replies to China's request", "Stalin replies " + "x" * 5_000_000),
        None,
    ),
]


@pytest.mark.parametrize(("name", "content", "line"), BAD_FILES)
def test_a_bad_file_is_refused_and_the_catalog_kept(
    seeded,
    tmp_path: Path,
    name: str,
    content: bytes,
    line: int | None,  # type: ignore[no-untyped-def]
) -> None:
    path = _write(tmp_path, name, content)
    status, out, err = seeded("import", str(path))
    assert status == 2
    assert out == ""
    message = err.strip()
    assert len(message.splitlines()) == 1
    assert str(path) in message
    if line is not None:
        assert f"{path}:{line}:" in message
    assert seeded("search", "", "--count")[1].strip() == "20"


def test_an_import_of_several_files_is_all_or_nothing(seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = _write(
        tmp_path,
        "good.txt",
        _seed_with("Sino-Soviet Relations\n", "Other Relations\n").replace(
            b"September 10, 1951", b"September 11, 1951"
        ),
    )
    bad = _write(tmp_path, "bad.txt", _seed_with("September 10, 1951", "Septembr 10, 1951"))
    status, _, err = seeded("import", str(good), str(bad))
    assert status == 2
    assert "bad.txt:12" in err
    assert seeded("search", "", "--count")[1].strip() == "20"


def test_a_hostile_title_is_stored_as_text(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    listing = _write(
        tmp_path,
        "hostile.txt",
        b"Hostile Collection\n\nA test.\n\n  \xe2\x80\xa2 May 1, 1950\n\n"
        b"    '; DROP TABLE documents; --\n\n    <img src=x onerror=alert(1)> summary\n",
    )
    status, _, err = run("import", str(listing))
    assert status == 0, err
    status, out, _ = run("search", "", "--format", "json")
    assert json.loads(out)[0]["title"] == "'; DROP TABLE documents; --"


def test_a_missing_file_is_exit_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    status, _, err = run("import", str(tmp_path / "nowhere.txt"))
    assert status == 2
    assert "nowhere.txt: no such file" in err


def test_a_catalog_that_is_not_a_database_is_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "catalog.sqlite", b"not a database at all\n" * 100)
    status = main(["info", "--database", f"sqlite:///{path}"])
    err = capsys.readouterr().err
    assert status == 1
    assert str(path) in err and "not a Dossier catalog" in err
    assert path.read_bytes() == b"not a database at all\n" * 100


def test_a_read_only_catalog_refuses_an_import(
    catalog_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["info", "--database", catalog_url]) == 0
    path = tmp_path / "catalog.sqlite"
    status = main(["import", str(SEED), "--database", f"sqlite:///file:{path}?mode=ro&uri=true"])
    assert status == 1
    assert "read-only" in capsys.readouterr().err
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (0,)


def test_bad_usage_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["search"])
    assert caught.value.code == 2


def test_the_command_line_does_not_import_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from desktop_app.cli import main; "
        f"status = main(['info', '--database', 'sqlite:///{tmp_path / 'c.sqlite'}']); "
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'qtawesome'))]; "
        "sys.exit(status)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy()
    )
    assert result.returncode == 0, result.stderr


def test_the_environment_variable_picks_the_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DOSSIER_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    assert main(["info"]) == 0
    assert str(tmp_path / "env.sqlite") in capsys.readouterr().out


def test_database_may_come_before_the_command(
    catalog_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", catalog_url, "import", str(SEED)]) == 0
    assert "20 documents added" in capsys.readouterr().out
    assert main(["--database", catalog_url, "search", "", "--count"]) == 0
    assert capsys.readouterr().out.strip() == "20"


def test_generate_fills_an_empty_catalog_and_refuses_a_full_one(run) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = run("generate", "--documents", "500", "--seed", "4")
    assert status == 0
    assert "500 documents" in out
    assert run("search", "", "--count")[1].strip() == "500"
    status, _, err = run("generate", "--documents", "10")
    assert status == 2
    assert "has 500 documents" in err

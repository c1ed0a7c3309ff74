"""Importing CSV, JSON and JSON Lines: fields, encodings, delimiters, bad rows and updates."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.domain.dates import Precision
from desktop_app.domain.errors import InputError
from desktop_app.domain.views import DocumentDetail
from desktop_app.services.catalog import Catalog
from desktop_app.services.importing import source_format

from .conftest import SEED, SHARED_DATA

Run = Callable[..., tuple[int, str, str]]

SCRAPER_SAMPLE = SHARED_DATA / "wilson-records-sample.json"


@pytest.fixture
def run(catalog_url: str, capsys: pytest.CaptureFixture[str]) -> Run:
    """`dossier ARGS --database <a fresh catalog>`; returns (status, stdout, stderr)."""

    def invoke(*arguments: str) -> tuple[int, str, str]:
        status = main([*arguments, "--database", catalog_url])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return invoke


@pytest.fixture
def catalog(catalog_url: str) -> Catalog:
    return Catalog.open(catalog_url)


def _write(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def _detail(catalog: Catalog, query: str) -> DocumentDetail:
    (document_id,) = catalog.search(query).ids
    detail = catalog.detail(document_id)
    assert detail is not None
    return detail


# -- the scraper's records -------------------------------------------------------------------

needs_sample = pytest.mark.skipif(
    not SCRAPER_SAMPLE.exists(),
    reason=f"the scraper sample {SCRAPER_SAMPLE} is not there (it lives outside the project)",
)


@pytest.mark.shared
@needs_sample
def test_the_scraper_records_import_with_every_field(catalog: Catalog) -> None:
    (report,) = catalog.import_files([SCRAPER_SAMPLE])
    assert (report.added, report.updated, report.skipped) == (11, 0, 0)
    assert any("page_number" in warning for warning in report.warnings)
    assert catalog.count() == 11

    records = json.loads(SCRAPER_SAMPLE.read_text(encoding="utf-8"))["records"]
    for record in records:
        detail = _detail(catalog, f"record:={record['record_id']}")
        row = detail.row
        assert row.title == record["title"]
        assert row.date_text == record["original_publication_date"]
        assert detail.summary == record["summary"]
        assert row.archive == "; ".join(record["original_archive_title"])
        assert row.languages == tuple(record["language"])
        assert detail.places == tuple(record["associated_places"])
        assert detail.subjects == tuple(record["subjects_discussed"])
        assert detail.url == record["document_url"]
        assert detail.source_citation == record["source"]
        assert detail.rights == record["rights"]
        assert detail.classification == record["original_classification"]
        assert f"Original upload date: {record['original_upload_date']}" in detail.notes
        for donor in record["donors"]:
            assert donor in detail.notes
        if record["credits"]:
            assert f"Credits: {record['credits']}" in detail.notes
        assert len(row.authors) == len(record["authors"])
        assert len(detail.mentioned) == len(record["associated_people_orgs"])
        assert len(detail.participants) == len(record["document_contributors"])

    nehru = _detail(catalog, "record:=300653")
    assert nehru.row.authors == ("Jawaharlal Nehru",)  # from `Nehru, Jawaharlal`
    assert nehru.row.doc_type == "Letter"  # read from the title, which has no type column
    assert nehru.row.precision is Precision.DAY

    japan = _detail(catalog, "record:=300641")
    assert japan.row.authors == ("Japan. Foreign Ministry",)
    assert japan.mentioned == ("Satō Eisaku", "Chiang Ching-kuo")
    assert japan.row.doc_type == ""

    statement = _detail(catalog, "record:=300638")
    assert statement.row.precision is Precision.MONTH
    assert statement.row.date_start == "1967-11-01" and statement.row.date_end == "1967-11-30"

    kohl = _detail(catalog, "record:=300242")
    assert kohl.participants == ("Helmut Kohl", "Anthony Charles Lynton Blair")
    assert kohl.title_dates == ("20 October 1997",)

    assert catalog.count("person:Sato") == 2
    assert catalog.count("person:Jiang Jingguo") == 3  # the alias in the heading's brackets
    assert catalog.count('author:"Japan. Foreign Ministry"') == 2
    assert catalog.count("participant:Kohl") == 6
    assert catalog.count('place:="Southeast Asia"') == 1
    assert catalog.count('subject:"Cultural Revolution"') == 1
    assert catalog.count('classification:"Secret"') == 3
    assert catalog.count("language:German") == 6
    assert catalog.count("Chequers") == 1  # full text of a title


@pytest.mark.shared
@needs_sample
def test_inverted_headings_and_plain_names_are_one_person(catalog: Catalog) -> None:
    catalog.import_files([SEED, SCRAPER_SAMPLE])
    # `Mao, Zedong` (scraper) and `Mao Zedong` (listing) are the same person.
    assert catalog.count("person:=Mao Zedong") == catalog.count("person:Mao")
    assert "Mao Zedong" in catalog.values("person", "mao")
    assert len([name for name in catalog.values("person", "mao") if "Mao" in name]) == 1


@pytest.mark.shared
@needs_sample
def test_importing_the_records_again_updates_instead_of_adding(run: Run, tmp_path: Path) -> None:
    status, out, err = run("import", str(SCRAPER_SAMPLE))
    assert status == 0, err
    assert "11 documents added, 0 already in the catalog, 0 updated" in out
    assert "ignored the columns page_number" in err

    status, out, _ = run("import", str(SCRAPER_SAMPLE))
    assert status == 0
    assert "0 documents added, 11 already in the catalog, 0 updated" in out

    document = json.loads(SCRAPER_SAMPLE.read_text(encoding="utf-8"))
    changed = document["records"][0]
    changed["summary"] = "Nehru writes about zeppelins."
    changed["title"] = "Letter, Jawaharlal Nehru to the Provincial Premiers on Zeppelins"
    changed["associated_places"] = ["Burma"]
    edited = _write(tmp_path, "edited.json", json.dumps(document))
    status, out, err = run("import", str(edited))
    assert status == 0, err
    assert "0 documents added, 10 already in the catalog, 1 updated" in out

    assert run("search", "", "--count")[1].strip() == "11"
    assert run("search", "zeppelins", "--count")[1].strip() == "1"  # full text follows
    assert run("search", "title:Zeppelins", "--count")[1].strip() == "1"
    assert run("search", '"all provincial premiers"', "--count")[1].strip() == "0"
    assert run("search", "place:Burma", "--count")[1].strip() == "1"
    assert run("search", "place:Pakistan", "--count")[1].strip() == "0"
    assert run("search", "author:Nehru", "--count")[1].strip() == "1"
    status, out, _ = run("search", "", "--format", "json", "--sort", "title")
    titles = [row["title"] for row in json.loads(out)]
    assert titles.index("Letter, Jawaharlal Nehru to the Provincial Premiers on Zeppelins") == (
        sorted(title.casefold() for title in titles).index(
            "letter, jawaharlal nehru to the provincial premiers on zeppelins"
        )
    )


# -- updates ---------------------------------------------------------------------------------


def test_a_csv_of_a_few_columns_changes_only_those(run: Run, tmp_path: Path) -> None:
    assert run("import", str(SEED))[0] == 0
    tags = _write(
        tmp_path,
        "tags.csv",
        "Date,Title,Tags\r\n"
        '"September 10, 1951","Ciphered Telegram, Filippov [Stalin] to Mao Zedong",'
        "advisors; mine\r\n",
    )
    status, out, err = run("import", str(tags))
    assert status == 0, err
    assert "0 documents added, 0 already in the catalog, 1 updated" in out
    assert run("search", "", "--count")[1].strip() == "20"
    assert run("search", "tag:advisors", "--count")[1].strip() == "1"
    assert run("search", "author:Stalin tag:mine", "--count")[1].strip() == "1"
    # The summary, collections and correspondents the listing gave are all still there.
    assert run("search", "armistice", "--count")[1].strip() == "3"
    assert run("search", 'collection:"Sino-Soviet" tag:mine', "--count")[1].strip() == "1"
    assert run("search", "recipient:Mao tag:mine", "--count")[1].strip() == "1"
    # The listing itself still adds nothing and changes nothing.
    status, out, _ = run("import", str(SEED))
    assert "0 documents added, 20 already in the catalog, 0 updated" in out
    assert run("search", "tag:mine", "--count")[1].strip() == "1"


def test_a_record_id_matches_before_date_and_title(catalog: Catalog, tmp_path: Path) -> None:
    first = _write(
        tmp_path,
        "first.csv",
        "record_id,date,title,summary\n7,1951,Report on Grain,old\n8,1951,Report on Grain,other\n",
    )
    (report,) = catalog.import_files([first])
    assert report.added == 2  # one date and title, two record IDs: two documents
    second = _write(tmp_path, "second.csv", "record_id,date,title\n7,1952,Report on Rice\n")
    (report,) = catalog.import_files([second])
    assert (report.added, report.updated) == (0, 1)
    assert _detail(catalog, "record:=7").row.title == "Report on Rice"
    assert _detail(catalog, "record:=7").summary == "old"
    assert _detail(catalog, "record:=8").row.title == "Report on Grain"


def test_one_file_naming_a_document_twice_keeps_the_last(catalog: Catalog, tmp_path: Path) -> None:
    path = _write(tmp_path, "twice.csv", "record_id,title\n5,First\n5,Second\n")
    (report,) = catalog.import_files([path])
    assert (report.added, report.skipped) == (1, 1)
    assert _detail(catalog, "record:=5").row.title == "Second"


# -- bad files -------------------------------------------------------------------------------

HEADER = "Date,Title,Authors,Summary\n"
GOOD = '"September 10, 1951","Letter, Mao to Stalin",Mao Zedong,fine\n'

BAD_CSV = [
    ("wrong-count.csv", HEADER + GOOD + '"May 1, 1950",A title,Mao\n', 3, "has 3 cells"),
    ("short-row.csv", HEADER + GOOD + GOOD + '"May 1, 1950",T,a,b,c\n', 4, "has 5 cells"),
    ("unterminated.csv", HEADER + GOOD + '"May 1, 1950","A title,Mao,x\n', 3, "never closed"),
    ("unclosed.csv", HEADER + GOOD + '"May 1, 1950","A,Mao,x\n' + GOOD, 3, "missing"),
    ("stray-quote.csv", HEADER + '"May 1, 1950","A" title,Mao,x\n' + GOOD, 2, "stray"),
    ("bad-date.csv", HEADER + GOOD + "Septembr 10 1951,T,Mao,x\n", 3, "not a month"),
    ("bad-day.csv", HEADER + GOOD + "1951-02-30,T,Mao,x\n", 3, "does not exist"),
    ("no-title.csv", HEADER + GOOD + '"May 1, 1950",,Mao,x\n', 3, "has no title"),
    ("long.csv", HEADER + GOOD + '"May 1, 1950",T,Mao,' + "x" * 100_001 + "\n", 3, "limit"),
    ("huge.csv", HEADER + '"May 1, 1950",T,Mao,"' + "y" * 200_000 + '"\n' + GOOD, 2, "limit"),
    ("long-id.csv", "record_id,title\n" + "9" * 101 + ",T\n", 2, "record_id is 101"),
]


@pytest.mark.parametrize(("name", "content", "line", "reason"), BAD_CSV)
def test_a_bad_csv_is_refused_naming_the_line(
    run: Run, tmp_path: Path, name: str, content: str, line: int, reason: str
) -> None:
    assert run("import", str(SEED))[0] == 0
    path = _write(tmp_path, name, content)
    status, out, err = run("import", str(path))
    assert status == 2
    assert out == ""
    assert err.startswith(f"dossier: {path}:{line}: ")
    assert reason in err.splitlines()[0]
    assert run("search", "", "--count")[1].strip() == "20"


def test_every_bad_row_is_listed_and_nothing_is_kept(run: Run, tmp_path: Path) -> None:
    rows = [GOOD] * 2500  # more than one chunk: earlier chunks were written, then undone
    rows[3] = "Septembr 10 1951,T,Mao,x\n"
    rows[2400] = '"May 1, 1950",T\n'
    path = _write(tmp_path, "many.csv", HEADER + "".join(rows))
    status, _, err = run("import", str(path))
    assert status == 2
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"dossier: {path}:5: ")
    assert "2 rows cannot be read; nothing was imported" in lines[0]
    assert lines[1] == "line 5: 'Septembr' in 'Septembr 10 1951' is not a month"
    assert lines[2] == "line 2402: has 2 cells; the header has 4"
    assert run("search", "", "--count")[1].strip() == "0"


def test_a_file_without_a_title_column(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path, "untitled.csv", "Date,Headline\n1951,Something\n")
    status, _, err = run("import", str(path))
    assert status == 2
    assert f"{path}:1: has no title column" in err
    status, out, err = run("import", str(path), "--map", "Headline=title")
    assert status == 0, err
    assert "1 documents added" in out


def test_map_reads_a_column_into_a_field_and_others_are_warned(run: Run, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "mapped.csv",
        "when,Headline,Writer,Shelfmark,Mood\n1951,Letter from Mao,Zhou Enlai,F. 45,grim\n",
    )
    status, _, err = run(
        "import", str(path), "--map", "when=date", "--map", "Headline=title",
        "--map", "writer=authors", "--map", "Shelfmark=source", "--map", "Mood=ignore",
    )  # fmt: skip
    assert status == 0, err
    assert "ignored the columns" not in err
    assert run("search", 'author:"Zhou Enlai" year:1951', "--count")[1].strip() == "1"
    status, _, err = run("import", str(path), "--map", "Headline=title")
    assert "ignored the columns when, Writer, Shelfmark, Mood" in err
    status, _, err = run("import", str(path), "--map", "Headline=colour")
    assert status == 2
    assert "'colour' is not a field" in err


@pytest.mark.parametrize(
    ("name", "content", "line", "reason"),
    [
        ("broken.json", '[\n{"title": "A"},\n{"title": "B",,}\n]\n', 3, "not valid JSON"),
        ("object.json", '{"provenance": "x"}\n', 1, "without a 'records' array"),
        ("scalar.json", '[\n{"title": "A"},\n"B"\n]\n', 3, "not an object"),
        ("nested.json", '[{"title": {"text": "A"}}]', 1, "is a JSON object"),
        ("bad.jsonl", '{"title": "A"}\n{"title": "B"\n{"title": "C"}\n', 2, "not valid JSON"),
        ("date.jsonl", '{"title": "A"}\n\n{"title": "B", "date": "1951-13"}\n', 3, "no month 13"),
    ],
)
def test_a_bad_json_file_names_the_line(
    run: Run, tmp_path: Path, name: str, content: str, line: int, reason: str
) -> None:
    path = _write(tmp_path, name, content)
    status, _, err = run("import", str(path))
    assert status == 2
    assert err.startswith(f"dossier: {path}:{line}: ")
    assert reason in err
    assert run("search", "", "--count")[1].strip() == "0"


# -- encodings, delimiters and shapes ---------------------------------------------------------

TITLE = "Mémoire „Café Müller“ – naïve, 1951"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("cp1252", b""),
    ],
)
def test_encodings_are_detected(
    catalog: Catalog, tmp_path: Path, encoding: str, prefix: bytes
) -> None:
    text = f'date,title,languages\r\n1951,"{TITLE}","French; German"\r\n'
    path = _write(tmp_path, "encoded.csv", prefix + text.encode(encoding))
    (report,) = catalog.import_files([path])
    assert report.added == 1
    detail = _detail(catalog, "")
    assert detail.row.title == TITLE
    assert detail.row.languages == ("French", "German")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_detected(catalog: Catalog, tmp_path: Path, delimiter: str) -> None:
    cells = [
        ["Date", "Title", "Authors", "Places"],
        ["1951-10-07", "Report, secret", "Mao Zedong; Zhou Enlai", "Beijing"],
    ]
    text = "".join(
        delimiter.join(f'"{cell}"' if delimiter in cell or "," in cell else cell for cell in row)
        + "\n"
        for row in cells
    )
    path = _write(tmp_path, "delimited.txt", text)
    assert source_format(path) == "csv"
    (report,) = catalog.import_files([path])
    assert report.added == 1
    detail = _detail(catalog, "")
    assert detail.row.title == "Report, secret"
    assert detail.row.authors == ("Mao Zedong", "Zhou Enlai")
    assert detail.row.precision is Precision.DAY


def test_multi_valued_cells_may_be_json_arrays(catalog: Catalog, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "arrays.csv",
        'title,subjects\nA,"[""Korean War, 1950-1953"", ""Armistice; truce""]"\n',
    )
    catalog.import_files([path])
    assert _detail(catalog, "").subjects == ("Korean War, 1950-1953", "Armistice; truce")


def test_json_lines_and_plain_arrays(catalog: Catalog, tmp_path: Path) -> None:
    lines = _write(
        tmp_path,
        "records.ndjson",
        '{"title": "Letter, Mao Zedong to Stalin", "date": "June, 1934", "record_id": 1}\n'
        '{"title": "Cable No. 5 from Moscow, Stalin to Mao Zedong", "authors": "Stalin"}\n',
    )
    array = _write(
        tmp_path,
        "records.json",
        json.dumps([{"Title": "Report", "Record ID": "x-1", "Language": ["Russian", "Chinese"]}]),
    )
    reports = catalog.import_files([lines, array])
    assert [report.added for report in reports] == [2, 1]
    letter = _detail(catalog, "record:=1")
    assert letter.row.precision is Precision.MONTH
    assert letter.row.authors == ("Mao Zedong",)  # read from the title
    cable = _detail(catalog, "type:Cable")
    assert (cable.row.number, cable.row.origin) == ("5", "Moscow")
    assert _detail(catalog, "record:=x-1").row.languages == ("Russian", "Chinese")


def test_a_large_json_array_streams_across_chunks(catalog: Catalog, tmp_path: Path) -> None:
    records: list[dict[str, Any]] = [
        {"title": f"Report No. {n}", "record_id": n, "summary": "w" * 400} for n in range(6000)
    ]
    path = _write(tmp_path, "big.json", json.dumps({"records": records}, indent=1))
    (report,) = catalog.import_files([path])
    assert report.added == 6000
    assert catalog.count("type:Report") == 6000


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.csv", "anything", "csv"),
        ("a.TSV", "anything", "csv"),
        ("a.json", "anything", "json"),
        ("a.jsonl", "anything", "json"),
        ("a.ndjson", "anything", "json"),
        ("a.txt", '[{"title": "x"}]', "json"),
        ("a.txt", "Title,Date\nx,1951\n", "csv"),
        ("a.txt", "Sino-Soviet Relations\n\nSeptember 10, 1951\nA title\n", "listing"),
    ],
)
def test_auto_format(tmp_path: Path, name: str, content: str, expected: str) -> None:
    assert source_format(_write(tmp_path, name, content)) == expected


def test_an_empty_or_binary_file(catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is empty"):
        catalog.import_files([_write(tmp_path, "empty.csv", b"\xef\xbb\xbf\r\n")])
    with pytest.raises(InputError, match="binary"):
        catalog.import_files([_write(tmp_path, "image.json", b"\x89PNG\r\n\x00\x00")])


def test_the_collection_option_puts_records_in_it(catalog: Catalog, tmp_path: Path) -> None:
    path = _write(tmp_path, "c.csv", "title\nA report\n")
    catalog.import_files([path], collection="My Finds")
    assert catalog.count('collection:"My Finds"') == 1


def test_excel_sep_line_names_the_delimiter(catalog: Catalog, tmp_path: Path) -> None:
    path = _write(tmp_path, "excel.csv", "sep=;\r\nTitle;Date\r\nA, b, c;1951\r\n")
    (report,) = catalog.import_files([path])
    assert report.added == 1
    assert _detail(catalog, "").row.title == "A, b, c"


def test_a_map_for_a_column_that_is_not_there_is_warned(catalog: Catalog, tmp_path: Path) -> None:
    path = _write(tmp_path, "plain.csv", "title\nA\n")
    (report,) = catalog.import_files([path], mapping={"Headline": "title"})
    assert report.added == 1
    assert report.warnings == (f"{path}: --map names 'Headline', but no column is called so",)


def test_text_that_stops_being_utf8_late_in_the_file(run: Run, tmp_path: Path) -> None:
    rows = "".join(f"Report No. {n},1951\n" for n in range(60_000))  # past the sniffed sample
    path = _write(tmp_path, "mixed.csv", b"title,date\n" + rows.encode() + b"Caf\xe9,1952\n")
    status, _, err = run("import", str(path))
    assert status == 2
    assert f"{path}:60002: is not UTF-8 text here (byte 0xe9)" in err
    assert run("search", "", "--count")[1].strip() == "0"

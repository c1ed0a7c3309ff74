"""FRUS volumes (TEI XML) imported whole: the twelve real volumes of shared/, and volumes made
here to show what the shared ones do not (other markup, broken files, hostile XML)."""

from __future__ import annotations

import re
import shutil
import sqlite3
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.domain.errors import InputError
from desktop_app.domain.text import fold
from desktop_app.services.catalog import Catalog
from desktop_app.services.importing import source_format
from tests.conftest import SHARED_DATA

FRUS = SHARED_DATA / "frus"
VOLUMES = sorted(FRUS.glob("*.xml")) if FRUS.is_dir() else []
needs_volumes = pytest.mark.skipif(
    not VOLUMES, reason=f"the FRUS volumes are not in {FRUS} (the shared data folder)"
)

T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


# -- the twelve volumes, imported once ------------------------------------------------------


@pytest.fixture(scope="module")
def frus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("frus") / "frus.sqlite"
    catalog = Catalog.open(f"sqlite:///{path}")
    try:
        catalog.import_files(VOLUMES)
    finally:
        catalog.close()
    return path


@pytest.fixture
def frus(frus_file: Path) -> Iterator[Catalog]:
    catalog = Catalog.open(f"sqlite:///{frus_file}")
    yield catalog
    catalog.close()


def _documents(volume: Path) -> list[ElementTree.Element]:
    root = ElementTree.parse(volume).getroot()
    return [div for div in root.iter(f"{T}div") if div.get("type") == "document"]


def _head_text(div: ElementTree.Element) -> str:
    head = div.find(f"{T}head")
    return "" if head is None else " ".join("".join(head.itertext()).split())


def _is_editorial(div: ElementTree.Element) -> bool:
    return bool(re.match(r"^(?:\d+\.\s*)?Editorial Note", _head_text(div)))


def _has_date(div: ElementTree.Element) -> bool:
    """A date the markup gives: on the div, or in its dateline or head (not in their notes)."""
    if any(key.endswith("doc-dateTime-min") for key in div.attrib):
        return True
    places = [div.find(f"{T}head"), *div.iter(f"{T}dateline")]
    for place in places:
        if place is None:
            continue
        notes = {id(date) for note in place.iter(f"{T}note") for date in note.iter(f"{T}date")}
        for date in place.iter(f"{T}date"):
            if id(date) not in notes and (date.get("when") or date.get("from")):
                return True
    return False


def _has_source_note(div: ElementTree.Element) -> bool:
    inline = [child for child in div if child.tag == f"{T}note" and child.get("type") == "source"]
    head = div.find(f"{T}head")
    notes = [] if head is None else list(head.iter(f"{T}note"))
    return bool(inline) or any(
        note.get("type") == "source" or "".join(note.itertext()).strip().startswith("Source:")
        for note in notes
    )


def _stored(path: Path, sql: str, *parameters: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, parameters).fetchall()


@needs_volumes
@pytest.mark.parametrize("volume", VOLUMES, ids=[volume.stem for volume in VOLUMES])
def test_each_volume_gives_the_documents_dates_sources_and_people_its_markup_has(
    frus_file: Path, volume: Path
) -> None:
    divs = _documents(volume)
    prefix = f"{volume.stem}/%"
    stored = {
        record_id: (start, citation)
        for record_id, start, citation in _stored(
            frus_file,
            "SELECT record_id, date_start, source_citation FROM documents WHERE record_id LIKE ?",
            prefix,
        )
    }
    assert len(stored) == len(divs)
    dated = [div for div in divs if _has_date(div) and not _is_editorial(div)]
    assert sum(start is not None for start, _ in stored.values()) == len(dated)
    with_source = [div for div in divs if _has_source_note(div)]
    assert sum(bool(citation) for _, citation in stored.values()) == len(with_source)
    # Every listed person a head marks as sender or addressee is that document's, by name.
    listed = {
        item.get(XML_ID): " ".join("".join(item.itertext()).split())
        for item in ElementTree.parse(volume).getroot().iter(f"{T}persName")
        if item.get(XML_ID)
    }
    marked = 0
    for div in divs:
        head = div.find(f"{T}head")
        assert head is not None
        for name in head.iter(f"{T}persName"):
            reference = (name.get("corresp") or "").lstrip("#")
            role = {"from": "author", "to": "recipient"}.get(name.get("type") or "")
            if role is None or reference not in listed or "see" in listed[reference]:
                continue
            marked += 1
            # "Chou En-lai" may be stored as Zhou Enlai, with the listed name as an alias.
            surname = re.split(r"[,(]", listed[reference])[0].split()[0].lower()
            names = _stored(
                frus_file,
                "SELECT p.name || ' ' || coalesce(group_concat(a.alias, ' '), '') "
                "FROM documents d JOIN document_people dp ON dp.document_id = d.id "
                "JOIN people p ON p.id = dp.person_id "
                "LEFT JOIN person_aliases a ON a.person_id = p.id "
                "WHERE d.record_id = ? AND dp.role = ? GROUP BY p.id",
                f"{volume.stem}/{div.get(XML_ID)}",
                role,
            )
            assert any(surname in str(written).lower() for (written,) in names), (
                div.get(XML_ID),
                surname,
                names,
            )
    if listed:
        assert marked > 0
    # The volume's people: every listed person its documents point to is a person of the
    # catalog linked to one of them, under their name or as an alias.
    pointed = {
        (name.get("corresp") or "").lstrip("#") for div in divs for name in div.iter(f"{T}persName")
    } & listed.keys()
    linked = " ".join(
        fold(str(written))
        for (written,) in _stored(
            frus_file,
            "SELECT p.name || ' ' || coalesce(group_concat(a.alias, ' '), '') FROM people p "
            "LEFT JOIN person_aliases a ON a.person_id = p.id WHERE p.id IN ("
            "SELECT dp.person_id FROM document_people dp JOIN documents d "
            "ON d.id = dp.document_id WHERE d.record_id LIKE ?) GROUP BY p.id",
            prefix,
        )
    )
    missing = [
        listed[reference]
        for reference in pointed
        if fold(re.split(r"[,(]", listed[reference])[0].split()[0]) not in linked
    ]
    assert not missing
    assert len(pointed) == 0 or len(pointed) > 40


@needs_volumes
def test_zhou_enlai_is_one_person_found_in_every_volume_that_names_him(frus: Catalog) -> None:
    naming = set()
    for volume in VOLUMES:
        ids = _zhou_ids(volume)
        for div in _documents(volume):
            words = "".join(div.itertext())
            pointed = {(name.get("corresp") or "").lstrip("#") for name in div.iter(f"{T}persName")}
            if re.search(r"Chou\s*En-?\s*lai|Zhou\s*Enlai", words, re.IGNORECASE) or ids & pointed:
                naming.add(volume.stem)
                break
    assert len(naming) >= 6
    result = frus.search('person:"Zhou Enlai"')
    found = {row.record_id.split("/")[0] for row in frus.rows(result.ids)}
    assert found == naming, naming ^ found
    # Written "Chou En-lai" in the older volumes: the same person, under either name.
    assert frus.count('person:"Chou En-lai"') == result.total
    assert [value.value for value in frus.facets("person", 'person:"Zhou Enlai"')].count(
        "Zhou Enlai"
    ) == 1


def _zhou_ids(volume: Path) -> set[str]:
    """The ids a volume's list of persons gives Zhou Enlai, under either spelling."""
    return {
        str(name.get(XML_ID))
        for name in ElementTree.parse(volume).getroot().iter(f"{T}persName")
        if name.get(XML_ID)
        and re.search(r"Chou En-?lai|Zhou Enlai", "".join(name.itertext()), re.IGNORECASE)
    }


def _detail(catalog: Catalog, record_id: str):  # type: ignore[no-untyped-def]
    result = catalog.search(f'record:"{record_id}"')
    (found,) = [row.id for row in catalog.rows(result.ids) if row.record_id == record_id]
    detail = catalog.detail(found)
    assert detail is not None
    return detail


@needs_volumes
@pytest.mark.parametrize(
    ("record_id", "title", "doc_type", "authors", "recipients", "date", "origin"),
    [
        # Sender marked as a listed person, addressee as an office.
        (
            "frus1955-57v02/d7",
            "Telegram From the Ambassador in Japan (Allison) to the Department of State",
            "Telegram",
            ("John M. Allison",),
            ("Department of State",),
            "1955-01-12",
            "Tokyo",
        ),
        # An office as sender, a listed person as addressee ("Lay, James S., Jr.").
        (
            "frus1955-57v02/d1",
            "Memorandum From the Secretary of State to the Executive Secretary of the National "
            "Security Council (Lay)",
            "Memorandum",
            ("Secretary of State",),
            ("James S. Lay Jr.",),
            "1955-01-04",
            "Washington",
        ),
        # An office whose place follows its markup: "<gloss>Embassy</gloss> in France".
        (
            "frus1964-68v30/d1",
            None,
            "Telegram",
            ("Department of State",),
            ("Embassy in France",),
            None,
            "Washington",
        ),
        # 1949: no number in the head, the type from the inline source note (": Telegram").
        (
            "frus1949v07p2/d51",
            "The Secretary of State to the Acting Political Adviser in Japan (Sebald)",
            "Telegram",
            ("Secretary of State",),
            None,
            "1949-04-01",
            "Washington",
        ),
        # Letters between heads of government, both marked.
        (
            "frus1961-63v06/d6",
            "Message From Chairman Khrushchev to President Kennedy",
            "Message",
            ("Nikita S. Khrushchev",),
            ("John F. Kennedy",),
            "1961-02-15",
            "Moscow",
        ),
    ],
)
def test_heads_read_into_title_type_correspondents_date_and_origin(
    frus: Catalog,
    record_id: str,
    title: str | None,
    doc_type: str,
    authors: tuple[str, ...],
    recipients: tuple[str, ...] | None,
    date: str | None,
    origin: str,
) -> None:
    detail = _detail(frus, record_id)
    row = detail.row
    if title is not None:
        assert row.title == title
    assert row.doc_type == doc_type
    assert row.authors == authors
    if recipients is not None:
        assert row.recipients == recipients
    if date is not None:
        assert row.date_start == row.date_end == date
    assert row.origin == origin
    assert row.number == record_id.rsplit("/d", 1)[1]
    assert detail.url == f"https://history.state.gov/historicaldocuments/{record_id}"
    assert "public domain" in detail.rights.lower()


@needs_volumes
def test_a_head_without_markup_is_read_as_text(frus: Catalog) -> None:
    # "The Acting Political Adviser in Japan (Sebald) to the Secretary of State": the person
    # in parentheses is the sender; the office without one the addressee.
    detail = _detail(frus, "frus1949v07p2/d11")
    assert "Sebald" in detail.row.authors[0]
    assert detail.row.recipients == ("Secretary of State",)
    # "…, by the Assistant Secretary of State for Far Eastern Affairs (Butterworth)".
    detail = _detail(frus, "frus1949v07p2/d184")
    assert detail.row.doc_type == "Memorandum of Conversation"
    assert "Butterworth" in detail.row.authors[0]
    # "…, by Mr. Marshall Green of the Division of Northeast Asian Affairs": the person alone.
    detail = _detail(frus, "frus1949v07p2/d134")
    assert detail.row.authors == ("Marshall Green",)
    # "The Secretary of State to the Embassy in the United Kingdom": a post, not a "Kingdom".
    detail = _detail(frus, "frus1949v07p2/d111")
    assert detail.row.recipients == ("Embassy in the United Kingdom",)


@needs_volumes
@needs_volumes
def test_a_date_written_without_its_year_shows_the_year_in_brackets(frus: Catalog) -> None:
    # The dateline says "January 6"; its `when` says 1951.
    row = _detail(frus, "frus1951v07p2/d2").row
    assert (row.date_text, row.date_start) == ("January 6 [1951]", "1951-01-06")


@needs_volumes
def test_source_note_gives_citation_archive_and_classification(frus: Catalog) -> None:
    detail = _detail(frus, "frus1955-57v02/d7")
    assert detail.source_citation.startswith(
        "Department of State, Central Files, 611.95A241/1–1255. Secret; Priority."
    )
    assert detail.row.archive == "Department of State"
    assert detail.classification == "Secret"
    # An untyped note that begins "Source:", in a volume without typed ones.
    detail = _detail(frus, "frus1961-63v06/d6")
    assert detail.source_citation.startswith("Department of State, Presidential Correspondence")
    assert detail.classification == "No classification marking"
    # 1949: the citation is the inline file number, the classification the opener's.
    detail = _detail(frus, "frus1949v07p2/d11")
    assert detail.source_citation == "894.00/1–2449"
    assert detail.classification == "Restricted"


@needs_volumes
def test_participants_subject_and_mentioned_people(frus: Catalog) -> None:
    detail = _detail(frus, "frus1955-57v02/d4")
    assert detail.row.doc_type == "Memorandum of Conversation"
    assert {"Herbert Hoover Jr.", "Robert D. Murphy", "Allen W. Dulles"} <= set(detail.participants)
    assert detail.summary.startswith("Problem of the Release of U.S. Airmen in Communist China")
    assert "Dag Hammarskjöld" in detail.mentioned
    assert "Zhou Enlai" in detail.mentioned


@needs_volumes
def test_editorial_notes_are_a_type_of_their_own_and_undated(frus: Catalog) -> None:
    detail = _detail(frus, "frus1955-57v02/d3")
    assert detail.row.doc_type == "Editorial Note"
    assert detail.row.date_start is None
    everything = frus.count()
    notes = frus.count('type:"Editorial Note"')
    assert notes > 300
    assert frus.count('-type:"Editorial Note"') == everything - notes


@needs_volumes
def test_volume_and_chapters_are_collections_with_their_periods(frus: Catalog) -> None:
    tree = {node.title: node for node in frus.collections()}
    volume = tree["Foreign Relations of the United States, 1955–1957, China, Volume II"]
    assert (volume.period_start, volume.period_end) == (1955, 1957)
    (compilation,) = volume.children
    assert compilation.title.startswith("United States policy with regard to the People’s")
    assert (compilation.period_start, compilation.period_end) == (1955, 1955)
    (chapter,) = compilation.children
    # A head of a paragraph is cut at its first clause.
    assert chapter.title == (
        "The Taiwan Strait crisis: U.S. concern with the defense of Taiwan and the maintenance "
        "of peace in the Taiwan area"
    )
    assert volume.document_count == 324


@needs_volumes
def test_importing_volumes_again_adds_and_changes_nothing(tmp_path: Path) -> None:
    catalog = Catalog.open(f"sqlite:///{tmp_path / 'again.sqlite'}")
    try:
        chosen = [FRUS / "frus1961-63v22.xml", FRUS / "frus1964-68v30.xml"]
        first = catalog.import_files(chosen)
        again = catalog.import_files(chosen)
    finally:
        catalog.close()
    assert sum(report.added for report in first) == 385 + 346
    assert [(report.added, report.updated) for report in again] == [(0, 0), (0, 0)]
    assert sum(report.skipped for report in again) == 385 + 346


# -- volumes made here ----------------------------------------------------------------------

#: A small volume in the newer markup: another `frus:` namespace URI, `sub-series`, dates
#: on the document divs, a subchapter, a person list with an alias and a "see" entry.
SMALL_VOLUME = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0">
<teiHeader><fileDesc><titleStmt>
<title type="complete">Foreign Relations of the United States, 1969–1976, Volume XVII, China</title>
<title type="sub-series">1969–1976</title>
</titleStmt><publicationStmt><idno type="frus">frus1969-76v17</idno></publicationStmt>
</fileDesc></teiHeader>
<text><front>
<div type="section" xml:id="persons"><head>Persons</head><list>
<item><persName xml:id="p_CEZE1">Chou En-lai (Zhou Enlai)</persName>, Premier</item>
<item><persName xml:id="p_KHA1">Kissinger, Henry A.</persName>, Assistant to the President</item>
<item><persName xml:id="p_BCE1">Bohlen, Charles E. (Chip)</persName>, Ambassador</item>
<item><persName xml:id="p_ZE1">Zhou Enlai</persName>, see Chou En-lai</item>
</list></div>
</front><body>
<div type="compilation" xml:id="comp1"><head>Opening to China, 1969–1972</head>
<div type="chapter" xml:id="ch1"><head>The Warsaw talks, January 1969–June 1970</head>
<div type="subchapter" xml:id="ch1a"><head>Secret channels, 1970</head>
<div type="document" xml:id="d1" n="1" frus:doc-dateTime-min="1970-01-08T00:00:00"
 frus:doc-dateTime-max="1970-01-08T23:59:59">
<head>1. Memorandum From the President’s Assistant for National Security Affairs
(<persName corresp="#p_KHA1" type="from">Kissinger</persName>) to President Nixon<note n="1"
 xml:id="d1fn1" type="source">Source: National Archives, Nixon Presidential Materials, NSC
 Files, Box 1031. Top Secret; Sensitive.</note></head>
<p>Premier <persName corresp="#p_ZE1">Zhou</persName> asked for talks.<note n="2"
 xml:id="d1fn2">See Document 2.</note></p>
<p>Ambassador <persName corresp="#p_BCE1">Bohlen</persName> agreed.</p>
</div>
<div type="document" xml:id="d2" n="2">
<head>2. Editorial Note</head>
<p>On January 20 the talks resumed in Warsaw.</p>
</div>
</div></div></div>
</body></text></TEI>
"""


def _write(tmp_path: Path, text: str, name: str = "frus1969-76v17.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_volume_in_newer_markup_imports_the_same_way(tmp_path: Path, catalog_url: str) -> None:
    volume = _write(tmp_path, SMALL_VOLUME)
    catalog = Catalog.open(catalog_url)
    try:
        (report,) = catalog.import_files([volume])
        assert (report.added, report.collections_added) == (2, 4)
        (top,) = catalog.collections()
        assert top.title == "Foreign Relations of the United States, 1969–1976, Volume XVII, China"
        assert (top.period_start, top.period_end) == (1969, 1976)
        chapter = top.children[0].children[0]
        assert (chapter.title, chapter.period_start, chapter.period_end) == (
            "The Warsaw talks, January 1969–June 1970",
            1969,
            1970,
        )
        assert chapter.children[0].title == "Secret channels, 1970"
        memo = _detail(catalog, "frus1969-76v17/d1")
        assert memo.row.date_start == memo.row.date_end == "1970-01-08"
        # The registry's name for him, whom the list calls "Kissinger, Henry A.".
        assert memo.row.authors == ("Henry Kissinger",)
        assert memo.row.recipients == ("Richard Nixon",)
        assert memo.classification == "Top Secret"
        assert memo.row.archive == "National Archives"
        # The "see" entry is the person it points to; "(Chip)" is a nickname, not a name.
        assert "Zhou Enlai" in memo.mentioned
        assert "Charles E. Bohlen" in memo.mentioned
        assert catalog.count('person:"Chip"') == 0
        assert catalog.count('person:"Chou En-lai"') == 1
        # The subchapter holds the documents; its volume finds them too.
        assert catalog.count('collection:"Secret channels, 1970"') == 2
        assert top.document_count == 2
        note = _detail(catalog, "frus1969-76v17/d2")
        assert note.row.doc_type == "Editorial Note"
        assert note.row.date_start is None
        # Changed in a later edition: updated in place, nothing added.
        changed = _write(tmp_path, SMALL_VOLUME.replace("resumed in Warsaw", "resumed"))
        changed_title = changed.read_text(encoding="utf-8").replace(
            "2. Editorial Note", "2. Editorial Note on the Warsaw Talks"
        )
        _write(tmp_path, changed_title)
        (again,) = catalog.import_files([changed])
        assert (again.added, again.updated, again.skipped) == (0, 1, 1)
        assert _detail(catalog, "frus1969-76v17/d2").row.title == (
            "Editorial Note on the Warsaw Talks"
        )
    finally:
        catalog.close()


def test_format_is_told_by_extension_and_by_content(tmp_path: Path) -> None:
    assert source_format(_write(tmp_path, SMALL_VOLUME)) == "tei"
    assert source_format(_write(tmp_path, SMALL_VOLUME, "volume.tei")) == "tei"
    assert source_format(_write(tmp_path, SMALL_VOLUME, "volume.txt"), "tei") == "tei"


def _unchanged(catalog: Catalog, before: int) -> None:
    assert catalog.count() == before
    assert catalog.collections() == []


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        # Cut off in the middle of a document: the parser's line, where the file ends.
        (SMALL_VOLUME[: SMALL_VOLUME.index("<p>Ambassador")], None, "not well-formed XML"),
        # A tag closed by the wrong one, on line 27.
        (SMALL_VOLUME.replace("agreed.</p>", "agreed.</div>"), 27, "not well-formed XML"),
        ("<html><body><p>Not a volume</p></body></html>", 1, "not a FRUS volume"),
        (
            SMALL_VOLUME.replace('type="complete"', 'type="main"'),
            None,
            'no <title type="complete">',
        ),
        (
            re.sub(r'type="document"', 'type="section"', SMALL_VOLUME),
            None,
            'no <div type="document">',
        ),
    ],
    ids=["truncated", "mismatched-tag", "not-tei", "no-title", "no-documents"],
)
def test_a_broken_or_foreign_file_is_refused_naming_file_and_line_and_changes_nothing(
    tmp_path: Path, catalog_url: str, text: str, line: int | None, reason: str
) -> None:
    broken = _write(tmp_path, text, "broken.xml")
    good = _write(tmp_path, SMALL_VOLUME)
    catalog = Catalog.open(catalog_url)
    try:
        with pytest.raises(InputError) as raised:
            catalog.import_files([good, broken])
        message = str(raised.value)
        assert message.startswith(str(broken))
        assert reason in message
        if line is not None:
            assert raised.value.line == line
            assert f"{broken}:{line}:" in message
        elif "well-formed" in reason:
            assert raised.value.line is not None
        # All or nothing: the good volume before it is not kept either.
        _unchanged(catalog, 0)
    finally:
        catalog.close()


def test_outside_entities_are_never_read(tmp_path: Path, catalog_url: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("THE-SECRET-WORDS", encoding="utf-8")
    hostile = SMALL_VOLUME.replace(
        "<TEI ", f'<!DOCTYPE TEI [<!ENTITY leak SYSTEM "file://{secret}">]>\n<TEI ', 1
    ).replace("asked for talks.", "asked for talks &leak;.")
    volume = _write(tmp_path, hostile)
    catalog = Catalog.open(catalog_url)
    try:
        catalog.import_files([volume])
        detail = _detail(catalog, "frus1969-76v17/d1")
        assert "THE-SECRET-WORDS" not in (detail.text + detail.footnotes)
        assert "asked for talks" in detail.text
    finally:
        catalog.close()


def test_text_keeps_paragraphs_and_footnotes_apart(tmp_path: Path, catalog_url: str) -> None:
    catalog = Catalog.open(catalog_url)
    try:
        catalog.import_files([_write(tmp_path, SMALL_VOLUME)])
        detail = _detail(catalog, "frus1969-76v17/d1")
        assert detail.text == "Premier Zhou asked for talks.²\n\nAmbassador Bohlen agreed."
        assert detail.footnotes.split("\n\n") == [
            "1. Source: National Archives, Nixon Presidential Materials, NSC Files, Box 1031. "
            "Top Secret; Sensitive.",
            "2. See Document 2.",
        ]
    finally:
        catalog.close()


@needs_volumes
def test_a_volume_imports_into_postgresql(pg_url: str) -> None:
    catalog = Catalog.open(pg_url)
    try:
        (report,) = catalog.import_files([FRUS / "frus1961-63v22.xml"])
        assert report.added == 385
        assert catalog.count('person:"Zhou Enlai"') >= 9
        detail = _detail(catalog, "frus1961-63v22/d50")
        assert detail.row.recipients == ("Embassy in Poland",)
    finally:
        catalog.close()


@needs_volumes
def test_a_volume_copied_under_another_name_is_the_same_volume(
    tmp_path: Path, catalog_url: str
) -> None:
    copy = tmp_path / "copy.xml"
    shutil.copyfile(FRUS / "frus1961-63v06.xml", copy)
    catalog = Catalog.open(catalog_url)
    try:
        catalog.import_files([FRUS / "frus1961-63v06.xml"])
        (again,) = catalog.import_files([copy])
        assert (again.added, again.updated) == (0, 0)
    finally:
        catalog.close()


def test_a_collection_named_on_import_holds_the_volume_too(
    tmp_path: Path, catalog_url: str
) -> None:
    catalog = Catalog.open(catalog_url)
    try:
        catalog.import_files([_write(tmp_path, SMALL_VOLUME)], collection="To read")
        titles = [node.title for node in catalog.collections()]
        assert "To read" in titles
        assert catalog.count('collection:"To read"') == 2
        # Still in its volume's chapters as well.
        assert catalog.count('collection:"Secret channels, 1970"') == 2
    finally:
        catalog.close()

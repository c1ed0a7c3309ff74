"""Archive listings: the seed's known truth, other listings of the same shape, and bad input."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.dates import Precision
from desktop_app.domain.errors import InputError
from desktop_app.domain.records import DocumentRecord, ImportBatch, Role
from desktop_app.importers.listing import (
    MAX_FIELD_CHARS,
    parse_listing,
    read_listing_file,
)
from desktop_app.importers.people import DATA_DIR, PeopleRegistry

SEED = DATA_DIR / "sino-soviet-relations-listing.txt"
A, R, V, P, M = Role.AUTHOR, Role.RECIPIENT, Role.VIA, Role.PARTICIPANT, Role.MENTIONED

# One registry for the module: hypothesis runs its examples without function-scoped fixtures.
_PEOPLE = PeopleRegistry()


@pytest.fixture
def people() -> PeopleRegistry:
    return _PEOPLE


@pytest.fixture(scope="module")
def seed() -> ImportBatch:
    return read_listing_file(SEED, _PEOPLE)


def credits_of(document: DocumentRecord) -> list[tuple[str, Role]]:
    return [(credit.person.name, credit.role) for credit in document.credits]


def count_role(batch: ImportBatch, name: str, role: Role) -> int:
    return sum(
        any(c.person.name == name and c.role is role for c in document.credits)
        for document in batch.documents
    )


# -- the seed -------------------------------------------------------------------------------------


def test_seed_known_truth(seed: ImportBatch) -> None:
    documents = seed.documents
    assert len(documents) == 20
    assert Counter(d.doc_type for d in documents) == {
        "Ciphered Telegram": 12,
        "Cable": 4,
        "Telegram": 1,
        "Memorandum of Conversation": 1,
        "Letter": 1,
        "Report": 1,
    }
    assert Counter(d.date.start.year for d in documents if d.date.start) == {1951: 7, 1952: 13}
    assert count_role(seed, "Stalin", A) == 5
    assert count_role(seed, "Stalin", R) == 10
    assert count_role(seed, "Mao Zedong", A) == 8
    assert count_role(seed, "Zhou Enlai", A) == 4
    assert sum(d.origin == "Beijing" for d in documents) == 7
    assert seed.warnings == ()


def test_seed_collection_and_its_sub_collections(seed: ImportBatch) -> None:
    main, *subs = seed.collections
    assert main.title == "Sino-Soviet Relations"
    assert main.parent_title is None
    assert main.description.startswith("This is a catch-all collection for sources on Sino-Soviet")
    assert main.description.endswith('(Image, Soviet propaganda poster, "Friends Forever.")')
    assert [(c.title, c.parent_title, c.period_start, c.period_end) for c in subs] == [
        ("Making of the Sino-Soviet Alliance", "Sino-Soviet Relations", 1945, 1950),
        ("Sino-Soviet Alliance", "Sino-Soviet Relations", 1950, 1959),
        ("Sino-Soviet Split", "Sino-Soviet Relations", 1960, 1984),
        ("Sino-Soviet Border Conflict", "Sino-Soviet Relations", 1969, 1969),
        ("Sino-Soviet Rapprochement", "Sino-Soviet Relations", 1985, 1989),
    ]


def test_seed_documents_keep_their_line_date_title_and_summary(seed: ImportBatch) -> None:
    first, second = seed.documents[:2]
    assert first.line == 12
    assert first.date.text == "September 10, 1951"
    assert (first.date.precision, first.date.start) == (Precision.DAY, date(1951, 9, 10))
    assert first.title == "Ciphered Telegram, Filippov [Stalin] to Mao Zedong"
    assert first.summary.startswith("Telegram from Stalin to Mao agreeing to send")
    assert first.collections == ("Sino-Soviet Relations",)
    assert credits_of(first) == [("Stalin", A), ("Mao Zedong", R)]
    assert second.line == 18 and second.date.text == "October 07, 1951"
    assert [d.line for d in seed.documents] == list(range(12, 127, 6))
    memo = seed.documents[7]
    assert [d.text for d in memo.title_dates] == ["24 December 1951"]
    assert memo.summary.endswith("the Chinese People’s Republic.")


def test_the_seed_in_data_is_the_shared_one() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "seed" / SEED.name
    if not shared.exists():
        pytest.skip("shared/ is not beside the repository")
    assert shared.read_bytes() == SEED.read_bytes()


# -- other listings of the same archive -----------------------------------------------------------

KOREAN_WAR = """\
Search
Filter
Sort by
Digital Archive International History Declassified

Korean War Origins

Soviet, Chinese and Korean records on the road to war in Korea. Focused collections:
(1) Liberation and Division of Korea, 1945-1948; (2) Road to War, 1949-50; and
(3) Armistice Negotiations, 1951-1953.

Showing 1 - 5 of 5

* 1948
    Memorandum of Conversation between Mao Zedong and Kim Il Sung

* March 1949
    Letter from Kim Il Sung to Stalin

    Kim Il Sung asks Stalin for support in unifying Korea.

* c. 1952
    Ciphered Telegram No. 404, Shtykov to Vyshinsky, for Filippov [Stalin]

    Shtykov reports Kim Il Sung's request
    for more advisers.

    A second paragraph of the summary.

* 1950-1953
    Cable from Zhou Enlai to Kim Il Sung via Peng Dehuai

* 1951-07-10
    Telegram, Peng Dehuai to Mao Zedong and the Central Military Commission

    Peng reports on the first session of the armistice talks at Kaesong.

Load more
"""


def test_a_korean_war_listing(people: PeopleRegistry) -> None:
    batch = parse_listing(KOREAN_WAR, source="korean-war.txt", people=people)
    assert [c.title for c in batch.collections] == [
        "Korean War Origins",
        "Liberation and Division of Korea",
        "Road to War",
        "Armistice Negotiations",
    ]
    assert [(c.period_start, c.period_end) for c in batch.collections[1:]] == [
        (1945, 1948),
        (1949, 1950),
        (1951, 1953),
    ]
    dates = [(d.line, d.date.text, d.date.precision) for d in batch.documents]
    assert dates == [
        (14, "1948", Precision.YEAR),
        (17, "March 1949", Precision.MONTH),
        (22, "c. 1952", Precision.CIRCA),
        (30, "1950-1953", Precision.RANGE),
        (33, "1951-07-10", Precision.DAY),
    ]
    memo, letter, cipher, cable, telegram = batch.documents
    assert (memo.date.start, memo.date.end) == (date(1948, 1, 1), date(1948, 12, 31))
    assert (cipher.date.start, cipher.date.end) == (date(1951, 1, 1), date(1953, 12, 31))
    assert credits_of(memo) == [("Mao Zedong", P), ("Kim Il Sung", P)]
    assert memo.summary == ""
    assert credits_of(letter) == [("Kim Il Sung", A), ("Stalin", R)]
    assert credits_of(cipher) == [("Terentii Shtykov", A), ("Vyshinsky", V), ("Stalin", R)]
    assert cipher.number == "404"
    assert cipher.summary == (
        "Shtykov reports Kim Il Sung's request for more advisers.\n\n"
        "A second paragraph of the summary."
    )
    assert credits_of(cable) == [("Zhou Enlai", A), ("Kim Il Sung", R), ("Peng Dehuai", V)]
    assert credits_of(telegram) == [
        ("Peng Dehuai", A),
        ("Mao Zedong", R),
        ("Central Military Commission", R),
    ]
    assert all(d.collections == ("Korean War Origins",) for d in batch.documents)


SINO_JAPANESE = """\
Sino-Japanese Relations

Records on relations between China and Japan from the 1930s to the 1970s.

June, 1934
Report, Japanese Consulate in Nanjing to the Ministry of Foreign Affairs

November 1967
Record of Conversation, Zhou Enlai with Satō, Eisaku
The two discussed trade.

Undated
Letter, Chiang Kai-shek to Yoshida Shigeru
Chiang thanks Yoshida.

November 24, 1967
Memorandum of Conversation, Premier Sato with Minister Chiang, Ching-kuo (Jiang Jingguo)

1972-09-29
Joint Communiqué of the Government of Japan and the Government of the People's Republic of China
"""


def test_a_sino_japanese_listing_without_bullets(people: PeopleRegistry) -> None:
    batch = parse_listing(SINO_JAPANESE, source="sino-japanese.txt", people=people)
    assert [c.title for c in batch.collections] == ["Sino-Japanese Relations"]
    assert batch.collections[0].description.startswith("Records on relations")
    report, record, letter, memo, communique = batch.documents
    assert (report.line, report.date.precision) == (5, Precision.MONTH)
    assert (report.date.start, report.date.end) == (date(1934, 6, 1), date(1934, 6, 30))
    assert report.origin == "Nanjing"
    assert credits_of(report) == [
        ("Japanese Consulate in Nanjing", A),
        ("Ministry of Foreign Affairs", R),
    ]
    assert record.date.iso_label() == "1967-11"
    assert credits_of(record) == [("Zhou Enlai", P), ("Satō Eisaku", P)]
    assert record.summary == "The two discussed trade."
    assert letter.date.precision is Precision.UNDATED and letter.date.start is None
    assert credits_of(letter) == [("Chiang Kai-shek", A), ("Yoshida Shigeru", R)]
    assert credits_of(memo) == [("Sato", P), ("Chiang Ching-kuo", P)]
    assert "Jiang Jingguo" in memo.credits[1].person.aliases
    # The two governments are its parties, not people: nobody is credited.
    assert communique.doc_type == "Joint Communiqué" and communique.credits == ()
    assert batch.warnings == ()


def test_a_collection_title_given_replaces_the_listed_one(people: PeopleRegistry) -> None:
    batch = parse_listing(
        SINO_JAPANESE, source="x", people=people, collection_title="Japan and China"
    )
    assert batch.collections[0].title == "Japan and China"
    assert batch.documents[0].collections == ("Japan and China",)


def test_entries_alone_make_documents_in_no_collection(people: PeopleRegistry) -> None:
    text = "\n\n  • March 07, 1952\n\n    Cable, Zhou Enlai to Filippov [Stalin]\n"
    batch = parse_listing(text, source="clip", people=people)
    assert batch.collections == ()
    (document,) = batch.documents
    assert (document.line, document.collections, document.summary) == (3, (), "")
    assert credits_of(document) == [("Zhou Enlai", A), ("Stalin", R)]


def test_windows_line_ends_and_a_byte_order_mark(tmp_path: Path, people: PeopleRegistry) -> None:
    path = tmp_path / "listing.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes().replace(b"\n", b"\r\n"))
    batch = read_listing_file(path, people)
    assert len(batch.documents) == 20
    assert batch.collections[0].title == "Sino-Soviet Relations"
    assert batch.documents[0].line == 12


def test_summary_whitespace_is_normalised_inside_lines(people: PeopleRegistry) -> None:
    text = "C\n\n1948\nLetter, Mao Zedong to Stalin\n  Mao   writes\tto  Stalin.  \n\n  Again. \n"
    (document,) = parse_listing(text, source="x", people=people).documents
    assert document.summary == "Mao writes to Stalin.\n\nAgain."


def test_a_lone_summary_that_reads_like_a_title_is_a_summary(people: PeopleRegistry) -> None:
    text = (
        "C\n\n• 1951\nCiphered Telegram, Special No. 1821 from Beijing\n"
        "Telegram from Roshchin to Moscow\n"
    )
    (document,) = parse_listing(text, source="x", people=people).documents
    assert document.summary == "Telegram from Roshchin to Moscow"


# -- what cannot be read --------------------------------------------------------------------------

_ENTRY = "• October 18, 1951\n\nCable No. 25025, Mao Zedong to Filippov [Stalin]\n\nMao writes.\n"


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        (b"", None, "is empty"),
        (b"  \n\n \t\n", None, "is empty"),
        (b"Search in\nNo image found.\n", None, "nothing but blank lines and page chrome"),
        (b"Sino-Soviet Relations\n\nA description.\n", None, "has no document entries"),
        (b"Title\n\x00\x01\x02binary", 2, "binary file (it contains NUL bytes)"),
        (b"Title\n\nDescription \x80\x81\n", 3, "is not UTF-8 text (byte 0x80"),
        (b"\xff\xfeT\x00i\x00", None, "is UTF-16 text"),
        (
            b"Coll\n\n"
            + _ENTRY.encode()
            + b"\n  \xe2\x80\xa2 Septembr 10, 1951\n\nLetter, A to B\n",
            9,
            "'Septembr 10, 1951' looks like a date but 'Septembr' in",
        ),
        (
            b"Coll\n\n" + _ENTRY.encode() + b"\nFebruary 30, 1952\nLetter, A to B\n",
            9,
            "'February 30, 1952' looks like a date but",
        ),
        (
            b"Coll\n\n" + _ENTRY.encode() + b"\n* Mao writes again.\n",
            9,
            "the bulleted line 'Mao writes again.' is not a date",
        ),
        (
            b"Coll\n\n" + _ENTRY.encode() + b"\nLetter, Mao Zedong to Comrade Filippov [Stalin]\n"
            b"\nMao Zedong briefs Stalin.\n",
            9,
            "'Letter, Mao Zedong to Comrade Filippov [Stalin]' reads like a document title, "
            "but no date line comes before it",
        ),
        (
            b"Coll\n\nA description.\n\nCable, Zhou Enlai to Filippov [Stalin]\n\n"
            + _ENTRY.encode(),
            5,
            "reads like a document title, but no date line comes before it",
        ),
        (b"Coll\n\n" + _ENTRY.encode() + b"\n\nMarch 07, 1952\n\n", 10, "has no title line"),
        (b"Coll\n\nJuly 27, 1952\nJuly 28, 1952\nLetter, A to B\n", 3, "has no title line"),
        (
            b"Coll\n\n1952\nLetter, A to B\n" + b"x" * (5 * 1024 * 1024) + b"\n",
            5,
            f"the line is 5,242,880 characters long; the limit is {MAX_FIELD_CHARS:,}",
        ),
        (
            b"Coll\n\n1952\nLetter, A to B\n" + (b"y" * 60_000 + b"\n") * 2,
            5,
            f"the summary is 120,001 characters long; the limit is {MAX_FIELD_CHARS:,}",
        ),
    ],
)
def test_bad_input_is_an_input_error_naming_file_and_line(
    tmp_path: Path, people: PeopleRegistry, content: bytes, line: int | None, reason: str
) -> None:
    path = tmp_path / "listing.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_listing_file(path, people)
    error = raised.value
    assert (error.path, error.line) == (str(path), line)
    assert reason in error.reason
    where = str(path) if line is None else f"{path}:{line}"
    assert str(error).startswith(f"{where}: ")


def test_a_missing_file_is_an_input_error(tmp_path: Path, people: PeopleRegistry) -> None:
    with pytest.raises(InputError, match="cannot be read"):
        read_listing_file(tmp_path / "absent.txt", people)


# -- any text at all ------------------------------------------------------------------------------

_LINES = st.sampled_from(
    [
        "",
        "Search in",
        "Load more",
        "Sino-Soviet Relations",
        "(1) Making of the Sino-Soviet Alliance, 1945-1950; and (2) Split, 1969.",
        "  • September 10, 1951",
        "October 07, 1951",
        "* 1948",
        "- c. 1952",
        "Undated",
        "Septembr 10, 1951",
        "• not a date",
        "    Ciphered Telegram, Filippov [Stalin] to Mao Zedong",
        "Telegram from Filippov [Stalin] to Mao Zedong via Krasovsky",
        "Mao writes to Stalin.",
        "Record of Conversation, Zhou Enlai with Satō, Eisaku",
    ]
)


@settings(max_examples=300)
@given(st.lists(st.one_of(_LINES, st.text(max_size=30)), max_size=25).map("\n".join))
def test_parse_listing_raises_nothing_but_input_error(text: str) -> None:
    try:
        batch = parse_listing(text, source="clip", people=_PEOPLE)
    except InputError as error:
        assert error.path == "clip"
        return
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert batch.documents
    for document in batch.documents:
        assert document.title
        assert document.date.text in " ".join(lines[document.line - 1].split())

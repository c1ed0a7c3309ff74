"""Names and titles as the archive writes them: the people registry and the title's structure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.dates import Precision
from desktop_app.domain.errors import InputError
from desktop_app.domain.records import PersonName, Role
from desktop_app.importers.people import PEOPLE_FILE, PeopleRegistry
from desktop_app.importers.titles import TitleParts, parse_title

A, R, V, P, M = Role.AUTHOR, Role.RECIPIENT, Role.VIA, Role.PARTICIPANT, Role.MENTIONED


# One registry for the module: hypothesis runs its examples without function-scoped fixtures.
_PEOPLE = PeopleRegistry()


@pytest.fixture
def people() -> PeopleRegistry:
    return _PEOPLE


def credits_of(parts: TitleParts) -> list[tuple[str, Role]]:
    return [(credit.person.name, credit.role) for credit in parts.credits]


# -- people ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "name", "alias"),
    [
        # Editorial brackets: a pseudonym's real name, or the missing half of a name.
        ("Filippov [Stalin]", "Stalin", "Filippov"),
        ("Cde. Filippov [Stalin]", "Stalin", "Filippov"),
        ("Comrade Filippov [Stalin]", "Stalin", "Filippov"),
        ("the Chairman [Mao Zedong]", "Mao Zedong", None),
        ("Chairman Mao [Zedong]", "Mao Zedong", None),
        ("Liu [Shaoqi]", "Liu Shaoqi", None),
        ("Comrades Liu [Shaoqi]", "Liu Shaoqi", None),
        ("[Li] Fuchun", "Li Fuchun", None),
        ("Zhu [De]", "Zhu De", None),
        ("Peng [Dehuai]", "Peng Dehuai", None),
        # Offices and ranks are not part of a name.
        ("Soviet Ambassador to China N.V. Roshchin", "N.V. Roshchin", "Roshchin"),
        ("Chinese Minister of Public Security Luo Ruiqing", "Luo Ruiqing", None),
        ("Head of the Soviet Delegation Vyshinsky", "Vyshinsky", None),
        ("Soviet Ambassador to the DPRK A.M. Puzanov", "Alexander Puzanov", "A. M. Puzanov"),
        ("Nakajima Kenzo, Chairman of the Board", "Nakajima Kenzo", None),
        # Library headings, surname first; East-Asian names keep that order.
        ("Mao, Zedong", "Mao Zedong", None),
        ("Chiang, Ching-kuo (Jiang Jingguo)", "Chiang Ching-kuo", "Jiang Jingguo"),
        ("Chiang, Kai-shek (Jiang Jieshi)", "Chiang Kai-shek", "Jiang Jieshi"),
        ("Satō, Eisaku", "Satō Eisaku", "Sato Eisaku"),
        ("Nehru, Jawaharlal", "Jawaharlal Nehru", "Nehru"),
        ("Primakov, Yevgeni Maksimovich", "Yevgeny Primakov", "Primakov"),
        # Unknown people: the same rules, with the name as read.
        ("Wang, Bingnan", "Wang Bingnan", None),
        ("Kawase, Ikkan", "Kawase Ikkan", None),
        ("Nakajima, Kenzō", "Nakajima Kenzō", None),
        ("Bitterlich, Joachim", "Joachim Bitterlich", None),
        ("Smirnov [Ivanov]", "Ivanov", "Smirnov"),
        ("Cde. Zhang [Wentian]", "Zhang Wentian", None),
        ("[Chen] Boda", "Chen Boda", None),
        # Registry lookups ignore case, accents, word order and spelling variants.
        ("Sato Eisaku", "Satō Eisaku", None),
        ("Eisaku Sato", "Satō Eisaku", None),
        ("MAO TSE-TUNG", "Mao Zedong", None),
        ("Chou En-lai", "Zhou Enlai", None),
        ("Kim Il-sung", "Kim Il Sung", None),
        ("Mao", "Mao Zedong", None),
        ("I.V. Stalin", "Stalin", None),
        ("Helmut Kohl's", "Helmut Kohl", None),
    ],
)
def test_resolve_finds_the_canonical_person(
    people: PeopleRegistry, raw: str, name: str, alias: str | None
) -> None:
    person = people.resolve(raw)
    assert person is not None
    assert person.name == name
    if alias is not None:
        assert alias in person.aliases


def test_a_pseudonym_not_in_the_registry_becomes_an_alias(people: PeopleRegistry) -> None:
    assert people.resolve("Smirnov [Ivanov]") == PersonName("Ivanov", ("Smirnov",))
    assert people.resolve("Cde. Smirnov [Ivanov]") == PersonName("Ivanov", ("Smirnov",))


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("the Central Committee", "Central Committee"),
        ("Japan. Foreign Ministry", "Japan. Foreign Ministry"),
        ("Japan-China Import-Export Association", "Japan-China Import-Export Association"),
        ("All Provincial Premiers", "All Provincial Premiers"),
        ("the Soviet Embassy in Beijing", "Soviet Embassy in Beijing"),
        # A post abroad names its place, never a person ("Kingdom", "Nations").
        ("the Embassy in the United Kingdom", "Embassy in the United Kingdom"),
        ("Mission at the United Nations", "Mission at the United Nations"),
        ("the Ambassador in the United Kingdom", "Ambassador in the United Kingdom"),
    ],
)
def test_organisations_and_offices_are_kept_as_written(
    people: PeopleRegistry, raw: str, name: str
) -> None:
    reading = people.read(raw)
    assert reading is not None
    assert (reading.person.name, reading.is_person) == (name, False)


@pytest.mark.parametrize("raw", ["", "  ", "Moscow", "Beijing", "China", "him", "Comrade", "the"])
def test_text_that_names_nobody_resolves_to_none(people: PeopleRegistry, raw: str) -> None:
    assert people.resolve(raw) is None


def test_registry_aliases_name_one_person_each(people: PeopleRegistry) -> None:
    document = json.loads(PEOPLE_FILE.read_text(encoding="utf-8"))
    for entry in document["people"]:
        for written in (entry["name"], *entry["aliases"]):
            found = people.lookup(written)
            assert found is not None and found.name == entry["name"], written
    assert len(people) == len(document["people"]) >= 60


def test_an_extra_file_adds_people_and_aliases(tmp_path: Path) -> None:
    extra = tmp_path / "mine.json"
    extra.write_text(
        json.dumps(
            {
                "people": [
                    {"name": "Shi Zhe", "aliases": ["Shih Che"]},
                    {"name": "Stalin", "aliases": ["Koba"]},
                ],
                "document_types": ["Questionnaire"],
            }
        ),
        encoding="utf-8",
    )
    registry = PeopleRegistry.load([extra])
    assert registry.resolve("Shih Che") == registry.lookup("Shi Zhe")
    koba = registry.resolve("Koba")
    assert koba is not None and koba.name == "Stalin" and "Filippov" in koba.aliases
    assert parse_title("Questionnaire, Shi Zhe to Stalin", registry).doc_type == "Questionnaire"


@pytest.mark.parametrize(
    ("content", "reason", "line"),
    [
        (
            '{"people": [{"name": "Somebody", "aliases": ["Mao"]}]}',
            "already names Mao Zedong",
            None,
        ),
        ('{"people": [{"name": "Filippov"}]}', "already an alias of Stalin", None),
        ('{"people": [{"aliases": ["x"]}]}', "needs a 'name'", None),
        ('{"people": "Mao"}', "must be a list", None),
        ('{"honorifics": "Cde."}', "must be a list of strings", None),
        ('{"people": [\n  {"name": "A",}\n]}', "not valid JSON", 2),
    ],
)
def test_a_bad_extra_file_is_an_input_error_naming_it(
    tmp_path: Path, content: str, reason: str, line: int | None
) -> None:
    extra = tmp_path / "bad.json"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=reason) as raised:
        PeopleRegistry([extra])
    assert raised.value.path == str(extra)
    assert raised.value.line == line


# -- titles ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "doc_type", "number", "origin", "credits"),
    [
        # `Type, A to B`
        (
            "Ciphered Telegram, Filippov [Stalin] to Mao Zedong",
            "Ciphered Telegram",
            None,
            None,
            [("Stalin", A), ("Mao Zedong", R)],
        ),
        # `Type from A to B via C`
        (
            "Telegram from Filippov [Stalin] to Mao Zedong via Krasovsky",
            "Telegram",
            None,
            None,
            [("Stalin", A), ("Mao Zedong", R), ("Krasovsky", V)],
        ),
        # a number as written
        (
            "Cable No. 25025, Mao Zedong to Filippov [Stalin]",
            "Cable",
            "25025",
            None,
            [("Mao Zedong", A), ("Stalin", R)],
        ),
        # `from Beijing,` is the origin; `Cde.` is no part of the name
        (
            "Ciphered Telegram No. 25465 from Beijing, Mao Zedong to Cde. Filippov [Stalin]",
            "Ciphered Telegram",
            "25465",
            "Beijing",
            [("Mao Zedong", A), ("Stalin", R)],
        ),
        # a qualified number, an origin at the end, nobody named
        (
            "Ciphered Telegram, Special No. 1821 from Beijing",
            "Ciphered Telegram",
            "Special No. 1821",
            "Beijing",
            [],
        ),
        (
            "Ciphered Telegram No. 26044, Gromyko to Razuvaev",
            "Ciphered Telegram",
            "26044",
            None,
            [("Gromyko", A), ("Razuvaev", R)],
        ),
        # `A with B` in a conversation; `Ambassador to China` is an office, not a `to`
        (
            "Memorandum of Conversation, Soviet Ambassador to China N.V. Roshchin with Chinese "
            "Minister of Public Security Luo Ruiqing, 24 December 1951",
            "Memorandum of Conversation",
            None,
            None,
            [("N.V. Roshchin", P), ("Luo Ruiqing", P)],
        ),
        # `A to B, for C`: B is the intermediary, C the final recipient
        (
            "Ciphered Telegram No. 709, Filippov [Stalin] to Krasovsky, for Mao Zedong",
            "Ciphered Telegram",
            "709",
            None,
            [("Stalin", A), ("Krasovsky", V), ("Mao Zedong", R)],
        ),
        (
            "Ciphered Telegram No. 4018 from Filippov [Stalin] to Mao Zedong via Krasovsky",
            "Ciphered Telegram",
            "4018",
            None,
            [("Stalin", A), ("Mao Zedong", R), ("Krasovsky", V)],
        ),
        # `conveying …` ends the recipients; the people it names are mentioned
        (
            "Ciphered Telegram No. 21646 from Mao Zedong to Filippov [Stalin] conveying 15 July "
            "1952 telegram from Mao to Kim Il Sung and 16 July 1952 reply from Kim to Mao",
            "Ciphered Telegram",
            "21646",
            None,
            [("Mao Zedong", A), ("Stalin", R), ("Kim Il Sung", M)],
        ),
        # several recipients, split on commas and `and`, brackets completing names
        (
            "Cable, Zhou Enlai to the Chairman [Mao Zedong] and Comrades Liu [Shaoqi], Zhu [De], "
            "Peng [Dehuai], [Li] Fuchun, and Su Yu",
            "Cable",
            None,
            None,
            [
                ("Zhou Enlai", A),
                ("Mao Zedong", R),
                ("Liu Shaoqi", R),
                ("Zhu De", R),
                ("Peng Dehuai", R),
                ("Li Fuchun", R),
                ("Su Yu", R),
            ],
        ),
        (
            "Letter, Mao Zedong to Comrade Filippov [Stalin]",
            "Letter",
            None,
            None,
            [("Mao Zedong", A), ("Stalin", R)],
        ),
        # an organisation as a recipient
        (
            "Report, Zhou Enlai to Chairman Mao [Zedong] and the Central Committee",
            "Report",
            None,
            None,
            [("Zhou Enlai", A), ("Mao Zedong", R), ("Central Committee", R)],
        ),
        # forms of other listings of the archive
        (
            "Memorandum of Conversation between Mao Zedong and Kim Il Sung",
            "Memorandum of Conversation",
            None,
            None,
            [("Mao Zedong", P), ("Kim Il Sung", P)],
        ),
        (
            "Letter from Kim Il Sung to Stalin",
            "Letter",
            None,
            None,
            [("Kim Il Sung", A), ("Stalin", R)],
        ),
        (
            "Record of Conversation, Zhou Enlai with Satō, Eisaku",
            "Record of Conversation",
            None,
            None,
            [("Zhou Enlai", P), ("Satō Eisaku", P)],
        ),
        (
            "Record of a Conversation between N. S. Khrushchev and Mao Zedong, Beijing, "
            "2 October 1959",
            "Record of Conversation",
            None,
            None,
            [("Nikita Khrushchev", P), ("Mao Zedong", P)],
        ),
        (
            "Letter, Jawaharlal Nehru to All Provincial Premiers",
            "Letter",
            None,
            None,
            [("Jawaharlal Nehru", A), ("All Provincial Premiers", R)],
        ),
        (
            "Ciphered Telegram from Roshchin in Beijing to Filippov [Stalin] (via Cde. Vyshinsky)",
            "Ciphered Telegram",
            None,
            "Beijing",
            [("N.V. Roshchin", A), ("Stalin", R), ("Vyshinsky", V)],
        ),
        (
            "Telegram from Shtykov to Vyshinsky on a Meeting with Kim Il Sung",
            "Telegram",
            None,
            None,
            [("Terentii Shtykov", A), ("Vyshinsky", R), ("Kim Il Sung", M)],
        ),
        (
            "Speech by Mao Zedong at the Supreme State Conference",
            "Speech",
            None,
            None,
            [("Mao Zedong", A)],
        ),
        (
            "Diary of Soviet Ambassador to the DPRK A.M. Puzanov for 8 May 1957",
            "Diary",
            None,
            None,
            [("Alexander Puzanov", A)],
        ),
        (
            "Telegram from Shtykov to Vyshinsky Transmitting Kim Il Sung's Request",
            "Telegram",
            None,
            None,
            # What it transmits ends the recipients; whom that names is mentioned.
            [("Terentii Shtykov", A), ("Vyshinsky", R), ("Kim Il Sung", M)],
        ),
        (
            "Report by the Soviet Embassy in Beijing on the Purge",
            "Report",
            None,
            "Beijing",
            [("Soviet Embassy in Beijing", A)],
        ),
        (
            "Excerpt from the Diary of Soviet Ambassador to the PRC P.F. Yudin, 31 March 1956",
            "Excerpt",
            None,
            None,
            [("Pavel Yudin", A)],
        ),
        (
            "Record of the Second Meeting between Zhou Enlai and Kissinger",
            "Record",
            None,
            None,
            [("Zhou Enlai", P), ("Henry Kissinger", P)],
        ),
        (
            "Note from the Soviet Government to the Government of the PRC",
            "Note",
            None,
            None,
            [("Soviet Government", A), ("Government of the PRC", R)],
        ),
        (
            "Ciphered Telegram Nos. 1234-1235, Mao Zedong to Filippov [Stalin]",
            "Ciphered Telegram",
            "1234-1235",
            None,
            [("Mao Zedong", A), ("Stalin", R)],
        ),
        (
            "Ciphered Telegram No. 3420, Vyshinsky to Soviet Ambassador in Beijing Roshchin",
            "Ciphered Telegram",
            "3420",
            None,
            [("Vyshinsky", A), ("N.V. Roshchin", R)],
        ),
        (
            "Agreement between the Soviet Union and China on Port Arthur",
            "Agreement",
            None,
            None,
            [],
        ),
        ("Telegram from Pyongyang", "Telegram", None, "Pyongyang", []),
        ("Report on the Situation in Korea", "Report", None, None, []),
        ("Minutes of the Meeting of the Politburo", "Minutes", None, None, []),
        ("Notes, Mao Zedong to Stalin", "Notes", None, None, [("Mao Zedong", A), ("Stalin", R)]),
        # no known type: no structure is guessed from the subject's words
        # The owner of a conversation or a meeting took part in it; the editor names him.
        (
            "The Chancellor's [Helmut Kohl's] Meeting with British PM Blair",
            "Meeting",
            None,
            None,
            [("Helmut Kohl", P), ("Blair", P)],
        ),
        # Shapes of real archive titles beyond the development set.
        (
            "Record of Conversation between Mao Zedong and Ambassador Yudin",
            "Record of Conversation",
            None,
            None,
            [("Mao Zedong", P), ("Pavel Yudin", P)],
        ),
        (
            "Conversation of Comrade Kosygin with Comrade Zhou Enlai at the Beijing Airport",
            "Conversation",
            None,
            None,
            [("Alexei Kosygin", P), ("Zhou Enlai", P)],
        ),
        (
            "Letter of Kim Il Sung to Stalin",
            "Letter",
            None,
            None,
            [("Kim Il Sung", A), ("Stalin", R)],
        ),
        (
            "Statement by Mr. Huang Hua to Dr. Kissinger",
            "Statement",
            None,
            None,
            [("Huang Hua", A), ("Henry Kissinger", R)],
        ),
        (
            "Report to the Central Committee of the CPSU by Mikhail Suslov",
            "Report",
            None,
            None,
            [("Mikhail Suslov", A), ("CPSU Central Committee", R)],
        ),
        (
            "Telegram from Pyongyang to Moscow, Shtykov to Molotov",
            "Telegram",
            None,
            "Pyongyang",
            [("Terentii Shtykov", A), ("Vyacheslav Molotov", R)],
        ),
        (
            "Ciphered Telegram No. 406 from Beijing, From Kovalev to Filippov [Stalin]",
            "Ciphered Telegram",
            "406",
            "Beijing",
            [("Ivan Kovalev", A), ("Stalin", R)],
        ),
        (
            "Telegram from the Soviet Ambassador in Beijing to the Ministry of Foreign Affairs",
            "Telegram",
            None,
            "Beijing",
            [("Soviet Ambassador in Beijing", A), ("Ministry of Foreign Affairs", R)],
        ),
        (
            "Romanian Embassy in Beijing, Telegram No. 76.041, 12 June 1966",
            "Telegram",
            "76.041",
            None,
            [("Romanian Embassy in Beijing", A)],
        ),
        (
            "Report from the Soviet Embassy in Pyongyang, 'On the Situation in the KWP'",
            "Report",
            None,
            "Pyongyang",
            [("Soviet Embassy in Pyongyang", A)],
        ),
        (
            "From the Diary of V.V. Kuznetsov: Record of Conversation with Zhou Enlai",
            "Record of Conversation",
            None,
            None,
            [("V.V. Kuznetsov", A), ("V.V. Kuznetsov", P), ("Zhou Enlai", P)],
        ),
        (
            "Report of the Czechoslovak Embassy in Beijing on the Cultural Revolution",
            "Report",
            None,
            None,
            [("Czechoslovak Embassy in Beijing", A)],
        ),
        (
            "Telegram from Chen Yi to Zhou Enlai and Reported to Mao Zedong",
            "Telegram",
            None,
            None,
            [("Chen Yi", A), ("Zhou Enlai", R), ("Mao Zedong", M)],
        ),
        (
            "Telegram from Mao Zedong to [Soviet Ambassador] N.V. Roshchin [for Stalin]",
            "Telegram",
            None,
            None,
            [("Mao Zedong", A), ("N.V. Roshchin", V), ("Stalin", R)],
        ),
        (
            "Minutes, Mao Zedong's Conversation with a Yugoslavian Communist Union Delegation",
            "Minutes",
            None,
            None,
            [("Mao Zedong", P), ("Yugoslavian Communist Union Delegation", P)],
        ),
    ],
)
def test_title_rules(
    people: PeopleRegistry,
    title: str,
    doc_type: str | None,
    number: str | None,
    origin: str | None,
    credits: list[tuple[str, Role]],
) -> None:
    parts = parse_title(title, people)
    assert (parts.doc_type, parts.number, parts.origin) == (doc_type, number, origin)
    assert credits_of(parts) == credits


def test_credits_carry_the_registry_aliases(people: PeopleRegistry) -> None:
    parts = parse_title("Cable, Filippov [Stalin] to Zhou Enlai", people)
    stalin = parts.credits[0].person
    assert stalin.name == "Stalin" and "Filippov" in stalin.aliases
    assert "Chou En-lai" in parts.credits[1].person.aliases


@pytest.mark.parametrize(
    ("title", "dates"),
    [
        (
            "Memorandum of Conversation, Soviet Ambassador to China N.V. Roshchin with Chinese "
            "Minister of Public Security Luo Ruiqing, 24 December 1951",
            [("24 December 1951", Precision.DAY, "1951-12-24")],
        ),
        (
            "Ciphered Telegram No. 21646 from Mao Zedong to Filippov [Stalin] conveying 15 July "
            "1952 telegram from Mao to Kim Il Sung and 16 July 1952 reply from Kim to Mao",
            [
                ("15 July 1952", Precision.DAY, "1952-07-15"),
                ("16 July 1952", Precision.DAY, "1952-07-16"),
            ],
        ),
        (
            "Report, Zhou Enlai to Mao Zedong on the talks of November 1952",
            [("November 1952", Precision.MONTH, "1952-11")],
        ),
        ("Telegram, Mao Zedong to Stalin, December 24, 1951", [("December 24, 1951", "day", "")]),
        ("Letter, Mao Zedong to Stalin on the Korean War, 1950-1953", []),
        ("Cable, Zhou Enlai to Stalin, 30 February 1952", []),
    ],
)
def test_dates_named_in_titles(
    people: PeopleRegistry, title: str, dates: list[tuple[str, str, str]]
) -> None:
    found = parse_title(title, people).title_dates
    assert [d.text for d in found] == [text for text, _, _ in dates]
    for parsed, (_, precision, label) in zip(found, dates, strict=True):
        assert parsed.precision == precision
        if label:
            assert parsed.iso_label() == label


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("Memorandum of Conversation with Mao Zedong", "Memorandum of Conversation"),
        ("Memorandum, Gromyko to Stalin", "Memorandum"),
        ("Ciphered Telegram, Gromyko to Stalin", "Ciphered Telegram"),
        ("Telegram, Gromyko to Stalin", "Telegram"),
        ("Notes of Conversation between Mao Zedong and Pavel Yudin", "Notes of Conversation"),
        ("Note, Gromyko to Stalin", "Note"),
        ("CIPHERED TELEGRAM, Gromyko to Stalin", "Ciphered Telegram"),
        ("Telegrams from Gromyko to Stalin", None),
    ],
)
def test_the_longest_known_type_at_the_start_wins(
    people: PeopleRegistry, title: str, doc_type: str | None
) -> None:
    assert parse_title(title, people).doc_type == doc_type


# Pieces of real titles, shuffled into titles no archive wrote.
_PIECES = (
    "Ciphered Telegram|Memorandum of Conversation|Cable|No. 25025|Special No.|from|to|via|for"
    "|with|between|and|by|of|,|, |[|]|(|)|(via|Mao|Filippov [Stalin]|[Li] Fuchun|Satō|Eisaku"
    "|Beijing|24 December 1951|30 February 1952|conveying|the Chairman|Ambassador to China"
    "|Comrades|in|Moscow|Kim|'|-|Cde.|.|Excerpt from the|Transmitting|the Central Committee"
)
_FRAGMENTS = st.sampled_from(_PIECES.split("|"))


@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=8)), max_size=14).map(" ".join))
def test_parse_title_never_fails_on_any_text(text: str) -> None:
    parts = parse_title(text, _PEOPLE)
    assert all(credit.person.name.strip() for credit in parts.credits)
    assert len({(c.person.name, c.role) for c in parts.credits}) == len(parts.credits)

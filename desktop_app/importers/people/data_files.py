"""The registry's data files: the bundled one, and each entry and word list they hold, checked."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from desktop_app.bundled import bundled_path
from desktop_app.domain.errors import InputError
from desktop_app.domain.text import identity_key, words

#: The folder of bundled data files (`data/` of the checkout), and the registry file in it.
DATA_DIR = bundled_path("data")
PEOPLE_FILE = DATA_DIR / "people.json"

# Word lists of the data file; each is optional in an extra file, which adds to the bundled one.
WORD_LISTS = (
    "document_types",
    "conversation_types",
    "type_modifiers",
    "page_chrome",
    "honorifics",
    "office_words",
    "office_to_words",
    "department_words",
    "organisation_words",
    "nationality_words",
    "places",
    "name_particles",
    "articles",
    "pronouns",
    "east_asian_surnames",
)


@dataclass(slots=True)
class Entry:
    name: str
    aliases: list[str]
    is_person: bool


def read_json(path: Path) -> dict[str, object]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror or error}", path=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", path=str(path)) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"is not valid JSON: {error.msg}", path=str(path), line=error.lineno
        ) from None
    except RecursionError:
        raise InputError("nests arrays or objects too deeply", path=str(path), line=1) from None
    if not isinstance(document, dict):
        raise InputError("must hold a JSON object with a 'people' list", path=str(path))
    return document


def string_list(document: Mapping[str, object], name: str, path: Path) -> list[str]:
    value = document.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InputError(f"'{name}' must be a list of strings", path=str(path))
    return [item for item in value if isinstance(item, str)]


def string_map(document: Mapping[str, object], name: str, path: Path) -> dict[str, str]:
    value = document.get(name, {})
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and isinstance(item, str) for key, item in value.items()
    ):
        raise InputError(f"'{name}' must map strings to strings", path=str(path))
    return {str(key): str(item) for key, item in value.items()}


def person_entries(document: Mapping[str, object], path: Path) -> list[Entry]:
    value = document.get("people", [])
    if not isinstance(value, list):
        raise InputError("'people' must be a list", path=str(path))
    entries: list[Entry] = []
    for number, item in enumerate(value, start=1):
        where = f"entry {number} of 'people'"
        if not isinstance(item, dict):
            raise InputError(f"{where} must be an object", path=str(path))
        name = item.get("name")
        aliases = item.get("aliases", [])
        kind = item.get("kind", "person")
        if not isinstance(name, str) or not words(name):
            raise InputError(f"{where} needs a 'name'", path=str(path))
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise InputError(
                f"{where} ({name}): 'aliases' must be a list of strings", path=str(path)
            )
        if kind not in ("person", "organisation"):
            raise InputError(
                f"{where} ({name}): 'kind' must be 'person' or 'organisation'", path=str(path)
            )
        entries.append(Entry(name, [a for a in aliases if isinstance(a, str)], kind == "person"))
    return entries


def add_entry(entries: list[Entry], by_key: dict[str, int], entry: Entry, path: Path) -> None:
    """Add a person, or extend the known person of the same name; refuse ambiguous aliases."""
    name_key = identity_key(entry.name)
    index = by_key.get(name_key)
    if index is None:
        index = len(entries)
        entries.append(Entry(entry.name, [], entry.is_person))
        by_key[name_key] = index
    elif identity_key(entries[index].name) != name_key:
        raise InputError(
            f"'{entry.name}' is already an alias of {entries[index].name}", path=str(path)
        )
    target = entries[index]
    for alias in entry.aliases:
        key = identity_key(alias)
        if not key:
            raise InputError(f"{entry.name} has an empty alias", path=str(path))
        owner = by_key.get(key)
        if owner is not None and owner != index:
            raise InputError(
                f"alias '{alias}' of {entry.name} already names {entries[owner].name}",
                path=str(path),
            )
        by_key[key] = index
        if alias not in target.aliases:
            target.aliases.append(alias)

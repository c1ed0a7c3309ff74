"""The people registry: canonical names and aliases, and the word lists names are read with."""

from desktop_app.importers.people.data_files import DATA_DIR, PEOPLE_FILE
from desktop_app.importers.people.registry import NameReading, PeopleRegistry
from desktop_app.importers.people.vocabulary import Vocabulary, word_key

__all__ = [
    "DATA_DIR",
    "PEOPLE_FILE",
    "NameReading",
    "PeopleRegistry",
    "Vocabulary",
    "word_key",
]

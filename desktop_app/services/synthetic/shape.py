"""What a synthetic catalog's documents are like: their years, crises, types, languages, dates."""

from __future__ import annotations

from desktop_app.domain.dates import Precision

FIRST_YEAR, LAST_YEAR = 1917, 1991

# Years around which the archives' documents cluster, with their weight against the background.
CRISES: tuple[tuple[float, float, float], ...] = (
    # centre (year), spread (years), weight
    (1918.0, 1.5, 0.5),
    (1939.5, 2.5, 1.0),
    (1944.0, 1.5, 1.5),
    (1948.5, 1.0, 1.0),
    (1951.5, 1.2, 2.0),
    (1956.8, 0.5, 1.0),
    (1961.5, 0.8, 1.2),
    (1962.8, 0.3, 1.0),
    (1968.6, 0.6, 1.0),
    (1969.3, 0.4, 0.8),
    (1973.8, 0.5, 0.7),
    (1979.9, 0.6, 0.8),
    (1983.7, 0.5, 0.6),
    (1989.8, 0.7, 1.2),
)
BACKGROUND_WEIGHT = 4.0

TYPES: tuple[tuple[str, float], ...] = (
    ("Ciphered Telegram", 30),
    ("Telegram", 14),
    ("Cable", 12),
    ("Memorandum of Conversation", 10),
    ("Letter", 8),
    ("Report", 7),
    ("Minutes", 4),
    ("Note", 3),
    ("Record of Conversation", 3),
    ("Diary", 2),
    ("Speech", 2),
    ("Resolution", 1.5),
    ("Decree", 1),
    ("Instructions", 1),
    ("Transcript", 1),
    ("Directive", 0.5),
)

LANGUAGES: tuple[tuple[str, float], ...] = (
    ("Russian", 30),
    ("English", 25),
    ("Chinese", 18),
    ("German", 8),
    ("French", 6),
    ("Korean", 4),
    ("Japanese", 3),
    ("Polish", 2),
    ("Hungarian", 1.5),
    ("Czech", 1.5),
    ("Spanish", 1),
    ("Vietnamese", 1),
)

PRECISIONS: tuple[tuple[Precision, float], ...] = (
    (Precision.DAY, 90),
    (Precision.MONTH, 4),
    (Precision.YEAR, 2.5),
    (Precision.CIRCA, 1.5),
    (Precision.UNDATED, 2),
)


CLASSIFICATIONS = ("Secret", "Top Secret", "Confidential", "")

#: Share of documents with a via (an intermediary) among their correspondents.
VIA_SHARE = 0.08
#: Share of documents with a place of origin.
ORIGIN_SHARE = 0.6

"""FRUS volumes in TEI XML: the volume, its chapters and every document, read as a stream.

*Foreign Relations of the United States* is published by the Office of the Historian as one TEI
P5 file per volume. A volume becomes a collection (its chapters sub-collections) and each
`<div type="document">` a document with its head read into title, type and correspondents, its
dateline into date and origin, its source note into citation, archive and classification, and
its paragraphs and footnotes into the document's text.

The file is read twice with `iterparse`, each element dropped once read, so memory stays
bounded whatever the volume's size: first the header and the list of persons (which the
documents point into), then the documents, a batch at a time.
"""

from desktop_app.importers.tei.documents import (
    BATCH_DOCUMENTS,
    EDITORIAL_NOTE,
    RIGHTS,
    URL_PREFIX,
    read_tei_file,
)
from desktop_app.importers.tei.markup import TEI
from desktop_app.importers.tei.volume import sniff_tei

__all__ = [
    "BATCH_DOCUMENTS",
    "EDITORIAL_NOTE",
    "RIGHTS",
    "TEI",
    "URL_PREFIX",
    "read_tei_file",
    "sniff_tei",
]

"""The `dossier` command: launches the window, or runs a sub-command without importing Qt."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from desktop_app import __version__
from desktop_app.display import WindowUnavailableError, window_platform
from desktop_app.domain.columns import DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMNS
from desktop_app.domain.edits import LIST_FIELDS
from desktop_app.domain.errors import DossierError, InputError
from desktop_app.domain.text import plural
from desktop_app.domain.views import DocumentRow, Snippet
from desktop_app.services.catalog import Catalog
from desktop_app.services.copying import copy_catalog
from desktop_app.services.exporting import EXPORT_FORMATS, format_for
from desktop_app.services.importing import IMPORT_FORMATS, MAPPABLE_FIELDS, parse_mapping
from desktop_app.services.locations import DATABASE_ENV
from desktop_app.services.query_options import FACET_FIELDS, SORT_KEYS


def build_parser() -> argparse.ArgumentParser:
    database_help = f"catalog to use (SQLAlchemy URL; default: ${DATABASE_ENV} or your own catalog)"
    # `--database` may stand before or after the command; SUPPRESS keeps a sub-command's
    # absent option from overwriting one given before the command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help=database_help)
    parser = argparse.ArgumentParser(
        prog="dossier",
        description="A catalog of declassified historical documents. "
        "With no command, opens the window.",
    )
    parser.add_argument("--database", metavar="URL", default=None, help=database_help)
    parser.add_argument("--version", action="version", version=f"Dossier {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    importing = commands.add_parser(
        "import",
        parents=[common],
        help="import archive listings, CSV, JSON or FRUS volumes (TEI XML) into the catalog",
        description="Import files all-or-nothing. CSV and JSON records the catalog already has "
        "(same record ID, else same date and title) are updated with the fields the file gives.",
    )
    importing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    importing.add_argument("--format", choices=IMPORT_FORMATS, default="auto")
    importing.add_argument(
        "--collection", metavar="TITLE", help="the collection the documents go into"
    )
    importing.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="read a CSV column or JSON key into a field (FIELD 'ignore' drops it); "
        f"fields: {', '.join(MAPPABLE_FIELDS)}",
    )

    export = commands.add_parser("export", parents=[common], help="write documents to CSV or JSON")
    export.add_argument("out", metavar="OUT", help="the file to write, or - for standard output")
    export.add_argument("--query", default="", metavar="QUERY", help="only what this finds")
    export.add_argument(
        "--columns",
        type=_column_list,
        default=DEFAULT_EXPORT_COLUMNS,
        metavar="a,b,…",
        help=f"columns in order (default: {','.join(DEFAULT_EXPORT_COLUMNS)}); also: "
        + ",".join(c.key for c in EXPORT_COLUMNS if c.key not in DEFAULT_EXPORT_COLUMNS),
    )
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default=None,
        help="csv, json, xlsx (an Excel workbook), or for citation managers csl-json, ris and "
        "bibtex (BibLaTeX), which hold every field whatever --columns says (default: the "
        "file's suffix says: .json, .xlsx, .csl.json, .ris, .bib; else csv)",
    )
    export.add_argument("--bom", action="store_true", help="start with a UTF-8 BOM (for Excel)")
    export.add_argument(
        "--provenance",
        action="store_true",
        help="write how the file was made beside it (FILE.provenance.json): the query, the "
        "catalog, the time, the documents and columns",
    )
    export.add_argument(
        "--no-formula-protection",
        dest="formula_protection",
        action="store_false",
        help="leave cells that begin like a spreadsheet formula as they are",
    )
    export.add_argument("--sort", choices=SORT_KEYS, default="date")
    export.add_argument("--descending", action="store_true")

    search = commands.add_parser(
        "search", parents=[common], help="list the documents a query finds"
    )
    search.add_argument("query", metavar="QUERY", help="e.g. 'author:Stalin date:1951'")
    search.add_argument("--count", action="store_true", help="print only how many match")
    search.add_argument("--limit", type=_positive, metavar="N")
    search.add_argument("--format", choices=("table", "csv", "json"), default="table")
    search.add_argument("--sort", choices=SORT_KEYS, default="date")
    search.add_argument("--descending", action="store_true")

    facets = commands.add_parser(
        "facets", parents=[common], help="count the values of a field, most frequent first"
    )
    facets.add_argument("field", choices=FACET_FIELDS, metavar="FIELD")
    facets.add_argument("--query", default="", metavar="QUERY")
    facets.add_argument("--limit", type=_positive, metavar="N")

    commands.add_parser("info", parents=[common], help="where the catalog is and what it holds")

    generating = commands.add_parser(
        "generate",
        parents=[common],
        help="fill an empty catalog with synthetic documents, for scale tests",
    )
    generating.add_argument("--documents", type=_positive, required=True, metavar="N")
    generating.add_argument("--seed", type=int, default=1, metavar="S")
    generating.add_argument(
        "--text",
        action="store_true",
        help="give each document a text of its own, of a realistic length and vocabulary",
    )

    tagging = commands.add_parser(
        "tag",
        parents=[common],
        help="add tags to and take tags from every document a query finds",
        description="Add (+TAG) and take away (-TAG) tags on every document QUERY finds, in "
        "one transaction; only the documents a tag changes are written. Options go before "
        "QUERY: everything after it is a change. Example: dossier tag 'year:1952 author:Mao' "
        "+chapter-3 -unread",
    )
    tagging.add_argument(
        "--dry-run", action="store_true", help="say how many documents would change; write none"
    )
    tagging.add_argument("query", metavar="QUERY")
    # REMAINDER, so that -TAG is a change, not an option.
    tagging.add_argument("changes", nargs=argparse.REMAINDER, metavar="+TAG/-TAG")

    people = commands.add_parser(
        "people", parents=[common], help="the catalog's people, with their aliases"
    )
    people_commands = people.add_subparsers(dest="people_command", required=True)
    listing = people_commands.add_parser(
        "list", help="every person: documents crediting them, name, other names"
    )
    listing.add_argument("--match", default="", metavar="WORDS", help="only names with these")
    listing.add_argument("--limit", type=_positive, metavar="N")
    merging = people_commands.add_parser(
        "merge",
        help="make two people one: NAME becomes another name of INTO_NAME",
        description="Every document crediting NAME credits INTO_NAME instead, and NAME (with "
        "its other names) becomes one of INTO_NAME's, so that later imports credit it there.",
    )
    merging.add_argument("--dry-run", action="store_true", help="say what would change")
    merging.add_argument("name", metavar="NAME")
    merging.add_argument("into", metavar="INTO_NAME")

    setting = commands.add_parser(
        "set",
        parents=[common],
        help="set a field on every document a query finds",
        description="Set FIELD=VALUE on every document QUERY finds, in one transaction. "
        "type and archive take one value (empty: none); languages, tags and collections a "
        "list with ';' between values, replacing the document's own; any other editable "
        "field (title, date, notes, …) its text. Example: dossier set 'author:Mao' type=Cable",
    )
    setting.add_argument("--dry-run", action="store_true", help="say how many would change")
    setting.add_argument("query", metavar="QUERY")
    setting.add_argument("assignment", metavar="FIELD=VALUE")

    deleting = commands.add_parser(
        "delete",
        parents=[common],
        help="delete every document a query finds",
        description="Delete every document QUERY finds, with its links and text, in one "
        "transaction. An empty QUERY is refused: it would delete the whole catalog.",
    )
    deleting.add_argument("--dry-run", action="store_true", help="say how many would go")
    deleting.add_argument("query", metavar="QUERY")

    copying = commands.add_parser(
        "copy",
        help="copy a whole catalog into a new or empty one (SQLite <-> PostgreSQL)",
        description="Copy every document, collection, person and saved search into a new or "
        "empty catalog, then count both sides. SOURCE and TARGET are database URLs "
        "(sqlite:///path, postgresql+psycopg://user@host/database) or paths of SQLite files.",
    )
    copying.add_argument("source", metavar="SOURCE_URL")
    copying.add_argument("target", metavar="TARGET_URL")

    screenshot = commands.add_parser(
        "screenshot", parents=[common], help="render the window offscreen into a PNG file"
    )
    screenshot.add_argument("out", type=Path, metavar="OUT.png")
    screenshot.add_argument("--query", default="", metavar="QUERY")
    screenshot.add_argument("--size", type=_size, default=(1400, 900), metavar="WxH")
    screenshot.add_argument(
        "--tab",
        choices=("details", "text"),
        default="details",
        help="what the pane under the table shows of the first document (default: details)",
    )
    return parser


def _size(text: str) -> tuple[int, int]:
    width, separator, height = text.lower().partition("x")
    if not separator or not width.isdigit() or not height.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a size such as 1400x900")
    if not (200 <= int(width) <= 8000 and 200 <= int(height) <= 8000):
        raise argparse.ArgumentTypeError("width and height must be between 200 and 8000")
    return int(width), int(height)


def _column_list(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    if arguments.command is None:
        return open_window(arguments.database)
    try:
        if arguments.command == "screenshot":
            return _screenshot(arguments)
        if arguments.command == "copy":
            return _copy(arguments)  # two catalogs, neither of them --database
        return _run(arguments)
    except DossierError as error:
        print(f"dossier: {error}", file=sys.stderr)
        return error.exit_status
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("dossier: interrupted", file=sys.stderr)
        return 1


def open_window(database_url: str | None, import_paths: Sequence[Path] = ()) -> int:
    """Run the window over a catalog, once this system is known to be able to show it.

    Where it cannot (no display, system libraries that Qt's platform plugin lacks), one line
    says what is missing and how to fix it, and the status is 1: Qt would abort instead.
    """
    try:
        platform = window_platform()
    except WindowUnavailableError as error:
        print(f"dossier: {error}", file=sys.stderr)
        return error.exit_status
    from desktop_app.app import run_window  # Qt is imported only for the window

    return int(run_window(database_url, import_paths=import_paths, platform=platform))


def _screenshot(arguments: argparse.Namespace) -> int:
    # Offscreen unless the person asked for a platform: a screenshot needs no display. A
    # platform that cannot start is a message (WindowUnavailableError), not Qt's abort.
    window_platform({"QT_QPA_PLATFORM": "offscreen", **os.environ})
    from desktop_app.app import save_screenshot  # the one sub-command that needs Qt

    width, height = arguments.size
    return int(
        save_screenshot(
            arguments.database, arguments.out, arguments.query, width, height, tab=arguments.tab
        )
    )


def _run(arguments: argparse.Namespace) -> int:
    catalog = Catalog.open(arguments.database)
    try:
        handler = {
            "import": _import,
            "export": _export,
            "search": _search,
            "facets": _facets,
            "info": _info,
            "generate": _generate,
            "tag": _tag,
            "set": _set,
            "delete": _delete,
            "people": _people,
        }[arguments.command]
        return handler(catalog, arguments)
    finally:
        catalog.close()


def _import(catalog: Catalog, arguments: argparse.Namespace) -> int:
    def waiting() -> None:
        print(
            f"dossier: another import into {catalog.location} is writing; this one waits "
            "for it to finish",
            file=sys.stderr,
            flush=True,
        )

    reports = catalog.import_files(
        arguments.paths,
        file_format=arguments.format,
        collection=arguments.collection,
        mapping=parse_mapping(arguments.map),
        waiting=waiting,
    )
    for report in reports:
        for warning in report.warnings[:_WARNINGS_SHOWN]:
            print(f"dossier: warning: {warning}", file=sys.stderr)
        if len(report.warnings) > _WARNINGS_SHOWN:
            hidden = len(report.warnings) - _WARNINGS_SHOWN
            print(f"dossier: … and {hidden} more warnings", file=sys.stderr)
        print(
            f"{report.source}: {report.added} documents added, "
            f"{report.skipped} already in the catalog, "
            f"{report.updated} updated, "
            f"{report.collections_added} collections added"
        )
    return 0


# More warnings than this about one file say the same thing many times over.
_WARNINGS_SHOWN = 20


def _export(catalog: Catalog, arguments: argparse.Namespace) -> int:
    file_format = arguments.format
    if file_format is None:
        file_format = format_for(arguments.out)
    result = catalog.export(
        arguments.out,
        query=arguments.query,
        sort=arguments.sort,
        descending=arguments.descending,
        columns=arguments.columns,
        file_format=file_format,
        bom=arguments.bom,
        formula_protection=arguments.formula_protection,
        provenance=arguments.provenance,
    )
    if arguments.out != "-":
        print(f"{result.target}: {result.rows} documents exported")
    return 0


def _search(catalog: Catalog, arguments: argparse.Namespace) -> int:
    if arguments.count:
        print(catalog.count(arguments.query))
        return 0
    result = catalog.search(
        arguments.query,
        sort=arguments.sort,
        descending=arguments.descending,
        limit=arguments.limit,
    )
    # The table and JSON give the passage each document matched; CSV keeps its columns.
    rows = catalog.rows(result.ids, None if arguments.format == "csv" else arguments.query)
    if arguments.format == "json":
        json.dump([_row_dict(row) for row in rows], sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif arguments.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(
            ["date", "title", "type", "number", "authors", "recipients", "origin", "record_id"]
        )
        for row in rows:
            writer.writerow(
                [
                    row.date_text,
                    row.title,
                    row.doc_type,
                    row.number,
                    "; ".join(row.authors),
                    "; ".join(row.recipients),
                    row.origin,
                    row.record_id,
                ]
            )
    else:
        for row in rows:
            print(f"{row.date_text:<20}  {row.doc_type:<26}  {row.title}")
            if row.snippet is not None:
                print(f"{'':<22}{_marked(row.snippet)}")
        if result.total > len(rows):
            print(f"… {result.total - len(rows)} more", file=sys.stderr)
    return 0


def _marked(snippet: Snippet) -> str:
    """A snippet for a terminal: the matched words between [brackets]."""
    pieces, at = [], 0
    for start, end in snippet.marks:
        pieces += [snippet.text[at:start], "[", snippet.text[start:end], "]"]
        at = end
    return "".join([*pieces, snippet.text[at:]])


def _row_dict(row: DocumentRow) -> dict[str, object]:
    snippet = row.snippet
    matched = (
        {"snippet": {"text": snippet.text, "marks": [list(mark) for mark in snippet.marks]}}
        if snippet is not None
        else {}
    )
    return {
        "id": row.id,
        "date": row.date_text,
        "date_precision": row.precision.value,
        "date_start": row.date_start,
        "date_end": row.date_end,
        "title": row.title,
        "type": row.doc_type,
        "number": row.number,
        "authors": list(row.authors),
        "recipients": list(row.recipients),
        "origin": row.origin,
        "collections": list(row.collections),
        "record_id": row.record_id,
        "languages": list(row.languages),
        "archive": row.archive,
        **matched,
    }


def _facets(catalog: Catalog, arguments: argparse.Namespace) -> int:
    for value in catalog.facets(arguments.field, arguments.query, arguments.limit):
        print(f"{value.value if value.value is not None else '(none)'}\t{value.count}")
    return 0


def _tag(catalog: Catalog, arguments: argparse.Namespace) -> int:
    add: list[str] = []
    remove: list[str] = []
    for change in arguments.changes:
        if change[:1] == "+":
            add.append(change[1:])
        elif change[:1] == "-":
            remove.append(change[1:])
        else:
            raise InputError(
                f"'{change}' is no change of tags: write +TAG to add, -TAG to take away"
            )
    if not add and not remove:
        raise InputError("no change of tags given: write +TAG to add, -TAG to take away")
    change = catalog.retag(arguments.query, add=add, remove=remove, dry_run=arguments.dry_run)
    verb = ("would add", "would take") if arguments.dry_run else ("added", "took")
    for name, ids in change.added.items():
        print(f"{verb[0]} “{name}” to {plural(len(ids), 'document')}")
    for name, ids in change.removed.items():
        print(f"{verb[1]} “{name}” from {plural(len(ids), 'document')}")
    return 0


def _set(catalog: Catalog, arguments: argparse.Namespace) -> int:
    field, equals, value = arguments.assignment.partition("=")
    field = field.strip()
    if not equals or not field:
        raise InputError(f"'{arguments.assignment}' is no FIELD=VALUE (example: type=Cable)")
    count = catalog.count(arguments.query)
    verb = "would set" if arguments.dry_run else "set"
    if field in ("type", "archive"):
        change = catalog.assign(field, arguments.query, value, dry_run=arguments.dry_run)
        changed = len(change.document_ids)
    elif field in ("languages", "tags", "collections"):
        values = [item.strip() for item in value.split(";") if item.strip()]
        linked = catalog.relink(
            field.removesuffix("s"),
            arguments.query,
            add=values,
            remove=["*"],
            dry_run=arguments.dry_run,
        )
        changed = len(linked.document_ids)
    else:
        parsed: str | list[str] = value
        if field in LIST_FIELDS:
            parsed = [item.strip() for item in value.split(";") if item.strip()]
        changed = (
            count if arguments.dry_run else catalog.edit_documents(arguments.query, {field: parsed})
        )
    print(f"{verb} {field} on {plural(changed, 'document')} (of {count:,} found)")
    return 0


def _delete(catalog: Catalog, arguments: argparse.Namespace) -> int:
    if not arguments.query.strip():
        raise InputError("an empty query finds every document: name the documents to delete")
    if arguments.dry_run:
        print(f"would delete {plural(catalog.count(arguments.query), 'document')}")
        return 0
    removal = catalog.delete_documents(arguments.query)
    print(f"deleted {plural(len(removal.document_ids), 'document')}")
    return 0


def _people(catalog: Catalog, arguments: argparse.Namespace) -> int:
    if arguments.people_command == "merge":
        return _merge_people(catalog, arguments)
    for person in catalog.people(arguments.match, arguments.limit):
        other_names = "; ".join(person.aliases)
        print(f"{person.documents}\t{person.name}" + (f"\t{other_names}" if other_names else ""))
    return 0


def _merge_people(catalog: Catalog, arguments: argparse.Namespace) -> int:
    if arguments.dry_run:
        plan = catalog.plan_merge(arguments.name, arguments.into)
        print(
            f"would merge “{plan.name}” into “{plan.into}”, "
            f"crediting them on {plural(len(plan.document_ids), 'document')}"
        )
        return 0
    merge = catalog.merge_people(arguments.name, arguments.into)
    print(
        f"merged “{merge.name}” into “{merge.into}”, "
        f"crediting them on {plural(len(merge.document_ids), 'document')}"
    )
    return 0


def _generate(catalog: Catalog, arguments: argparse.Namespace) -> int:
    total = arguments.documents
    started = time.perf_counter()

    def progress(written: int) -> None:
        print(f"\rgenerated {written:,} of {total:,} documents", end="", file=sys.stderr)

    catalog.generate(total, seed=arguments.seed, texts=arguments.text, progress=progress)
    print(file=sys.stderr)
    print(f"{total:,} documents in {time.perf_counter() - started:.1f} s into {catalog.location}")
    return 0


def _copy(arguments: argparse.Namespace) -> int:
    terminal = sys.stderr.isatty()

    def progress(table: str, done: int, total: int) -> None:
        # One line rewritten in place on a terminal; in a log, one line per finished table.
        if terminal:
            end = "\n" if done == total else ""
            print(f"\r{table} {done}/{total}\033[K", end=end, file=sys.stderr, flush=True)
        elif done == total:
            print(f"{table} {done}/{total}", file=sys.stderr)

    result = copy_catalog(arguments.source, arguments.target, progress)
    counts = result.counts
    print(
        f"{result.target}: {counts['documents']} documents, {counts['collections']} "
        f"collections, {counts['people']} people and {counts['saved_searches']} saved searches "
        f"copied from {result.source} in {result.seconds:.1f} s; counts verified"
    )
    return 0


def _info(catalog: Catalog, arguments: argparse.Namespace) -> int:
    info = catalog.info()
    lines = [
        ("catalog", info.location),
        ("schema", info.schema_version),
        ("access", f"read-only ({info.read_only_reason})" if info.read_only else "read-write"),
        ("documents", str(info.documents)),
        ("undated", str(info.undated)),
        ("collections", str(info.collections)),
        ("people", str(info.people)),
        ("places", str(info.places)),
    ]
    for label, value in lines:
        print(f"{label + ':':<13}{value}")
    return 0

"""A shared catalog on PostgreSQL: several writers, stale edits, live refresh, rights, trouble."""

from __future__ import annotations

import collections
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop_app.cli import main
from desktop_app.domain.columns import EXPORT_COLUMNS
from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import (
    CatalogError,
    ConflictError,
    InputError,
    ReadOnlyCatalogError,
)
from desktop_app.domain.records import CollectionRecord, DocumentRecord, ImportBatch
from desktop_app.services.catalog import Catalog
from desktop_app.services.changes import CatalogChange
from desktop_app.services.importing import read_source
from desktop_app.storage import models as m
from desktop_app.storage.concurrency import lock_imports
from desktop_app.storage.engine import create_catalog_engine
from desktop_app.storage.writer import BatchWriter, name_ids

from .conftest import SEED, PostgresServer

pytestmark = pytest.mark.postgres

CLI = "import sys; from desktop_app.cli import main; sys.exit(main())"


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _waiting_on_a_lock(server: PostgresServer, url: str) -> bool:
    database = url.rsplit("/", 1)[1]
    rows = server.execute(
        "SELECT count(*) FROM pg_stat_activity "
        f"WHERE datname = '{database}' AND wait_event_type = 'Lock'"
    )
    return bool(rows and int(str(rows[0][0])) > 0)


@pytest.fixture
def two_catalogs(pg_seed_url: str) -> Iterator[tuple[Catalog, Catalog]]:
    """Two desktops on one PostgreSQL copy of the seed."""
    first, second = Catalog.open(pg_seed_url), Catalog.open(pg_seed_url)
    yield first, second
    first.close()
    second.close()


# -- several writers -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 generated documents with every field, as CSV: enough for two imports to overlap."""
    folder = tmp_path_factory.mktemp("generated")
    catalog = Catalog.open(f"sqlite:///{folder / 'generated.sqlite'}")
    try:
        catalog.generate(2000, seed=3)
        out = folder / "generated.csv"
        catalog.export(out, columns=[column.key for column in EXPORT_COLUMNS])
    finally:
        catalog.close()
    return out


def test_two_processes_importing_overlapping_files_add_each_document_once(
    pg_url: str, generated_csv: Path, tmp_path: Path
) -> None:
    header, *rows = generated_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(header + "".join(rows[:1400]), encoding="utf-8")
    second.write_text(header + "".join(reversed(rows[600:])), encoding="utf-8")
    # Started together on an empty database: the migrations race as well as the imports.
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", CLI, "import", str(path), "--database", pg_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in (first, second)
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "Traceback" not in err
    expected = Catalog.open(f"sqlite:///{generated_csv.with_suffix('.sqlite')}")
    catalog = Catalog.open(pg_url)
    try:
        assert catalog.count() == 2000
        with Session(catalog._opened.engine) as session:
            titles = collections.Counter(
                session.execute(text("SELECT title, parent_id FROM collections")).all()
            )
        assert max(titles.values()) == 1, titles
        for field in ("type", "author", "recipient", "place", "collection", "year"):
            assert catalog.facets(field) == expected.facets(field), field
    finally:
        catalog.close()
        expected.close()


def test_imports_queue_behind_each_other_so_a_collection_is_added_once(
    postgres_server: PostgresServer, pg_url: str
) -> None:
    first, second = Catalog.open(pg_url), Catalog.open(pg_url)
    shared = CollectionRecord("Korean War")

    def batch(title: str) -> ImportBatch:
        record = DocumentRecord(title=title, date=parse_date("1951"), collections=("Korean War",))
        return ImportBatch(title, (shared,), (record,))

    reports: list[object] = []
    try:
        # The first import is under way (its lock taken, its collection added, not committed)
        # when the second starts: the second waits, then finds the collection.
        with Session(first._opened.engine) as session, session.begin():
            lock_imports(session)
            BatchWriter(session).write(batch("A telegram"))
            importing = threading.Thread(
                target=lambda: reports.extend(second.import_batches([batch("A letter")]))
            )
            importing.start()
            assert _wait_for(lambda: _waiting_on_a_lock(postgres_server, pg_url))
        importing.join(30)
        assert len(reports) == 1
        assert [node.title for node in second.collections()] == ["Korean War"]
        assert second.count('collection:"Korean War"') == 2
    finally:
        first.close()
        second.close()


def test_an_import_that_meets_another_writers_key_runs_again(
    postgres_server: PostgresServer, pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="desktop_app.services.transactions")
    catalog = Catalog.open(pg_url)
    batch = read_source(SEED, catalog.people_registry())
    rival = create_catalog_engine(pg_url)
    reports: list[object] = []
    try:
        # A writer that takes no import lock (another program, an older Dossier) holds one of
        # the seed's documents, with its names, in a transaction not yet committed.
        with Session(rival) as session, session.begin():
            BatchWriter(session).write(ImportBatch("rival", documents=batch.documents[:1]))
            importing = threading.Thread(
                target=lambda: reports.extend(catalog.import_batches([batch]))
            )
            importing.start()
            assert _wait_for(lambda: _waiting_on_a_lock(postgres_server, pg_url))
        importing.join(60)
        ((report,),) = [reports]
        assert (report.added, report.skipped) == (19, 1)  # type: ignore[attr-defined]
        assert catalog.count() == 20
        assert "another writer got in the way (UniqueViolation)" in caplog.text
    finally:
        rival.dispose()
        catalog.close()


def test_a_tag_that_another_writer_adds_meanwhile_is_shared_not_an_error(
    postgres_server: PostgresServer, pg_seed_url: str
) -> None:
    catalog = Catalog.open(pg_seed_url)
    rival = create_catalog_engine(pg_seed_url)
    document_id = catalog.search("armistice").ids[0]
    version = catalog.detail(document_id).version  # type: ignore[union-attr]
    saved: list[object] = []
    try:
        with Session(rival) as session, session.begin():
            (rival_tag,) = name_ids(session, m.Tag, ["to check"])
            editing = threading.Thread(
                target=lambda: saved.append(
                    catalog.update_document(document_id, version, tags=["to check"])
                )
            )
            editing.start()
            assert _wait_for(lambda: _waiting_on_a_lock(postgres_server, pg_seed_url))
        editing.join(30)
        assert saved, "the edit did not finish"
        assert catalog.detail(document_id).tags == ("to check",)  # type: ignore[union-attr]
        assert catalog.count("tag:check") == 1
        with Session(rival) as session:
            tags = session.execute(text("SELECT id, name FROM tags")).all()
        assert tags == [(rival_tag, "to check")]
    finally:
        rival.dispose()
        catalog.close()


# -- stale edits -----------------------------------------------------------------------------------


def test_the_second_of_two_edits_from_one_version_is_refused(
    two_catalogs: tuple[Catalog, Catalog],
) -> None:
    first, second = two_catalogs
    document_id = first.search("armistice").ids[0]
    mine, theirs = first.detail(document_id), second.detail(document_id)
    assert mine is not None and theirs is not None and mine.version == theirs.version
    saved = first.update_document(document_id, mine.version, summary="Checked against the file.")
    assert saved.version == mine.version + 1
    with pytest.raises(ConflictError, match="changed by someone else") as caught:
        second.update_document(document_id, theirs.version, summary="My own summary.")
    assert saved.row.title in str(caught.value)
    assert "not saved" in str(caught.value)
    assert second.detail(document_id).summary == "Checked against the file."  # type: ignore[union-attr]
    # With the copy read again, the edit goes through.
    again = second.detail(document_id)
    assert again is not None
    second.update_document(document_id, again.version, summary="My own summary.")
    assert first.detail(document_id).summary == "My own summary."  # type: ignore[union-attr]


def test_an_edit_keeps_search_sorting_and_tags_true(pg_seed_catalog: Catalog) -> None:
    catalog = pg_seed_catalog
    document_id = catalog.search("armistice korea").ids[0]
    detail = catalog.detail(document_id)
    assert detail is not None
    catalog.update_document(
        document_id, detail.version, title="Aardvark plan", tags=["Korea", "to check"]
    )
    assert list(catalog.search("aardvark").ids) == [document_id]
    assert list(catalog.search("title:aardvark").ids) == [document_id]
    old_word = max(detail.row.title.split(), key=len).strip(",.")
    assert document_id not in catalog.search(f"title:{old_word}").ids
    assert catalog.search("", sort="title").ids[0] == document_id
    assert catalog.count("tag:korea") == 1
    assert catalog.count("author:Stalin") == 5  # the people in the index are kept


def test_an_edit_of_a_removed_document_is_refused(pg_seed_catalog: Catalog) -> None:
    with pytest.raises(ConflictError, match="removed"):
        pg_seed_catalog.update_document(999_999, 1, notes="gone")


# -- live refresh ----------------------------------------------------------------------------------


def test_another_desktops_import_and_edit_arrive_within_seconds(pg_url: str) -> None:
    writer, watcher = Catalog.open(pg_url), Catalog.open(pg_url)
    changes: list[CatalogChange] = []
    try:
        listener = watcher.watch_changes(changes.append)
        assert listener.running
        writer.import_files([SEED])
        assert _wait_for(lambda: bool(changes), 5)
        # Each tells the generation it left and the documents there before that it rewrote.
        assert changes[0] == CatalogChange("import", (), own=False, generation=1, changed=())
        document_id = writer.search("armistice").ids[0]
        writer.update_document(document_id, 1, notes="seen")
        assert _wait_for(lambda: len(changes) == 2, 5)
        assert changes[1] == CatalogChange(
            "edit", (document_id,), own=False, generation=2, changed=(document_id,)
        )
        listener.stop()
        assert not listener.running
    finally:
        writer.close()
        watcher.close()


def test_a_desktop_hears_its_own_changes_as_its_own(pg_seed_catalog: Catalog) -> None:
    changes: list[CatalogChange] = []
    pg_seed_catalog.watch_changes(changes.append)
    pg_seed_catalog.save_search("Stalin", "author:Stalin")
    assert _wait_for(lambda: bool(changes), 5)
    assert changes == [CatalogChange("saved_searches", (), own=True)]


def test_a_rolled_back_import_sends_no_news(pg_seed_catalog: Catalog, tmp_path: Path) -> None:
    changes: list[CatalogChange] = []
    pg_seed_catalog.watch_changes(changes.append)
    broken = tmp_path / "broken.json"
    broken.write_text('[{"title": "A", "date": "1951"}, {"title": ', encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.json"):
        pg_seed_catalog.import_files([broken])
    time.sleep(1.0)
    assert changes == []
    assert pg_seed_catalog.count() == 20


def test_the_listener_comes_back_after_its_connection_drops(
    postgres_server: PostgresServer, pg_seed_catalog: Catalog, pg_seed_url: str
) -> None:
    changes: list[CatalogChange] = []
    pg_seed_catalog.watch_changes(changes.append)
    database = pg_seed_url.rsplit("/", 1)[1]
    postgres_server.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{database}' AND query LIKE 'LISTEN%'"
    )
    assert _wait_for(lambda: CatalogChange("reconnected") in changes, 10)
    other = Catalog.open(pg_seed_url)
    try:
        other.save_search("Mao", "author:mao")
        assert _wait_for(lambda: CatalogChange("saved_searches") in changes, 5)
    finally:
        other.close()


# -- rights ----------------------------------------------------------------------------------------


@pytest.fixture
def reader(postgres_server: PostgresServer, pg_seed_url: str) -> Iterator[str]:
    """The seed catalog's URL for a new role that may only read it."""
    database = pg_seed_url.rsplit("/", 1)[1]
    role = postgres_server.create_role()
    postgres_server.execute(f"GRANT CONNECT ON DATABASE {database} TO {role}")
    postgres_server.execute(f"GRANT USAGE ON SCHEMA public TO {role}", database)
    postgres_server.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}", database)
    yield postgres_server.url(database, user=role)
    postgres_server.drop_role(role)


def test_a_role_that_may_only_read_opens_the_catalog_read_only(reader: str) -> None:
    catalog = Catalog.open(reader)
    try:
        assert catalog.read_only
        assert "may read the catalog but not change it" in catalog.read_only_reason
        assert "dossier_role_" in catalog.read_only_reason
        assert catalog.count("author:Stalin") == 5
        assert catalog.facets("type")[0].count == 12
        with pytest.raises(ReadOnlyCatalogError, match="read-only"):
            catalog.import_files([SEED])
        with pytest.raises(ReadOnlyCatalogError):
            catalog.update_document(1, 1, notes="no")
        with pytest.raises(ReadOnlyCatalogError):
            catalog.save_search("Stalin", "author:Stalin")
        assert catalog.count() == 20
    finally:
        catalog.close()


def test_info_names_the_read_only_reason(reader: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--database", reader]) == 0
    out = capsys.readouterr().out
    assert "read-only (the database role" in out
    assert "documents:   20" in out


def test_a_role_that_may_not_create_tables_gets_a_message_for_an_empty_database(
    postgres_server: PostgresServer, pg_url: str
) -> None:
    database = pg_url.rsplit("/", 1)[1]
    role = postgres_server.create_role()
    try:
        with pytest.raises(CatalogError, match="may not create tables") as caught:
            Catalog.open(postgres_server.url(database, user=role))
        assert "\n" not in str(caught.value)
    finally:
        postgres_server.drop_role(role)


# -- connection trouble and credentials ------------------------------------------------------------


def test_a_missing_database_is_one_clear_line_and_exit_1(
    postgres_server: PostgresServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = postgres_server.url("dossier_no_such_database")
    with pytest.raises(CatalogError) as caught:
        Catalog.open(url)
    message = str(caught.value)
    assert 'database "dossier_no_such_database" does not exist' in message
    assert "\n" not in message
    assert main(["search", "x", "--database", url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err and "Traceback" not in err


def test_a_server_that_is_not_there_is_one_clear_line_without_the_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "postgresql+psycopg://historian:s3cret-words@127.0.0.1:1/catalog"
    with pytest.raises(CatalogError) as caught:
        Catalog.open(url)
    message = str(caught.value)
    assert "Connection refused" in message
    assert "s3cret-words" not in message and "historian:***@127.0.0.1:1" in message
    assert "\n" not in message
    assert main(["info", "--database", url]) == 1
    err = capsys.readouterr().err
    assert "s3cret-words" not in err and err.count("\n") == 1


def test_a_password_in_the_url_is_never_shown(
    postgres_server: PostgresServer, pg_seed_url: str
) -> None:
    # Trust authentication ignores the password, so the catalog opens with it in the URL.
    url = pg_seed_url.replace("postgres@", "postgres:s3cret-words@", 1)
    catalog = Catalog.open(url)
    try:
        shown = [catalog.location, catalog.name, catalog.info().location]
        assert all("s3cret-words" not in text for text in shown), shown
        assert "***" in catalog.location
        assert "s3cret-words" not in catalog.remembered_url
        assert Catalog.open(catalog.remembered_url).count() == 20
    finally:
        catalog.close()


def test_a_libpq_service_file_names_the_catalog(
    pg_seed_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import make_url

    url = make_url(pg_seed_url)
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[team]\nhost={url.host}\nport={url.port or 5432}\nuser={url.username}\n"
        f"dbname={url.database}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    catalog = Catalog.open("postgresql+psycopg:///?service=team")
    try:
        assert catalog.count() == 20
        assert catalog.location == "postgresql+psycopg:///?service=team"
    finally:
        catalog.close()


def test_a_connection_dropped_between_calls_is_opened_again(
    postgres_server: PostgresServer, pg_seed_catalog: Catalog, pg_seed_url: str
) -> None:
    assert pg_seed_catalog.count() == 20
    _drop_connections(postgres_server, pg_seed_url)
    assert pg_seed_catalog.count() == 20


def test_a_connection_dropped_mid_import_leaves_nothing_half_done(
    postgres_server: PostgresServer, pg_url: str
) -> None:
    catalog = Catalog.open(pg_url)
    batch = read_source(SEED, catalog.people_registry())
    halves = [
        ImportBatch("first half", batch.collections, batch.documents[:10]),
        ImportBatch("second half", (), batch.documents[10:]),
    ]

    def dropping_between_halves() -> Iterator[ImportBatch]:
        yield halves[0]
        _drop_connections(postgres_server, pg_url)
        yield halves[1]

    try:
        with pytest.raises(CatalogError, match="connection") as caught:
            catalog.import_batches(dropping_between_halves())  # type: ignore[arg-type]
        assert "\n" not in str(caught.value)
        assert catalog.count() == 0
        assert catalog.collections() == []
    finally:
        catalog.close()


def _drop_connections(server: PostgresServer, url: str) -> None:
    database = url.rsplit("/", 1)[1]
    server.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{database}' AND pid <> pg_backend_pid()"
    )

"""Edit ▸ People…: the People window read off the GUI thread, and its renames, merges,
separations and other names written by the change history, undoably."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence

from desktop_app.domain.edits import DocumentChange
from desktop_app.domain.views import PersonView
from desktop_app.ui.icons import icon
from desktop_app.ui.name_dialog import NameDialog
from desktop_app.ui.people_window import SEPARATOR, PeopleWindow
from desktop_app.ui.window.context import PartContext, WindowPart
from desktop_app.ui.window.history import ChangeHistory

#: How many people the window lists at most: the most credited first, the rest by filtering.
SHOWN = 5000


class PeoplePart(WindowPart):
    """Opens the People window, lists the people its filter asks for, and makes its changes."""

    def __init__(self, context: PartContext, history: ChangeHistory) -> None:
        super().__init__(context)
        self._history = history
        self.people_action = QAction(icon("all_documents"), "&People…", context.window)
        self.people_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.people_action.setStatusTip(
            "Every person of the catalog: rename, merge, separate, other names"
        )
        context.window.addAction(self.people_action)
        self.people_action.triggered.connect(self.open_window)
        self.window: PeopleWindow | None = None
        self.dialog: NameDialog | None = None
        history.changed.connect(lambda _change: self.load())

    def set_catalog(self) -> None:
        self.people_action.setEnabled(self._session.catalog is not None)
        if self.window is not None:
            self.load()

    def open_window(self) -> PeopleWindow | None:
        """The People window, opened (or raised) over the main window."""
        if self._session.catalog is None:
            return None
        if self.window is None:
            window = PeopleWindow(self._window)
            window.filter_changed.connect(lambda _text: self.load())
            window.rename_requested.connect(self._ask_rename)
            window.merge_requested.connect(self._ask_merge)
            window.separate_requested.connect(self._ask_separation)
            window.aliases_requested.connect(self._ask_aliases)
            self.window = window
        self.window.show()
        self.window.raise_()
        self.load()
        return self.window

    def load(self) -> None:
        """List the people the filter asks for again."""
        catalog, window = self._session.catalog, self.window
        if catalog is None or window is None:
            return
        match = window.filter_field.text()
        self._runner.run(
            "people",
            lambda: catalog.people(match, SHOWN),
            lambda people: window.set_people(people, not catalog.read_only),
            self._report,
        )

    # -- what the buttons ask --------------------------------------------------------------

    def _ask_rename(self, person: PersonView) -> None:
        self._ask(
            NameDialog(
                "Rename person",
                f"A new name for “{person.name}” (the old one stays one of their names):",
                self.window,
                text=person.name,
                name="renamePersonDialog",
            ),
            lambda name: self._make(
                lambda catalog: catalog.rename_person(person.name, name),
                f"Renaming “{person.name}”…",
                "Rename person",
            ),
        )

    def _ask_merge(self, person: PersonView) -> None:
        listed = self.window.model.names() if self.window is not None else []
        others = [name for name in listed if name != person.name]
        self._ask(
            NameDialog(
                "Merge people",
                f"Merge “{person.name}” into (their names become this person's):",
                self.window,
                names=others,
                name="mergePersonDialog",
            ),
            lambda into: self._make(
                lambda catalog: catalog.merge_people(person.name, into),
                f"Merging “{person.name}” into “{into}”…",
                "Merge people",
            ),
        )

    def _ask_separation(self, person: PersonView) -> None:
        self._ask(
            NameDialog(
                "Separate a name",
                f"Which of the names of “{person.name}” is a person of their own?",
                self.window,
                names=person.aliases,
                editable=False,
                name="separatePersonDialog",
            ),
            lambda name: self._make(
                lambda catalog: catalog.separate_person(name, person.name),
                f"Separating “{name}”…",
                "Separate a name",
            ),
        )

    def _ask_aliases(self, person: PersonView) -> None:
        def save(text: str) -> None:
            typed = [" ".join(n.split()) for n in text.split(";") if n.strip()]
            add = [name for name in typed if name not in person.aliases]
            remove = [name for name in person.aliases if name not in typed]
            self._make(
                lambda catalog: catalog.change_aliases(person.name, add=add, remove=remove),
                f"Saving the names of “{person.name}”…",
                "Other names",
            )

        dialog = NameDialog(
            "Other names",
            f"The other names of “{person.name}”, with semicolons between them:",
            self.window,
            text=SEPARATOR.join(person.aliases),
            name="personAliasesDialog",
        )
        # An empty list is an answer here: every other name taken away.
        dialog.buttons.accepted.disconnect()
        dialog.buttons.accepted.connect(lambda: save(dialog.field.currentText()))
        dialog.buttons.accepted.connect(dialog.accept)
        self._ask(dialog, None)

    def _ask(self, dialog: NameDialog, chosen: Callable[[str], None] | None) -> None:
        if chosen is not None:
            dialog.chosen.connect(chosen)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()

    def _make(self, change: Callable[..., DocumentChange], busy: str, title: str) -> None:
        catalog = self._session.catalog
        if catalog is None or catalog.read_only:
            return
        self._history.make(lambda _job: change(catalog), busy, title=title)

    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

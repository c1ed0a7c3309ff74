"""What the window's parts say in words: failure reasons and message boxes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.domain.errors import DossierError
from desktop_app.ui.accessibility import name_message_box


def failure_reason(error: BaseException) -> str:
    """An error of Dossier's own in its words; anything else is not shown (it is logged)."""
    return str(error) if isinstance(error, DossierError) else "an unexpected error"


def open_message_box(
    parent: QWidget,
    kind: QMessageBox.Icon,
    title: str,
    text: str,
    details: Sequence[str],
    *,
    name: str,
) -> QMessageBox:
    """A message box with `text` and plain-text `details`, named `name`, opened window-modal."""
    # open(), not exec(): the window keeps painting and its searches keep arriving.
    box = QMessageBox(kind, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText("\n".join(details))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    name_message_box(box)
    box.open()
    return box


def open_deletion_box(
    parent: QWidget,
    title: str,
    text: str,
    consequence: str,
    delete: Callable[[], None],
    *,
    name: str,
) -> QMessageBox:
    """Asks before deleting: `text` the question, `consequence` what follows; Delete (named
    deleteButton) calls `delete`, Cancel is the default. Opened window-modal, named `name`."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent
    )
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(consequence)
    button = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    button.setObjectName("deleteButton")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(lambda clicked: delete() if clicked is button else None)
    name_message_box(box)
    box.open()
    return box

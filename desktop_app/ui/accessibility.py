"""Names for screen readers on the widgets Qt makes without one: dialog buttons, the parts of
message and input dialogs, the buttons inside a line edit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextDocumentFragment
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QToolButton,
)

#: The object name Qt gives the action of a line edit's clear button.
_CLEAR_ACTION = "_q_qlineeditclearaction"
#: The object names Qt gives a message box's text label and its informative text's label.
_MESSAGE_LABEL = "qt_msgbox_label"
_INFORMATIVE_LABEL = "qt_msgbox_informativelabel"


def spoken(text: str) -> str:
    """A button's or action's text as a screen reader should say it: `&Export…` → `Export`."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def name_buttons(buttons: QDialogButtonBox | QMessageBox) -> None:
    """Name every button of a button box or message box that has no name yet after its text.

    Qt's standard buttons (OK, Cancel, Close) come without an accessible name; call this once
    the buttons are added.
    """
    for button in buttons.buttons():
        if not button.accessibleName():
            button.setAccessibleName(spoken(button.text()))


def name_message_box(box: QMessageBox) -> None:
    """Name a message box's buttons, and its texts, which Qt lets people click and select.

    Each text label is named what it says (in plain text), as a label with no name is spoken.
    A box without buttons gets its OK here rather than when it is shown, so that the OK is
    named too. Call it once the texts are set.
    """
    if not box.buttons():
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
    name_buttons(box)
    rich = box.textFormat() == Qt.TextFormat.RichText
    for name, text in ((_MESSAGE_LABEL, box.text()), (_INFORMATIVE_LABEL, box.informativeText())):
        label = box.findChild(QLabel, name)
        if label is not None and text:
            label.setAccessibleName(
                QTextDocumentFragment.fromHtml(text).toPlainText() if rich else text
            )


def name_input_dialog(dialog: QInputDialog, field: str) -> None:
    """Name a text input dialog's field `field`, and its buttons after their text."""
    edit = dialog.findChild(QLineEdit)
    if edit is not None:
        edit.setAccessibleName(field)
    box = dialog.findChild(QDialogButtonBox)
    if box is not None:
        name_buttons(box)


def name_action_button(edit: QLineEdit, action: QAction, name: str) -> None:
    """Name the button that shows one of a line edit's own actions (`QLineEdit.addAction`)."""
    for button in edit.findChildren(QToolButton):
        if button.defaultAction() is action:
            button.setAccessibleName(name)


def name_clear_button(edit: QLineEdit, name: str) -> None:
    """Name the clear button Qt puts in a line edit (call after `setClearButtonEnabled`)."""
    action = edit.findChild(QAction, _CLEAR_ACTION)
    if action is not None:
        name_action_button(edit, action, name)

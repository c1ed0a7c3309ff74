"""A facet section's value search (the find button and its filter box) and its "Show more"."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLineEdit, QToolButton, QWidget

from desktop_app.ui.accessibility import name_clear_button
from desktop_app.ui.icons import icon


def find_button(parent: QWidget, field: str, label: str) -> QToolButton:
    """The heading's button that shows the box to find a value among all of them."""
    button = QToolButton(parent)
    button.setObjectName(f"facetFind_{field}")
    button.setIcon(icon("filter_values"))
    button.setToolTip(f"Find a {label.lower()} among all of them")
    button.setAccessibleName(f"Find a {label.lower()}")
    button.setCheckable(True)
    button.setAutoRaise(True)
    button.setIconSize(QSize(16, 16))
    return button


def filter_edit(parent: QWidget, field: str, label: str) -> QLineEdit:
    """The box that narrows a section to values with a word beginning so (hidden at first)."""
    edit = QLineEdit(parent)
    edit.setObjectName(f"facetFilter_{field}")
    edit.setAccessibleName(f"Filter {label} values")
    edit.setAccessibleDescription(f"Shows the {label.lower()} values with a word beginning so")
    edit.setPlaceholderText(f"Find a {label.lower()}…")
    edit.setClearButtonEnabled(True)
    name_clear_button(edit, f"Clear the {label.lower()} filter box")
    edit.setVisible(False)
    return edit


def more_button(parent: QWidget, field: str, label: str) -> QToolButton:
    """ "Show more": the next, larger number of values (hidden until the catalog has more)."""
    return _link_button(
        parent, f"facetMore_{field}", "Show more", f"Show more {label.lower()} values"
    )


def fewer_button(parent: QWidget, field: str, label: str) -> QToolButton:
    """ "Show fewer": back to the first few values (hidden until more are shown)."""
    return _link_button(
        parent, f"facetFewer_{field}", "Show fewer", f"Show fewer {label.lower()} values"
    )


def _link_button(parent: QWidget, name: str, text: str, accessible: str) -> QToolButton:
    button = QToolButton(parent)
    button.setObjectName(name)
    button.setText(text)
    button.setAccessibleName(accessible)
    button.setAutoRaise(True)
    button.setVisible(False)
    return button

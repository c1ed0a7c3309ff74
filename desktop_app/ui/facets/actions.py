"""What a click, a key or a menu item on a facet value asks for, and the value's menu."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QMenu, QWidget

from desktop_app.ui.facets.model import FACET_VALUE_ROLE, MARK_ROLE, Mark
from desktop_app.ui.icons import icon


class FacetAction(Enum):
    """What a click on a value asks for."""

    ONLY = "only"  # click
    TOGGLE = "toggle"  # Ctrl+click: add as OR, or take out of the selection
    EXCLUDE = "exclude"  # Alt+click
    INCLUDE = "include"  # any click on an excluded value: stop excluding it


def _menu_text(text: str) -> str:
    # An "&" in catalog text would otherwise become a keyboard mnemonic in a menu.
    return text.replace("&", "&&")


def action_for(index: QModelIndex, modifiers: Qt.KeyboardModifier) -> FacetAction:
    """What a click with `modifiers` on the row at `index` asks for."""
    if index.data(MARK_ROLE) is Mark.EXCLUDED:
        return FacetAction.INCLUDE
    if modifiers & Qt.KeyboardModifier.AltModifier:
        return FacetAction.EXCLUDE
    if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier):
        return FacetAction.TOGGLE
    return FacetAction.ONLY


def value_menu(
    parent: QWidget,
    index: QModelIndex,
    choose: Callable[[str | None, FacetAction], None],
) -> QMenu:
    """The menu of the value at `index`: only this, add or take out, exclude or include.

    Each item calls `choose` with the value and what it asks for.
    """
    menu = QMenu(parent)
    value = index.data(FACET_VALUE_ROLE)
    mark = index.data(MARK_ROLE)
    shown = _menu_text(f"“{index.data()}”")

    def add(text: str, action: FacetAction, meaning: str | None = None) -> None:
        item = menu.addAction(icon(meaning) if meaning else QIcon(), text)
        item.setObjectName(f"facet{action.value.title()}Action")
        item.triggered.connect(lambda: choose(value, action))

    add(f"Only {shown}", FacetAction.ONLY, "only_value")
    if mark is Mark.SELECTED:
        add(f"Take {shown} out of the choice\tCtrl+click", FacetAction.TOGGLE)
    elif mark is Mark.NONE:
        add(f"Add {shown} as an alternative (OR)\tCtrl+click", FacetAction.TOGGLE)
    if mark is Mark.EXCLUDED:
        add(f"Stop excluding {shown}", FacetAction.INCLUDE)
    else:
        add(f"Exclude {shown}\tAlt+click", FacetAction.EXCLUDE, "exclude_value")
    if value is not None:
        menu.addSeparator()
        copy = menu.addAction(icon("copy"), "Copy the value")
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(value))
    return menu

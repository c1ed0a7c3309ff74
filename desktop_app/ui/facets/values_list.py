"""The list of one facet section's values: compact rows drawn plainly, picked by click or key."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QListView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop_app.ui.facets.model import (
    COUNT_ROLE,
    FACET_VALUE_ROLE,
    MARK_ROLE,
    NONE_LABEL,
    AnyIndex,
    Mark,
)
from desktop_app.ui.icons import icon
from desktop_app.ui.palette import accent, muted, warning


class FacetDelegate(QStyledItemDelegate):
    """A compact row: a check mark, the value, and its count right-aligned in a muted colour."""

    PADDING = 6
    MARK_SIZE = 16

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(120, option.fontMetrics.height() + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        # No initStyleOption: it asks the model for a dozen roles this row does not use.
        item = QStyleOptionViewItem(option)
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        palette: QPalette = item.palette
        # The style draws hover and keyboard focus; the text is ours, and plain.
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, item, painter, widget)

        value = index.data(FACET_VALUE_ROLE)
        count = index.data(COUNT_ROLE)
        mark = index.data(MARK_ROLE)
        rect = item.rect.adjusted(self.PADDING, 0, -self.PADDING - 2, 0)
        box = QRect(
            rect.left(), rect.center().y() - self.MARK_SIZE // 2 + 1, self.MARK_SIZE, self.MARK_SIZE
        )
        quiet = muted(palette)
        if mark is Mark.SELECTED:
            icon("facet_selected", accent(palette).name()).paint(painter, box)
        elif mark is Mark.EXCLUDED:
            icon("facet_excluded", warning(palette).name()).paint(painter, box)
        else:
            icon("facet_unselected", quiet.name()).paint(painter, box)

        font = QFont(item.font)
        colour = palette.color(QPalette.ColorRole.Text)
        if mark is Mark.SELECTED:
            font.setWeight(QFont.Weight.DemiBold)
        elif mark is Mark.EXCLUDED:
            font.setStrikeOut(True)
            colour = quiet
        if value is None:
            font.setItalic(True)
            colour = quiet
        count_text = f"{count:,}" if isinstance(count, int) else ""
        metrics = QFontMetrics(item.font)
        count_width = metrics.horizontalAdvance(count_text)
        count_rect = QRect(rect.right() - count_width, rect.top(), count_width, rect.height())
        left = box.right() + 8
        text_rect = QRect(left, rect.top(), max(0, count_rect.left() - 10 - left), rect.height())
        text = value if value is not None else NONE_LABEL
        painter.save()
        painter.setFont(font)
        painter.setPen(colour)
        elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
        )
        painter.setFont(item.font)
        painter.setPen(quiet)
        painter.drawText(
            count_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count_text
        )
        painter.restore()


class FacetList(QListView):
    """A section's values; a click (or Enter, Space) with its modifiers picks one."""

    #: A value was clicked or chosen by key, with the modifiers held (Ctrl, Alt).
    value_activated = Signal(QModelIndex, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pressed = QPersistentModelIndex()
        self.setItemDelegate(FacetDelegate(self))
        self.setUniformItemSizes(True)
        # The query, not a selection, says what is chosen; the view only shows where focus is.
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.viewport().setAutoFillBackground(False)

    def row_height(self) -> int:
        return self.fontMetrics().height() + 8

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = QPersistentModelIndex(self.indexAt(event.position().toPoint()))
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        pressed = self._pressed
        self._pressed = QPersistentModelIndex()
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and index.isValid() and index == pressed:
            self.value_activated.emit(index, event.modifiers())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        # The double click's second release must not undo the first click's choice.
        self._pressed = QPersistentModelIndex()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if event.key() in keys and self.currentIndex().isValid():
            self.value_activated.emit(self.currentIndex(), event.modifiers())
            event.accept()
            return
        super().keyPressEvent(event)

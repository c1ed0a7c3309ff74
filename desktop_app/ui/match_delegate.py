"""The Match column's cells: the passage a query's words matched, the words marked."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QPainter, QPalette, QTextLayout
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.ui.document_model import MATCH_MARKS_ROLE
from desktop_app.ui.text_marks import mark_format, qt_spans


class MatchDelegate(QStyledItemDelegate):
    """Draws a passage as plain text laid out by Qt, its marks as formats, never as markup;
    a cell without marks is drawn as any other."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        marks = index.data(MATCH_MARKS_ROLE)
        if not marks:
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        text = item.text
        item.text = ""
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, widget)

        # Cut with an ellipsis where the cell ends, as the other cells are, never inside a mark
        # left half-drawn: the marks past the cut go with the text they mark.
        shown = item.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, area.width() - 6)
        if shown != text:
            kept = len(shown) - 1  # before the ellipsis
            marks = [(start, end) for start, end in marks if end <= kept]
            text = shown
        layout = QTextLayout(text, item.font)
        marked = mark_format()
        ranges = []
        for start, length in qt_spans(text, marks):
            piece = QTextLayout.FormatRange()
            piece.start, piece.length, piece.format = start, length, marked
            ranges.append(piece)
        layout.setFormats(ranges)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1_000_000)  # one line; the cell clips what does not fit
        layout.endLayout()

        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setClipRect(area)
        painter.setPen(item.palette.color(role))
        top = area.top() + (area.height() - line.height()) / 2
        layout.draw(painter, QPointF(area.left() + 3, top))
        painter.restore()

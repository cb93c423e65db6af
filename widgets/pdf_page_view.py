"""PdfPageView: continuous scroll through a PDF's pages, rendered lazily at the current zoom.

Scene coordinates are PDF points; each page is an item placed at its origin, so a cell's
bbox from the document model is drawn as-is (child items in page coordinates) and a click
maps straight back to (page, x, y) in points. The view knows nothing about PyMuPDF: it is
given page sizes and a `render(index, scale) -> QImage` callable by `app/`.

Annotations are drawn as a small label (the tick mark, or ✎) at the top right of their
place, regions with a dashed outline. A region is selected by dragging with Shift held,
or with any drag while the region tool is on (`set_region_mode`); the view then emits
`region_selected(page, x0, y0, x1, y1)` in page points and `app/` asks for the note.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPixmap, QImage
from .severity import NOTE, SELECTION, STRONG, TICK
from PySide6.QtWidgets import (QFrame, QGraphicsItem, QGraphicsPixmapItem, QGraphicsRectItem,
                               QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView, QWidget)

BBox = tuple[float, float, float, float]
# render(index, scale) → the page image, or an iterator that does the work in short steps
# (yielding None) and finally yields the image: the view takes one step per event-loop turn
RenderFn = Callable[[int, float], "QImage | Iterator[QImage | None]"]

GAP = 14.0  # points between pages
MIN_ZOOM, MAX_ZOOM = 0.25, 6.0

SEVERITY_PEN = STRONG
SELECTION_COLOR = SELECTION
NOTE_COLOR = NOTE
NOTE_TEXT = TICK
NOTE_FILL = QColor(255, 246, 214, 200)
MIN_REGION = 4.0  # points: a smaller drag is a click

# (page, bbox, label, tooltip, is_region[, key]) — key (the annotation's id) comes back in
# `annotation_activated` when the tag or region is double-clicked
NoteMark = tuple


class _Page(QGraphicsRectItem):
    def __init__(self, index: int, width: float, height: float):
        super().__init__(0, 0, width, height)
        self.index = index
        self.setBrush(QBrush(Qt.GlobalColor.white))
        pen = QPen(QColor(150, 150, 150))
        pen.setCosmetic(True)
        self.setPen(pen)
        self.pixmap_item = QGraphicsPixmapItem(self)
        self.pixmap_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.pixmap_item.setZValue(0)
        self.scale_rendered = 0.0

    def set_image(self, image: QImage, scale: float) -> None:
        self.pixmap_item.setPixmap(QPixmap.fromImage(image))
        self.pixmap_item.setScale(1.0 / scale)
        self.scale_rendered = scale

    def drop_image(self) -> None:
        self.pixmap_item.setPixmap(QPixmap())
        self.scale_rendered = 0.0


def _outline(parent: QGraphicsItem, bbox: BBox, color: QColor, width: float, fill_alpha: int,
             z: float) -> QGraphicsRectItem:
    x0, y0, x1, y1 = bbox
    pad = 1.5
    item = QGraphicsRectItem(x0 - pad, y0 - pad, (x1 - x0) + 2 * pad, (y1 - y0) + 2 * pad, parent)
    pen = QPen(color, width)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    item.setPen(pen)
    fill = QColor(color)
    fill.setAlpha(fill_alpha)
    item.setBrush(QBrush(fill))
    item.setZValue(z)
    item.setData(0, bbox)
    return item


class _NoteLabel(QGraphicsRectItem):
    """A small tag (tick mark or ✎, then a few characters) that keeps its size on screen."""

    def __init__(self, parent: QGraphicsItem, x: float, y: float, label: str, tooltip: str, stack: int = 0):
        super().__init__(parent)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setPos(x, y)
        self.text = QGraphicsSimpleTextItem(label, self)
        font = QFont()
        font.setPointSizeF(9.0)
        font.setBold(True)
        self.text.setFont(font)
        self.text.setBrush(QBrush(NOTE_TEXT))
        r = self.text.boundingRect()
        w, h = r.width() + 6, r.height() + 2
        # just right of the place, from its top down: over the next cell's left, where right-aligned
        # figures leave blank paper — not above it, where it hid the row above's figures
        top = (h + 2) * stack
        self.setRect(0, top, w, h)
        self.text.setPos(3, top + 1)
        pen = QPen(NOTE_COLOR, 1.0)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setBrush(QBrush(NOTE_FILL))
        self.setToolTip(tooltip)
        self.setZValue(30)
        self.label = label


class PdfPageView(QGraphicsView):
    region_clicked = Signal(int, float, float)  # page (1-based), x, y in PDF points
    region_selected = Signal(int, float, float, float, float)  # page, x0, y0, x1, y1 (points)
    page_rendered = Signal(int)  # 1-based page whose pixmap was just set
    annotation_activated = Signal(str)  # key of a double-clicked note tag / region
    page_changed = Signal(int, int)  # current page (1-based), page count
    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(QColor(96, 99, 104))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._render: RenderFn | None = None
        self._pages: list[_Page] = []
        self._zoom = 1.0
        self._fit_width = True
        self._current = 0
        self._press: QPointF | None = None
        self._selection: list[QGraphicsRectItem] = []
        self._marks: list[QGraphicsRectItem] = []
        self._focus: list[QGraphicsRectItem] = []
        self._notes: list[QGraphicsItem] = []
        self._job: tuple[int, float, Iterator[QImage | None]] | None = None  # a page being rendered in steps
        self._region_mode = False
        self._band_origin: QPointF | None = None
        self._band: QGraphicsRectItem | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._render_step)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    # ------------------------------------------------------------------ pages
    def set_pages(self, sizes: Sequence[tuple[float, float]], render: RenderFn | None) -> None:
        """Lay out pages of the given sizes (points); `render(index, scale)` draws one."""
        self.clear()
        self._render = render
        y = GAP
        for i, (w, h) in enumerate(sizes):
            page = _Page(i, w, h)
            page.setPos(0, y)
            self.scene().addItem(page)
            self._pages.append(page)
            y += h + GAP
        width = max((w for w, _ in sizes), default=0)
        self.scene().setSceneRect(QRectF(-GAP, 0, width + 2 * GAP, y))
        self._current = 0
        if self._fit_width:
            self._apply_fit_width()
        else:
            self._apply_zoom(self._zoom)
        self.verticalScrollBar().setValue(0)
        self._schedule()
        self.page_changed.emit(1 if self._pages else 0, len(self._pages))

    def clear(self) -> None:
        self._timer.stop()
        self._job = None
        self._selection, self._marks, self._focus, self._notes = [], [], [], []
        self._band, self._band_origin = None, None
        self.scene().clear()
        self._pages = []
        self._render = None

    @property
    def page_count(self) -> int:
        return len(self._pages)

    def page_rect(self, page: int) -> QRectF:
        """Scene rect of 1-based `page`."""
        p = self._pages[page - 1]
        return p.mapRectToScene(p.rect())

    def rendered_pages(self) -> list[int]:
        return [p.index + 1 for p in self._pages if p.scale_rendered]

    # ------------------------------------------------------------------ zoom
    def zoom(self) -> float:
        return self._zoom

    def is_fit_width(self) -> bool:
        return self._fit_width

    def set_zoom(self, zoom: float) -> None:
        self._fit_width = False
        self._apply_zoom(zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / 1.25)

    def fit_width(self) -> None:
        self._fit_width = True
        self._apply_fit_width()

    def _apply_fit_width(self, index: int | None = None) -> None:
        """Fit the *current* page's width (a portrait page beside landscape ones is not shrunk
        to the widest page of the document)."""
        if not self._pages:
            return
        page = self._pages[min(self._current if index is None else index, len(self._pages) - 1)]
        width = page.rect().width() + 2 * GAP
        avail = self.viewport().width() - 2
        if avail > 50:
            self._apply_zoom(avail / width)
            self._center_page(page.index)
            QTimer.singleShot(0, lambda i=page.index: self._center_page(i))  # once the scroll ranges settle

    def _center_page(self, index: int | None = None) -> None:
        """Fit-width: the page sits centred sideways (wider pages elsewhere give the view a
        horizontal range; it must never leave a fitted page half off-screen)."""
        if not self._fit_width or not self._pages:
            return
        page = self._pages[min(self._current if index is None else index, len(self._pages) - 1)]
        on_screen = self.mapFromScene(page.mapRectToScene(page.rect())).boundingRect()
        bar = self.horizontalScrollBar()
        bar.setValue(bar.value() + on_screen.center().x() - self.viewport().width() // 2)

    def _apply_zoom(self, zoom: float) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        center = self.mapToScene(self.viewport().rect().center())
        changed = abs(zoom - self._zoom) > 1e-6
        self._zoom = zoom
        self.resetTransform()
        self.scale(zoom, zoom)
        if changed:
            self.centerOn(center)
            self.zoom_changed.emit(zoom)
        self._schedule()

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_in() if event.angleDelta().y() > 0 else self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._fit_width:
            self._apply_fit_width()
        self._schedule()

    # ------------------------------------------------------------------ navigation
    def current_page(self) -> int:
        return self._current + 1 if self._pages else 0

    def go_to_page(self, page: int) -> None:
        if not self._pages:
            return
        page = max(1, min(len(self._pages), page))
        if self._fit_width:
            self._apply_fit_width(page - 1)
        rect = self.page_rect(page)
        top = self.mapFromScene(QPointF(rect.left(), rect.top() - GAP / 2))
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top.y())

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def _visible_pages(self) -> list[int]:
        area = self.mapToScene(self.viewport().rect()).boundingRect()
        return [p.index for p in self._pages
                if p.mapRectToScene(p.rect()).intersects(area)]

    def _on_scrolled(self) -> None:
        self._update_current()
        self._schedule()

    def _update_current(self) -> None:
        if not self._pages:
            return
        probe = self.mapToScene(self.viewport().rect().center().x(), self.viewport().height() // 3)
        best = self._current
        for p in self._pages:
            r = p.mapRectToScene(p.rect())
            if r.top() - GAP <= probe.y() <= r.bottom():
                best = p.index
                break
        if best != self._current:
            self._current = best
            self._center_page()
            self.page_changed.emit(best + 1, len(self._pages))

    # ------------------------------------------------------------------ lazy rendering
    def _target_scale(self) -> float:
        return round(self._zoom * self.devicePixelRatioF(), 2)

    def _schedule(self) -> None:
        if self._render is not None and not self._timer.isActive():
            self._timer.start()

    def _render_step(self) -> None:
        """One step of rendering per event-loop turn: a whole page (~10–40 ms), or one step of
        a page rendered progressively (display list, then bands of the page)."""
        if self._render is None or not self._pages:
            return
        visible = self._visible_pages()
        if not visible:
            return
        scale = self._target_scale()
        wanted = visible + [i for i in (visible[-1] + 1, visible[0] - 1) if 0 <= i < len(self._pages)]
        keep = set(range(visible[0] - 3, visible[-1] + 4))
        for p in self._pages:  # free memory of pages far away
            if p.scale_rendered and p.index not in keep:
                p.drop_image()
        if self._job is not None:
            index, job_scale, steps = self._job
            if index in wanted and abs(job_scale - scale) < 1e-6 and abs(self._pages[index].scale_rendered - scale) > 1e-6:
                self._advance(index, scale, steps)
                return
            self._job = None  # scrolled or zoomed away: drop it
        for index in wanted:
            page = self._pages[index]
            if abs(page.scale_rendered - scale) > 1e-6:
                try:
                    result = self._render(index, scale)
                except Exception:  # a broken page stays blank; the view keeps working
                    page.scale_rendered = scale
                    continue
                if isinstance(result, QImage):
                    self._finish(index, scale, result)
                else:
                    self._job = (index, scale, iter(result))
                    self._advance(index, scale, self._job[2])
                return

    def _advance(self, index: int, scale: float, steps: Iterator[QImage | None]) -> None:
        try:
            image = next(steps)
        except Exception:  # StopIteration without an image, or a broken page: leave it blank
            self._job = None
            self._pages[index].scale_rendered = scale
            self._timer.start()
            return
        if image is None:
            self._timer.start()  # more steps: next turn
            return
        self._job = None
        self._finish(index, scale, image)

    def _finish(self, index: int, scale: float, image: QImage) -> None:
        self._pages[index].set_image(image, scale)
        self.page_rendered.emit(index + 1)
        self._timer.start()  # more may be pending: next turn

    def render_visible_now(self) -> None:
        """Render every visible page synchronously (tests, screenshots)."""
        for _ in range(8 * (len(self._pages) + 2)):
            self._render_step()
            if not self._timer.isActive():
                break
            self._timer.stop()

    # ------------------------------------------------------------------ outlines
    def set_selection(self, page: int | None, bbox: BBox | None, *, scroll: bool = True) -> None:
        """Outline the selected cell (blue) and bring it into view."""
        for item in self._selection:
            self.scene().removeItem(item)
        self._selection = []
        if page is None or bbox is None or not (1 <= page <= len(self._pages)):
            return
        parent = self._pages[page - 1]
        self._selection.append(_outline(parent, bbox, SELECTION_COLOR, 2.0, 40, 20))
        if scroll:
            self.reveal(page, bbox)

    def selection_rect(self) -> tuple[int, QRectF] | None:
        """(page, rect in page points, without the padding) of the selection outline."""
        if not self._selection:
            return None
        item = self._selection[0]
        page = item.parentItem()
        x0, y0, x1, y1 = item.data(0)
        return page.index + 1, QRectF(x0, y0, x1 - x0, y1 - y0)

    def selection_scene_rect(self) -> QRectF | None:
        if not self._selection:
            return None
        item = self._selection[0]
        x0, y0, x1, y1 = item.data(0)
        return item.parentItem().mapRectToScene(QRectF(x0, y0, x1 - x0, y1 - y0))

    def set_marks(self, marks: Iterable[tuple[int, BBox, str]]) -> None:
        """Faint outlines for every finding location (page, bbox, severity)."""
        for item in self._marks:
            self.scene().removeItem(item)
        self._marks = []
        for page, bbox, severity in marks:
            if bbox is None or not (1 <= page <= len(self._pages)):
                continue
            color = SEVERITY_PEN.get(severity, SEVERITY_PEN["info"])
            faint = QColor(color)
            faint.setAlpha(150)
            self._marks.append(_outline(self._pages[page - 1], bbox, faint, 1.0, 28, 10))

    def set_focus(self, marks: Sequence[tuple[int, BBox, str]], *, scroll: bool = True) -> None:
        """Strong outlines for the activated finding: its cell and related places."""
        for item in self._focus:
            self.scene().removeItem(item)
        self._focus = []
        for page, bbox, severity in marks:
            if bbox is None or not (1 <= page <= len(self._pages)):
                continue
            color = SEVERITY_PEN.get(severity, SEVERITY_PEN["info"])
            self._focus.append(_outline(self._pages[page - 1], bbox, color, 2.5, 60, 15))
        if scroll and marks:
            page, bbox, _ = marks[0]
            if bbox is not None:
                self.reveal(page, bbox)

    def focus_rects(self) -> list[tuple[int, QRectF]]:
        out = []
        for item in self._focus:
            x0, y0, x1, y1 = item.data(0)
            out.append((item.parentItem().index + 1, QRectF(x0, y0, x1 - x0, y1 - y0)))
        return out

    def mark_count(self) -> int:
        return len(self._marks)

    def reveal(self, page: int, bbox: BBox) -> None:
        if not (1 <= page <= len(self._pages)):
            return
        x0, y0, x1, y1 = bbox
        rect = self._pages[page - 1].mapRectToScene(QRectF(x0, y0, x1 - x0, y1 - y0))
        area = self.mapToScene(self.viewport().rect()).boundingRect()
        if not area.adjusted(0, 20 / self._zoom, 0, -20 / self._zoom).contains(rect):
            # only scroll sideways when the place is not in view sideways (fit-width: never off the page)
            x = rect.center().x()
            if area.left() <= rect.left() and rect.right() <= area.right():
                x = area.center().x()
            elif self._fit_width:
                x = self.page_rect(page).center().x()
            self.centerOn(x, rect.center().y())
            self._center_page(page - 1)
        self._schedule()

    # ------------------------------------------------------------------ annotations
    def set_annotations(self, notes: Iterable[NoteMark]) -> None:
        """Show the auditor's notes: a short tag right of each place (full text in its tooltip);
        regions outlined."""
        for item in self._notes:
            self.scene().removeItem(item)
        self._notes = []
        stacks: dict[tuple[int, int, int], int] = {}
        for page, bbox, label, tooltip, is_region, *rest in notes:
            if bbox is None or not (1 <= page <= len(self._pages)):
                continue
            key = rest[0] if rest else None
            parent = self._pages[page - 1]
            if is_region:
                box = _outline(parent, bbox, NOTE_COLOR, 1.5, 30, 25)
                pen = box.pen()
                pen.setStyle(Qt.PenStyle.DashLine)
                box.setPen(pen)
                box.setToolTip(tooltip)
                box.setData(1, key)
                self._notes.append(box)
            at = (page, round(bbox[2]), round(bbox[1]))
            k = stacks.get(at, 0)
            stacks[at] = k + 1
            tag = _NoteLabel(parent, bbox[2] + 1, bbox[1], label, tooltip, k)
            tag.setData(1, key)
            tag.text.setData(1, key)
            self._notes.append(tag)

    def annotation_labels(self) -> list[tuple[int, str, QRectF]]:
        """(page, label, anchor rect in page points) of the note tags shown (tests, screenshots)."""
        out = []
        for item in self._notes:
            if isinstance(item, _NoteLabel):
                page = item.parentItem()
                out.append((page.index + 1, item.label, QRectF(item.pos(), item.pos())))
        return out

    def annotation_at(self, scene_pos: QPointF) -> str | None:
        """The key of the note tag (or region) at a scene point, if any."""
        view_pos = self.mapFromScene(scene_pos)
        for item in self.items(view_pos):
            key = item.data(1)
            if key:
                return key
        return None

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt override
        key = self.annotation_at(self.mapToScene(event.position().toPoint()))
        if key:
            self.annotation_activated.emit(key)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    # ------------------------------------------------------------------ region selection
    def set_region_mode(self, on: bool) -> None:
        """The 标注区域 tool: a drag selects a region instead of scrolling the page."""
        self._region_mode = bool(on)
        self.setDragMode(QGraphicsView.DragMode.NoDrag if on else QGraphicsView.DragMode.ScrollHandDrag)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.OpenHandCursor)

    def region_mode(self) -> bool:
        return self._region_mode

    def select_region(self, p0: QPointF, p1: QPointF) -> tuple[int, BBox] | None:
        """Scene points of a drag → (page, bbox in page points) clipped to the page where the
        drag started; emits `region_selected`. None when the drag is off-page or tiny."""
        for p in self._pages:
            a = p.mapFromScene(p0)
            if not p.rect().contains(a):
                continue
            b = p.mapFromScene(p1)
            r = p.rect()
            x0, x1 = sorted((max(r.left(), min(r.right(), a.x())), max(r.left(), min(r.right(), b.x()))))
            y0, y1 = sorted((max(r.top(), min(r.bottom(), a.y())), max(r.top(), min(r.bottom(), b.y()))))
            if x1 - x0 < MIN_REGION or y1 - y0 < MIN_REGION:
                return None
            bbox = (round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2))
            self.region_selected.emit(p.index + 1, *bbox)
            return p.index + 1, bbox
        return None

    def _band_update(self, pos: QPointF) -> None:
        if self._band_origin is None:
            return
        rect = QRectF(self._band_origin, pos).normalized()
        if self._band is None:
            self._band = QGraphicsRectItem(rect)
            pen = QPen(NOTE_COLOR, 1.5, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            self._band.setPen(pen)
            fill = QColor(NOTE_COLOR)
            fill.setAlpha(40)
            self._band.setBrush(QBrush(fill))
            self._band.setZValue(40)
            self.scene().addItem(self._band)
        else:
            self._band.setRect(rect)

    # ------------------------------------------------------------------ clicks
    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and (
                self._region_mode or event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self._band_origin = self.mapToScene(event.position().toPoint())
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._band_origin is not None:
            self._band_update(self.mapToScene(event.position().toPoint()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._band_origin is not None and event.button() == Qt.MouseButton.LeftButton:
            origin, self._band_origin = self._band_origin, None
            if self._band is not None:
                self.scene().removeItem(self._band)
                self._band = None
            end = self.mapToScene(event.position().toPoint())
            if self.select_region(origin, end) is None and (end - origin).manhattanLength() * self._zoom <= 4:
                self.click_at(end)  # a plain click with the tool on still selects the cell
            event.accept()
            return
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if (event.position() - press).manhattanLength() > 4:
            return  # a drag, not a click
        self.click_at(self.mapToScene(event.position().toPoint()))

    def click_at(self, scene_pos: QPointF) -> None:
        """Emit `region_clicked` for a scene point that falls on a page."""
        for p in self._pages:
            local = p.mapFromScene(scene_pos)
            if p.rect().contains(local):
                self.region_clicked.emit(p.index + 1, local.x(), local.y())
                return

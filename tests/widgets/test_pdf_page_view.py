from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage

from auditdesk.widgets.pdf_page_view import PdfPageView


def _render(calls):
    def render(index, scale):
        calls.append((index, scale))
        img = QImage(int(595 * scale), int(842 * scale), QImage.Format.Format_RGB888)
        img.fill(QColor("white"))
        return img
    return render


def test_lazy_render_selection_and_click(qtbot):
    view = PdfPageView()
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.show()
    calls = []
    view.set_pages([(595, 842)] * 30, _render(calls))
    view.render_visible_now()
    assert calls and len({i for i, _ in calls}) <= 3  # lazily: only what is visible (+1)
    view.set_zoom(1.0)
    view.set_selection(12, (100, 200, 180, 220))
    page, rect = view.selection_rect()
    assert page == 12 and (rect.x(), rect.y(), rect.width(), rect.height()) == (100, 200, 80, 20)
    scene = view.selection_scene_rect()
    assert scene.topLeft() == view.page_rect(12).topLeft() + QPointF(100, 200)
    view.render_visible_now()
    assert 11 in {i for i, _ in calls}  # scrolled to page 12 and rendered it
    assert view.current_page() in (11, 12, 13)
    with qtbot.waitSignal(view.region_clicked) as blocker:
        view.click_at(view.page_rect(3).topLeft() + QPointF(50.5, 60.25))
    assert blocker.args == [3, 50.5, 60.25]


def test_zoom_and_navigation(qtbot):
    view = PdfPageView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    view.set_pages([(595, 842)] * 5, _render([]))
    view.set_zoom(1.0)
    view.zoom_in()
    assert abs(view.zoom() - 1.25) < 1e-9
    view.zoom_out()
    view.go_to_page(4)
    assert view.current_page() == 4
    view.fit_width()
    assert view.is_fit_width() and view.zoom() > 0.5


def test_region_drag_and_note_tags(qtbot):
    from PySide6.QtCore import Qt

    view = PdfPageView()
    qtbot.addWidget(view)
    view.resize(700, 600)
    view.show()
    view.set_pages([(595, 842)] * 3, _render([]))
    view.set_zoom(1.0)
    view.render_visible_now()
    # Shift+drag with the mouse on page 1 → region_selected in page points
    top = view.page_rect(1).topLeft()
    p0 = view.mapFromScene(top + QPointF(100, 100))
    p1 = view.mapFromScene(top + QPointF(220, 160))
    with qtbot.waitSignal(view.region_selected) as blocker:
        qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, p0)
        from PySide6.QtGui import QMouseEvent
        from PySide6.QtCore import QEvent
        move = QMouseEvent(QEvent.Type.MouseMove, QPointF(p1), QPointF(view.viewport().mapToGlobal(p1)),
                           Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier)
        view.mouseMoveEvent(move)
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, p1)
    page, x0, y0, x1, y1 = blocker.args
    assert page == 1 and abs(x0 - 100) < 2 and abs(y0 - 100) < 2 and abs(x1 - 220) < 2 and abs(y1 - 160) < 2
    # a tiny drag is not a region
    assert view.select_region(top + QPointF(10, 10), top + QPointF(11, 11)) is None
    view.set_annotations([(2, (100, 200, 180, 220), "✓ 已核对", "tip", False),
                          (1, (10, 10, 90, 40), "✎", "region", True)])
    labels = view.annotation_labels()
    assert [(p, lab) for p, lab, _ in labels] == [(2, "✓ 已核对"), (1, "✎")]
    view.set_annotations([])
    assert view.annotation_labels() == []


def test_progressive_render_one_step_per_turn(qtbot):
    view = PdfPageView()
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.show()
    steps = []

    def render(index, scale):
        def gen():
            for k in range(3):
                steps.append((index, k))
                yield None
            img = QImage(int(595 * scale), int(842 * scale), QImage.Format.Format_RGB888)
            img.fill(QColor("white"))
            yield img
        return gen()

    view.set_pages([(595, 842)] * 4, render)
    view._timer.stop()
    view._render_step()
    assert steps == [(0, 0)] and view.rendered_pages() == []
    view.render_visible_now()
    assert 1 in view.rendered_pages()
    assert steps[:4] == [(0, 0), (0, 1), (0, 2), (1, 0)]  # one page at a time, a step per turn

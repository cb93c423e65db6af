"""Offline OCR fallback for scanned pages and pages whose text layer is garbled (issue 8).

Detection (`page_status`) needs nothing beyond the standard library and runs on every page.
Recognition needs the optional extra `ocr` (rapidocr-onnxruntime: its ONNX models ship
inside the wheel, nothing is downloaded at run time):

    pip install -e '.[ocr]'

A page to OCR is rendered with PyMuPDF at the scan's own resolution (150–200 dpi), grey,
with red ink (a 公章 over the figures) turned to paper. It is then straightened: deskewed by
the projection profile, turned a quarter when its detected text lines run up the page (a
sheet scanned sideways, no /Rotate), and half a turn when PP-OCR's direction classifier
reads its lines as upside-down. Ruling lines come from the page's vector drawings when it
has any (garbled-font pages keep theirs), else from the image by morphology that tolerates
faint, broken and uneven rules (`image_rules`). Text is detected once per page on a reduced
copy, each line recognised at its own width, and cut into words at wide gaps and at the
vertical rules it crosses; every word keeps its confidence (`OcrWord.conf`, the lowest
character probability). The result is an `OcrPage` (a `PageText(ocr=True)` in the upright
frame), so tables, grid and narrative work on it unchanged; `to_page_frame` maps the boxes
found on it back to the page as displayed. `ocr_pass` reads pages in parallel (one per core,
one ONNX Runtime thread each; the models are loaded once per process and shared), within a
pixel budget that bounds the memory.

`attach_confidence` then gives every table cell on an OCR page the confidence of the words
printed inside it (`Cell.confidence`; < `LOW_CONFIDENCE` means: let the auditor look).
"""
from __future__ import annotations

import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field, replace

from auditdesk.parsing.gc_pause import collecting
from auditdesk.parsing.model import LOW_CONFIDENCE, MAX_OCR_PAGES  # noqa: F401 - re-exported
from auditdesk.parsing.numbers import strip_format_chars
from auditdesk.parsing.pdf_text import PageText, Word, _merge

OCR_MODES = ("auto", "on", "off")
DPI = 200  # rendering resolution for recognition (9 pt text ≈ 25 px high)
MIN_SCAN_DPI = 100  # an embedded scan coarser than this is not worth reading (9 pt ≈ 12 px)
DET_PX_PER_PT = 1.5  # text detection resolution (an A4 page: 1260 px; 9 pt text ≈ 13 px)
DET_MAX_SIDE = 1800.0  # the detector's maps grow with its input: ~0.5 GB at 1800 px
MAX_PIXELS = 36_000_000  # largest page image read (A0 at 150 dpi: peak RSS ~0.9 GB); pages in flight share it
REC_BATCH = 1  # lines per recogniser call (see engine())
REC_MIN_WIDTH = 64  # px at the recogniser's 48 px height (RapidOCR pads every line to 320)
# detector post-processing (RapidOCR's defaults: 0.5 / 1.6 / 0.5)
DET_OPTIONS = {"box_thresh": 0.5, "unclip_ratio": 1.6, "text_score": 0.3}
ENABLE_HINT = "安装 OCR 扩展后可识别：pip install -e '.[ocr]'。"

# page status values (Document.page_status)
TEXT, OCR, NO_TEXT, GARBLED, LOW_RES = "text", "ocr", "no_text", "garbled", "low_res"
TOO_LARGE = "too_large"  # a page so large that even at MIN_SCAN_DPI its image exceeds MAX_PIXELS
OCR_LIMIT = "ocr_limit"  # a page that needed OCR but came after the document's OCR page cap


def ocr_limit_message(limit: int) -> str:
    return (f"本页需要 OCR 识别，但本次检查最多识别 {limit} 页（已达上限），本页未识别、其中的表格和数字未检查；"
            "如需识别，请用 --ocr-max-pages 调高上限。")


TOO_LARGE_MESSAGE = "本页幅面过大（A0 的两倍以上），按可识别的分辨率渲染会超出内存限制，未做 OCR；请按 A4/A3 分页扫描。"


# ---------------------------------------------------------------- detection

_CID = re.compile(r"\(cid:\d+\)")


# what a Chinese disclosure may really print (after NFKC); one class, so a page is counted in C
_IMPLAUSIBLE = re.compile(
    "[^\t\n\x20-\x7e"
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\u3000-\u303f"  # CJK punctuation
    "\uff00-\uffef"  # full-width forms
    "\u2000-\u206f"  # general punctuation (— ‘ ’ “ ” …)
    "\u00a0-\u00ff"  # Latin-1 (× ÷ ° ·)
    "\u2100-\u22ff"  # letterlike (℃ №), number forms (Ⅰ Ⅱ), arrows, maths (√)
    "\u2460-\u25ff"  # ① ⑴ ⒈, box drawing, geometric shapes (■ □ ● ○ ※)
    "★☆"
    "\u3200-\u32ff"  # ㈠ ㊀
    "\u0391-\u03c9"  # Greek letters (Σ, α)
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "]")
_CJK = re.compile("[\u4e00-\u9fff]")


def garbled_text(text: str) -> bool:
    """True when a page's text is mojibake: cid codes, private-use or replacement
    characters, control characters, or an implausible mix of scripts (what a subset font
    without /ToUnicode extracts as: raw glyph ids read as Indic, Syriac, CJK Ext-A …)."""
    text = "".join(text.split())
    if not text:
        return False
    cids = len(_CID.findall(text)) if "(cid:" in text else 0
    if cids:
        text = _CID.sub("", text)
    elif _IMPLAUSIBLE.search(text) is None:
        return False  # (nearly every page: one scan, no list of matches)
    bad = cids + len(_IMPLAUSIBLE.findall(text))
    n = cids + len(text)
    if bad >= 5 and bad > 0.15 * n:
        return True
    # a long page with no Chinese at all, and some garbage: still garbled
    return n > 200 and bad > 0 and _CJK.search(text) is None


def page_status(page: PageText) -> str:
    """TEXT for a usable text layer, NO_TEXT when there is none, GARBLED for mojibake."""
    if page.ocr:
        return OCR
    if not page.words:
        return NO_TEXT
    return GARBLED if garbled_text("".join(w.text for w in page.words)) else TEXT


# ---------------------------------------------------------------- engine

_ENGINE = None
_ENGINE_LOCK = threading.Lock()
_AVAILABLE: bool | None = None


def available() -> bool:
    """Whether the `ocr` extra is installed (rapidocr-onnxruntime importable)."""
    global _AVAILABLE
    if _AVAILABLE is None:
        try:
            import importlib.util

            _AVAILABLE = importlib.util.find_spec("rapidocr_onnxruntime") is not None
        except (ImportError, ValueError):
            _AVAILABLE = False
    return _AVAILABLE


def _threads() -> int:
    """ONNX Runtime intra-op threads per call: AUDITDESK_OCR_THREADS, else 1 when pages
    are read in parallel (one page per core), else all cores (-1)."""
    import os

    try:
        n = int(os.environ.get("AUDITDESK_OCR_THREADS", "0"))
    except ValueError:
        n = 0
    if n >= 1:
        return n
    return 1 if workers() > 1 else -1


def engine():
    """The shared RapidOCR engine (models loaded once, ~0.5 s, from the installed wheel)."""
    global _ENGINE
    with _ENGINE_LOCK:
        if _ENGINE is None:
            import logging

            from rapidocr_onnxruntime import RapidOCR

            logging.getLogger("RapidOCR").setLevel(logging.ERROR)
            # max_side_len: a 200 dpi A4 page is 2339 px; the default (2000) would shrink it.
            # text_score: keep doubtful lines (flagged by confidence) rather than drop them.
            # use_cls: not per line; the direction classifier is run once per page instead
            # on a few lines (`_upside_down`).
            from rapidocr_onnxruntime.utils import infer_engine

            # ONNX Runtime's worker threads spin while idle by default: on a 2-core laptop
            # that steals the UI thread's core. Let them sleep (same speed on an idle machine).
            base_opts = infer_engine.OrtInferSession._init_sess_opts

            def _opts(config):
                so = base_opts(config)
                so.add_session_config_entry("session.intra_op.allow_spinning", "0")
                so.enable_mem_pattern = False
                return so

            infer_engine.OrtInferSession._init_sess_opts = staticmethod(_opts)
            try:
                _ENGINE = RapidOCR(max_side_len=5000, text_score=0.3, use_cls=False, intra_op_num_threads=_threads())
            finally:
                infer_engine.OrtInferSession._init_sess_opts = staticmethod(base_opts)
            # detection on at most 2000 px (the default, 'min' 736, runs a 200 dpi page
            # at full size: 1.6× slower, no better); recognition still crops full size
            _ENGINE.text_det.limit_type = "max"
            # recognition: each line at its own width, one at a time. Measured with ONNX
            # Runtime on CPU (1 thread): a batch of 6 lines padded to a common width of at
            # least 320 px costs 27 ms a line, a line alone at its width (~130 px for a
            # figure) 7 ms: padding and the batch's larger tensors cost more than a batch saves
            _ENGINE.text_rec.rec_batch_num = REC_BATCH
            _ENGINE.text_rec.rec_image_shape = [3, 48, REC_MIN_WIDTH]
        return _ENGINE


# ---------------------------------------------------------------- image helpers


def _page_image(pdf_page, dpi: int, seals: list | None = None):
    """The page rendered grey at `dpi`, with red ink (a 公章 stamped over the figures)
    turned to paper: rendered in colour, a pixel whose red clearly exceeds its green and
    blue takes its red value (light), everything else its luminance. The boxes (px) of
    the seals found are appended to `seals`: print under a seal's solid ink may be lost."""
    import numpy as np
    import pymupdf

    color = _has_colour_image(pdf_page)
    pix = pdf_page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB if color else pymupdf.csGRAY, alpha=False)
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
    if not color:
        return arr[:, :, 0].copy()
    import cv2

    gray = cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)
    r = arr[:, :, 0].astype(np.int16)
    gb = np.maximum(arr[:, :, 1], arr[:, :, 2]).astype(np.int16)
    # JPEG's halved colour resolution leaves grey fringes round red strokes: widen the mask
    # (a black pixel inside it stays black: its red channel is dark too)
    red = cv2.dilate((r - gb > 30).astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    if red.any():
        # the stamp's own tone (most red pixels are the seal, not print under it) becomes
        # paper; print under the seal stays darker than that in proportion
        paper = float(np.percentile(gray[::4, ::4], 90))
        seal = max(float(np.median(r[red])), 1.0)
        gray[red] = np.clip(r[red].astype(np.float32) * (paper / seal), 0, 255).astype(np.uint8)
        if seals is not None:
            # a seal is a red mark at least 1/3 inch both ways (its ring, its star); red
            # print (a title, a note) is a line of text, not that tall
            big = dpi / 3
            _n, _lab, stats, _c = cv2.connectedComponentsWithStats(red.astype(np.uint8), connectivity=8)
            seals.extend((int(x), int(y), int(x + w), int(y + h)) for x, y, w, h, _a in stats[1:]
                         if w >= big and h >= big)
    return gray


def _has_colour_image(pdf_page) -> bool:
    try:
        return any(info.get("colorspace", 1) >= 3 for info in pdf_page.get_image_info())
    except Exception:
        return False


def scan_dpi(pdf_page) -> float | None:
    """Effective resolution of the largest image on the page (None: no image)."""
    best = None
    area = 0.0
    try:
        infos = pdf_page.get_image_info()
    except Exception:
        return None
    for info in infos:
        x0, y0, x1, y1 = info.get("bbox", (0, 0, 0, 0))
        w_pt, h_pt = abs(x1 - x0), abs(y1 - y0)
        if w_pt < 1 or h_pt < 1:
            continue
        if w_pt * h_pt > area:
            area = w_pt * h_pt
            best = min(info.get("width", 0) / (w_pt / 72.0), info.get("height", 0) / (h_pt / 72.0))
    return best


def estimate_skew(gray) -> float:
    """Skew angle in degrees (counter-clockwise positive) from the projection profile of
    the dark pixels: the angle at which rows of text and rules line up sharpest."""
    import numpy as np

    ys, xs = np.nonzero(gray < 128)
    if len(ys) < 500:
        return 0.0
    if len(ys) > 200_000:
        sel = np.random.default_rng(0).choice(len(ys), 200_000, replace=False)
        ys, xs = ys[sel], xs[sel]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - gray.shape[1] / 2

    def sharpness(deg: float) -> float:
        t = np.deg2rad(deg)
        proj = np.round(ys * np.cos(t) - xs * np.sin(t)).astype(np.int64)
        proj -= proj.min()
        h = np.bincount(proj)
        return float((h.astype(np.float64) ** 2).sum())

    coarse = np.arange(-2.0, 2.01, 0.2)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.2, best + 0.201, 0.02)
    return float(max(fine, key=sharpness))


_INK_SHARE = 0.78  # darker than this share of the paper's tone is ink (faint toner and grey paper too)


def _ink(gray):
    """Dark-on-paper mask (uint8 0/1). The threshold follows the paper's own tone, so
    grey paper, faint toner and a light rule all count as ink while noise does not."""
    import numpy as np

    paper = float(np.percentile(gray[::4, ::4], 90))
    return (gray < _INK_SHARE * paper).astype(np.uint8)


def image_rules(gray, scale: float, text_boxes: list | None = None) -> tuple[list, list]:
    """Horizontal and vertical ruling segments (PDF points) from a deskewed page image.

    Rules on scans are faint, broken (toner gaps) and of uneven thickness: gaps of up to
    ~4 pt are closed along the rule's direction, pieces ≥ 10 pt (vertical: 12.5 pt) kept,
    collinear pieces joined across gaps of up to 8 pt (vertical: 5 pt); a horizontal rule is at least 30 pt long, a vertical
    one ends on a horizontal rule (or is ≥ 60 pt long). Thick runs (filled blocks, text
    smeared by the closing) are not rules, nor is what lies inside `text_boxes` (detected
    text lines, as `Word`s in points)."""
    import cv2

    import numpy as np

    px = 1.0 / scale  # pixels per point
    gap = max(3, int(4 * px))
    piece = max(9, int(10 * px))  # longer than a stroke of 9 pt text
    thick = max(5, int(3.5 * px))
    paper = float(np.percentile(gray[::4, ::4], 90))
    # averaged along the rule's direction a faint, broken rule stays darker than the paper
    # while noise averages out (text smears into thick bands, dropped below)
    hmask = (cv2.blur(gray, (gap, 1)) < paper - 22).astype(np.uint8)
    hmask = cv2.morphologyEx(hmask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    hmask = cv2.morphologyEx(hmask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (piece, 1)))
    hmask &= ~cv2.morphologyEx(hmask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, thick))) & 1
    # vertical strokes of characters are as long as the text is high: a vertical piece
    # must be longer than a 9 pt character (and is smeared less)
    vpiece = max(12, int(12.5 * px))
    vmask = (cv2.blur(gray, (1, max(3, gap // 2))) < paper - 22).astype(np.uint8)
    # only small gaps are closed down the page: a wider closing would bridge the figures
    # of a column to the horizontal rules between them into one long vertical run;
    # a rule's longer toner gaps are bridged when its pieces are joined below
    vgap = max(3, int(1.8 * px))
    vmask = cv2.morphologyEx(vmask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vgap)))
    # (no thickness test here: right-aligned figures hug a column's rule, and the opening
    # already leaves only what runs ≥ vpiece down the page)
    vmask = cv2.morphologyEx(vmask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vpiece)))
    hr: list[tuple[float, float, float]] = []
    vr: list[tuple[float, float, float]] = []
    n, _, stats, _ = cv2.connectedComponentsWithStats(hmask, connectivity=8)
    for i in range(1, n):
        x, y, w, h, _a = stats[i]
        if h <= thick + 2:
            hr.append(((y + h / 2) * scale, x * scale, (x + w) * scale))
    n, _, stats, _ = cv2.connectedComponentsWithStats(vmask, connectivity=8)
    for i in range(1, n):
        x, y, w, h, _a = stats[i]
        if w <= thick + 2:
            vr.append(((x + w / 2) * scale, y * scale, (y + h) * scale))
    hr = [h for h in _merge(hr, tol=2.0, gap=8.0) if h[2] - h[1] >= 30]
    if text_boxes:
        # inside a detected text line: a character's stroke or a smeared line of text
        hr = [h for h in hr if not _inside_text(h, text_boxes, horizontal=True)]
        vr = [v for v in vr if not _inside_text(v, text_boxes, horizontal=False)]
    # a vertical rule of a grid runs through more than one row (a column's rule runs from
    # the header through the body); a lone piece about a row long is a hair, a stamp's
    # remnant or a character
    ys = sorted({round(h[0], 1) for h in hr})
    steps = sorted(b - a for a, b in zip(ys, ys[1:]) if b - a > 4)
    pitch = steps[len(steps) // 2] if steps else 14.0
    total: dict[int, float] = {}
    for x, a, b in vr:
        total[round(x / 3)] = total.get(round(x / 3), 0.0) + (b - a)
    vr = [v for v in vr if max(total.get(round(v[0] / 3) + d, 0.0) for d in (-1, 0, 1)) >= 1.5 * pitch]
    # a vertical rule of a grid ends on a horizontal rule; a stroke of a character does not
    vr = [v for v in _merge(vr, tol=2.0, gap=max(6.0, 9 * scale)) if v[2] - v[1] >= 60 or (v[2] - v[1] >= 8 and _meets(v, hr, tol=4.0))]
    vr = _merge(_extend_faint(gray, vr, hr, scale, paper, 2.2 * pitch, max(5.0, 0.6 * pitch)), tol=2.0, gap=0.5)
    vr = _bridge(vr, text_boxes or [], 1.3 * pitch, 2.2 * pitch)
    # a rule ends where it meets another: an end a toner gap stopped short is extended
    return _snap(hr, vr), _snap(vr, hr)


def _extend_faint(gray, vr: list, hr: list, scale: float, paper: float, seed: float, close: float = 5.0) -> list:
    """Follow each vertical rule past its ends, within the table (the horizontal rules it
    crosses), where it goes on fainter than the mask's threshold or after a toner gap of up
    to `close` points: a rule that fades out of the toner still runs darker than the paper
    beside it. A column's rule lost in the body would merge two columns of figures, in the
    header two column names. An extension ends on a horizontal rule, and starts only from
    a rule that is one for sure: longer than `seed`, or a whole cell's side (rule to rule);
    the strokes of figures set one under another line up too, and would extend a stroke."""
    import numpy as np

    px = 1.0 / scale
    h_img, w_img = gray.shape
    half = max(1, int(0.5 * px))
    off = max(half + 3, int(2.5 * px))  # paper beside the rule, clear of its blur
    out = []
    for x, a, b in vr:
        ys = [y for y, h0, h1 in hr if h0 - 3 <= x <= h1 + 3]
        xi = int(round(x * px))
        if len(ys) < 2 or xi - off - half < 0 or xi + off + half >= w_img:
            out.append((x, a, b))
            continue
        top, bot = min(ys), max(ys)
        sure = b - a >= seed or (any(abs(y - a) <= 2.5 for y in ys) and any(abs(y - b) <= 2.5 for y in ys))
        if (a <= top + 2 and b >= bot - 2) or not sure:
            out.append((x, a, b))
            continue
        y0, y1 = max(0, int(top * px)), min(h_img, int(bot * px) + 1)
        line = gray[y0:y1, xi - half:xi + half + 1].min(axis=1).astype(np.int16)
        left = gray[y0:y1, xi - off - half:xi - off + half + 1].mean(axis=1)
        right = gray[y0:y1, xi + off - half:xi + off + half + 1].mean(axis=1)
        dark = (np.maximum(left, right) - line) >= max(20.0, 0.08 * paper)
        # runs of dark rows, gaps up to `close` closed
        idx = np.flatnonzero(dark)
        runs: list[list[float]] = []
        for k in idx:
            yy = (y0 + k) * scale
            if runs and yy - runs[-1][1] <= close:
                runs[-1][1] = yy
            else:
                runs.append([yy, yy])
        a2, b2 = a, b
        for r0, r1 in reversed(runs):  # upwards from the rule's top
            if r1 >= a2 - close and r0 < a2:
                a2 = r0
        for r0, r1 in runs:  # downwards from its bottom
            if r0 <= b2 + close and r1 > b2:
                b2 = r1
        # a rule runs from one horizontal rule to another: an extension that stops short of
        # the next one is a character's stroke in the cell beyond, not the rule
        a2 = min((y for y in ys if a2 - 2.5 <= y < a), default=a)
        b2 = max((y for y in ys if b < y <= b2 + 2.5), default=b)
        out.append((x, a2, b2))
    return out


def _bridge(vr: list, text: list, longest: float, min_len: float) -> list:
    """Join two long collinear pieces of a vertical rule across a gap of about a row (a
    toner gap, a seal's ink taken out) unless text runs across the gap: only there is a
    missing piece a merged cell (a label centred over two columns)."""
    out: list[list[float]] = []
    for x, a, b in sorted(vr, key=lambda v: (round(v[0] / 2), v[1])):
        prev = out[-1] if out else None
        if (
            prev is not None
            and abs(prev[0] - x) <= 2.0
            and 0 < a - prev[2] <= longest
            and prev[2] - prev[1] >= min_len
            and b - a >= min_len
            and not any(w.x0 < x - 1 and w.x1 > x + 1 and w.y1 > prev[2] and w.y0 < a for w in text)
        ):
            prev[2] = b
            continue
        out.append([x, a, b])
    return [tuple(v) for v in out]


def _snap(segs: list, cross: list, reach: float = 8.0) -> list:
    """Extend each segment's ends to the nearest crossing rule within `reach` points."""
    out = []
    for pos, a, b in segs:
        near = [c for c, lo, hi in cross if lo - 2 <= pos <= hi + 2]
        a2 = min((c for c in near if a - reach <= c < a), default=a)
        b2 = max((c for c in near if b < c <= b + reach), default=b)
        out.append((pos, a2, b2))
    return out


def _meets(v: tuple[float, float, float], hr: list, tol: float = 3.0) -> bool:
    x, y0, y1 = v
    return any(a - tol <= x <= b + tol and (abs(y - y0) <= tol or abs(y - y1) <= tol) for y, a, b in hr)


def _inside_text(seg: tuple[float, float, float], words: list[Word], horizontal: bool, slack: float = 0.5) -> bool:
    """A "rule" lying within text (one word, or the stacked lines of a wrapped cell) is a
    stroke of a (large, bold) character, not a rule."""
    pos, a, b = seg
    length = max(b - a, 1e-6)
    spans = []
    for w in words:
        if horizontal:
            if w.y0 - 0.5 <= pos <= w.y1 + 0.5:
                spans.append((w.x0 - 1 - slack, w.x1 + 1 + slack))
        elif w.x0 - 0.5 - slack <= pos <= w.x1 + 0.5 + slack:
            spans.append((w.y0 - 1, w.y1 + 1))
    if not spans:
        return False
    covered = 0.0
    end = a
    for lo, hi in sorted(spans):
        lo, hi = max(lo, end), min(hi, b)
        if hi > lo:
            covered += hi - lo
            end = hi
    return covered >= 0.8 * length


# ---------------------------------------------------------------- words


@dataclass(slots=True)
class OcrWord(Word):
    """A word read by OCR; `conf` is its lowest character probability (0–1)."""

    conf: float = 1.0


# Look-alike characters the recogniser confuses, fixed only inside words a disclosure
# prints (收人 is never meant, 收入 always is).
_LOOKALIKES = {
    "收人": "收入", "投人": "投入", "转人": "转入", "列人": "列入", "纳人": "纳入", "拨人": "拨入",
    "调人": "调入", "人账": "入账", "入员": "人员", "个入": "个人", "入民": "人民", "入大": "人大",
    "法入": "法人", "入口": "人口", "入事": "人事", "入才": "人才", "入均": "人均",
    "支岀": "支出", "决箅": "决算", "预箅": "预算", "箅": "算",
}
_BAD_GROUPING = re.compile(r"-?\d[\d,]*,[\d,]*(\.\d+)?")  # an amount with thousands separators …
_GOOD_GROUPING = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")  # … printed correctly
_LOOKALIKE_RE = re.compile("|".join(sorted(map(re.escape, _LOOKALIKES), key=len, reverse=True)))


def _clean_token(text: str) -> str:
    text = strip_format_chars(unicodedata.normalize("NFKC", text)).strip()
    text = re.sub("、{2,}", "、", text)
    text = re.sub("表{2,}$", "表", text)  # the recogniser doubling a title's last character
    # a middle dot between or after Chinese characters is a speck of dust
    text = re.sub(r"(?<=[\u4e00-\u9fff])[·•]+|[·•]+(?=[\u4e00-\u9fff])", "", text)
    text = _LOOKALIKE_RE.sub(lambda m: _LOOKALIKES[m.group(0)], text)
    # a bar at either end is a piece of a cell's rule read with the text ("|40"): no
    # disclosure prints one
    text = text.strip("|丨｜").strip()
    # the recogniser cannot tell an opening quote from a closing one ("”三公”"): in a
    # word holding both, they alternate, opening first
    quotes = [m.start() for m in re.finditer('["“”]', text)]
    if len(quotes) >= 2 and len(quotes) % 2 == 0:
        chars = list(text)
        for k, at in enumerate(quotes):
            chars[at] = "“" if k % 2 == 0 else "”"
        text = "".join(chars)
    # "一" read as a dash: a single dash glued to a Chinese character ("—般公共服务")
    text = re.sub(r"(?<![—\-－―])[—－―](?![—\-－―])(?=[\u4e00-\u9fff、])", "一", text)
    # a "；" or "。" read as a colon after a percentage ("占3.02%:卫生健康…", "…的0%:" at a
    # line's end): no disclosure introduces anything with a percentage, and the sentence
    # split (so each finding's sentence) depends on the stop
    text = re.sub(r"(?<=[%％])[:：](?=[\u4e00-\u9fff]|$)", "；", text)
    # a decimal point read as a colon or a middle dot ("384:51"); a dot of dust at either
    # end of a figure ("·32.50")
    text = re.sub(r"(?<=\d)[:：·•](?=\d{2}(?!\d))", ".", text)
    if any(ch.isdigit() for ch in text):
        text = re.sub(r"^[·•]+(?=[-\d])|(?<=\d)[·•]+$", "", text)
        # a dash after a figure is a piece of the rule beside it ("377.70-"): no figure ends so
        # (a page number "-3-" keeps its dashes)
        if not re.match(r"^[-—－―]", text):
            text = re.sub(r"(?<=\d)[-—－―]+$", "", text)
    if any(ch.isdigit() for ch in text) and re.fullmatch(r"[-\d.,，。OoIli()%]+", text):
        # OCR confusions inside figures: O→0, I/l/i→1, Chinese comma/period
        text = text.translate(str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "i": "1", "，": ",", "。": "."}))
        # a speck of dust beside a figure reads as a point: no figure begins or ends with one
        text = text.strip(".")
        if text.count(".") > 1:  # "1.234.56" – thousands separator read as a point
            head, _, tail = text.rpartition(".")
            text = head.replace(".", ",") + "." + tail
    return text


_RULE_LIKE = set("|丨｜Il1[]!")
_FIGURE_CHARS = set("0123456789.,")


def _line_words(item, scale: float, vx: list[float] = (), gap_factor: float = 0.9, long_vx: list[float] = ()) -> list[OcrWord]:
    """One RapidOCR result line → words in PDF points, split at wide gaps and at vertical
    rules `vx` (points); a bar-like character sitting on a rule is the rule itself. At a
    long rule (`long_vx`, a column's) the line is split between the characters either side
    of it even where their estimated boxes overlap it: no character straddles a rule."""
    box, text, score = item[0], item[1], float(item[2])
    ys = [p[1] for p in box]
    xs = [p[0] for p in box]
    y0, y1 = min(ys) * scale, max(ys) * scale
    height = max(y1 - y0, 1.0)
    chars: list[tuple[float, float, str, float]] = []  # x0, x1 (pt), char, conf
    if len(item) >= 6 and item[3] and item[4] and len(item[3]) == len(item[4]):
        confs = list(item[5]) if item[5] else []
        # conf_list follows the decoded characters (incl. spaces) in order
        ci = 0
        for wbox, content in zip(item[3], item[4]):
            bx0 = min(p[0] for p in wbox) * scale
            bx1 = max(p[0] for p in wbox) * scale
            content = str(content)
            k = max(len(content), 1)
            for j, ch in enumerate(content):
                c = confs[ci] if ci < len(confs) else score
                ci += 1
                chars.append((bx0 + (bx1 - bx0) * j / k, bx0 + (bx1 - bx0) * (j + 1) / k, ch, float(c)))
    if not chars or "".join(c[2] for c in chars).replace(" ", "") != text.replace(" ", ""):
        # no character boxes: spread the characters over the line, full-width 1 em
        lx0, lx1 = min(xs) * scale, max(xs) * scale
        weights = [1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text]
        total = sum(weights) or 1.0
        pos = lx0
        chars = []
        for ch, wgt in zip(text, weights):
            w = (lx1 - lx0) * wgt / total
            chars.append((pos, pos + w, ch, score))
            pos += w
    words: list[OcrWord] = []
    cur: list[tuple[float, float, str, float]] = []

    def flush() -> None:
        if not cur:
            return
        if vx:  # inside a table: a figure and a label run together are two cells' text
            parts = _split_mixed(cur)
            if len(parts) > 1:
                for part in parts:
                    cur[:] = part
                    flush()
                return
        t = _clean_token("".join(c[2] for c in cur))
        if t:
            conf = min(c[3] for c in cur)
            if t.startswith("、") and len(t) > 1 and not words:
                # "、一般公共预算…": the 一 of "一、" (one stroke, like a dash or a rule) was
                # lost; no other numeral is. Restored, but flagged for the auditor's eye
                t, conf = "一" + t, min(conf, LOW_CONFIDENCE - 0.01)
            if re.fullmatch(r"\d+\.\d{3,}", t) and len(t) - 1 in (5, 7):
                # "221.0201": no amount has four decimals; a 科目 code with a speck in it
                t, conf = t.replace(".", ""), min(conf, LOW_CONFIDENCE - 0.01)
            if _BAD_GROUPING.fullmatch(t) and not _GOOD_GROUPING.fullmatch(t):
                conf = min(conf, 0.5)  # "5,01.40": a digit lost, however sure the recogniser is
            words.append(OcrWord(x0=cur[0][0], y0=y0, x1=cur[-1][1], y1=y1, text=t, conf=round(conf, 4)))
        cur.clear()

    prev = ""
    for c in chars:
        if c[2] == "、" and prev == "、":  # the recogniser doubling an enumeration comma
            continue
        if c[2] == "。" and prev == "。" and c[3] < LOW_CONFIDENCE:  # … or a full stop, unsure of the second
            continue
        prev = c[2]
        if c[2].isspace():
            flush()
            continue
        xc = (c[0] + c[1]) / 2
        if c[2] in _RULE_LIKE and any(abs(xc - x) <= 2.0 for x in vx):
            flush()
            continue
        # a short "rule" between two characters of a figure is a stroke (digits set one
        # under another line up), not a cell's side: a figure never spans two cells
        in_figure = bool(cur) and cur[-1][2] in _FIGURE_CHARS and c[2] in _FIGURE_CHARS
        if cur and (
            c[0] - cur[-1][1] > gap_factor * height
            or any(cur[-1][1] - 1 <= x <= c[0] + 1 and (x in long_vx or not in_figure) for x in vx)
            or any((cur[-1][0] + cur[-1][1]) / 2 < x < xc for x in long_vx)
        ):
            flush()
        cur.append(c)
    flush()
    return words


_FIGURE_OR_CODE = re.compile(r"^(-?\d{1,3}(,\d{3})*\.\d{2}|-?\d+\.\d{2}|\d{3}|\d{5}|\d{7})$")


def _split_mixed(chars: list) -> list:
    """A figure (two decimals) or a subject code (3/5/7 digits) run together with a label
    ("0.07八、社会保障…", "2060799其他…", "合计1,112.14"): the detector boxed two cells as one
    line where their rule was lost. Split where the digits meet the Chinese text."""
    text = "".join(c[2] for c in chars)
    m = re.match(r"^([-\d.,]+)(?=[\u4e00-\u9fff])", text)
    if m and _FIGURE_OR_CODE.match(m.group(1)):
        k = len(m.group(1))
        return [chars[:k], chars[k:]]
    m = re.search(r"(?<=[\u4e00-\u9fff])([-\d.,]+)$", text)
    if m and _FIGURE_OR_CODE.match(m.group(1)):
        k = m.start(1)
        return [chars[:k], chars[k:]]
    return [chars]


def _crosses(vsegs, x0: float, x1: float, y: float, tol: float = 2.0) -> bool:
    """A vertical rule (x, y0, y1) runs between x0 and x1 at height y."""
    return any(x0 - tol <= x <= x1 + tol and a - tol <= y <= b + tol for x, a, b in vsegs)


def _merge_boxes(boxes, vsegs: list, recovered: list[bool] | None = None):
    """Join detected boxes on one text line separated by less than ~0.8 line heights and
    no vertical rule: the detector cuts "二、" off "政府性基金收入", and the recogniser, given
    the short piece alone, drops the "、". Words are split again at real gaps afterwards.
    Returns (boxes, recovered): a joined box counts as recovered only if all its parts were."""
    import numpy as np

    flags = list(recovered) if recovered is not None else [False] * len(boxes)
    rects = [
        [float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 0].max()), float(b[:, 1].max()), fl]
        for b, fl in zip(boxes, flags)
    ]
    out: list[list] = []
    for r in sorted(rects, key=lambda r: r[0]):
        h = r[3] - r[1]
        for o in out:
            oh = o[3] - o[1]
            overlap = min(o[3], r[3]) - max(o[1], r[1])
            gap = r[0] - o[2]
            # a short piece on the left ("九", "十三") is an enumeration whose "、" the
            # detector left in the gap: join across a wider gap
            reach = 1.4 if o[2] - o[0] < 2.2 * oh else 0.8
            # no rule between them, nor a cell's side (a long rule) between their centres:
            # a box the detector drew a little wide reaches over its cell's rule, and the
            # second line of a wrapped name then overlaps the next cell's text with no
            # rule in the "gap" (read as one line, the name lost its second line)
            yc = (max(o[1], r[1]) + min(o[3], r[3])) / 2
            if (
                overlap > 0.6 * min(h, oh)
                and -1.5 * min(h, oh) < gap < reach * min(h, oh)
                and not _crosses(vsegs, min(o[2], r[0]), max(o[2], r[0]), yc)
                and not _crosses([v for v in vsegs if v[2] - v[1] > 2.5 * min(h, oh)],
                                 min(o[0] + o[2], r[0] + r[2]) / 2, max(o[0] + o[2], r[0] + r[2]) / 2, yc, 0.0)
            ):
                o[2] = max(o[2], r[2])
                o[1], o[3] = min(o[1], r[1]), max(o[3], r[3])
                o[4] = o[4] and r[4]
                break
        else:
            out.append(list(r))
    out.sort(key=lambda r: (r[1], r[0]))
    return (
        [np.array([[a, b], [c, b], [c, d], [a, d]], dtype=np.float32) for a, b, c, d, _f in out],
        [bool(r[4]) for r in out],
    )


def _recover_missed(gray, boxes, hr_px: list, vr_px: list, px_per_pt: float):
    """Ink the detector left out, attached to the box beside it or boxed on its own.

    PP-OCR's detector misses short enumerations printed in front of a label ("一、" — a
    stroke like a rule and a dot — or "九、"), and lone dashes in empty cells. Ink that is
    neither inside a detected box nor part of a ruling line is clustered; a cluster just
    left/right of a box on the same line widens that box, any other becomes a box."""
    import cv2
    import numpy as np

    if not boxes:
        return boxes
    h_img, w_img = gray.shape
    ink = _ink(gray)
    mask = np.zeros_like(ink)
    # rules (a faint rule's stray pieces too) and the ink around each box (glyph edges
    # the box left out) are not missed text
    lw = max(7, int(2.5 * px_per_pt))
    for y, a, b in hr_px:
        cv2.line(mask, (int(a) - lw, int(round(y))), (int(b) + lw, int(round(y))), 1, lw)
    for x, a, b in vr_px:
        cv2.line(mask, (int(round(x)), int(a) - lw), (int(round(x)), int(b) + lw), 1, lw)
    rects = [[float(bx[:, 0].min()), float(bx[:, 1].min()), float(bx[:, 0].max()), float(bx[:, 1].max())] for bx in boxes]
    line_h = float(np.median([r[3] - r[1] for r in rects]))
    # above and below a box: glyph edges it cut off; beside it: maybe a missed "一、"
    m = max(2, int(0.2 * line_h))
    for x0, y0, x1, y1 in rects:
        mask[max(0, int(y0) - m):int(y1) + m + 1, max(0, int(x0) - 2):int(x1) + 3] = 1
    left = ink & (1 - mask)
    n, _, stats, _ = cv2.connectedComponentsWithStats(left, connectivity=8)
    min_area = max(6, int(1.0 * px_per_pt * px_per_pt))
    comps = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < min_area or max(w, h) < 1.4 * px_per_pt or h > 1.5 * line_h:
            continue
        comps.append([x, y, x + w, y + h])
    if not comps:
        return boxes
    comps.sort(key=lambda c: c[0])
    clusters: list[list[int]] = []
    for c in comps:
        for k in clusters:
            yc = (c[1] + c[3]) / 2
            if k[1] - 0.3 * line_h <= yc <= k[3] + 0.3 * line_h and c[0] - k[2] < 0.6 * line_h:
                k[0], k[1], k[2], k[3] = min(k[0], c[0]), min(k[1], c[1]), max(k[2], c[2]), max(k[3], c[3])
                break
        else:
            clusters.append(list(c))
    for k in clusters:
        kh, kw = k[3] - k[1], k[2] - k[0]
        if kh < 0.15 * line_h and kw < 0.3 * line_h:
            continue  # a speck
        yc = (k[1] + k[3]) / 2
        attached = False
        for r in rects:
            if not (r[1] - 2 <= yc <= r[3] + 2):
                continue
            if -2 <= r[0] - k[2] <= 1.2 * line_h and not _crosses(vr_px, k[2], r[0], yc, 1.0):
                r[0] = min(r[0], k[0] - 2)
                attached = True
                break
            if -2 <= k[0] - r[2] <= 1.2 * line_h and not _crosses(vr_px, r[2], k[0], yc, 1.0):
                r[2] = max(r[2], k[2] + 2)
                attached = True
                break
        if not attached:
            pad = 0.3 * line_h
            rects.append([max(0.0, k[0] - pad), max(0.0, yc - line_h / 2), min(w_img - 1.0, k[2] + pad), min(h_img - 1.0, yc + line_h / 2)])
    return [np.array([[a, b], [c, b], [c, d], [a, d]], dtype=np.float32) for a, b, c, d in rects]


def _crops(gray, boxes):
    """Axis-aligned crops of the grey image as the recogniser's 3-channel input. A crop
    much taller than wide (one digit) is widened with the paper around it: RapidOCR's own
    cropper turns such a crop on its side, and the digit is misread."""
    import numpy as np

    h_img, w_img = gray.shape
    out, used = [], []
    for b in boxes:
        x0, y0 = max(0, int(b[:, 0].min())), max(0, int(b[:, 1].min()))
        x1, y1 = min(w_img, int(np.ceil(b[:, 0].max()))), min(h_img, int(np.ceil(b[:, 1].max())))
        x1, y1 = max(x1, x0 + 2), max(y1, y0 + 2)
        if (y1 - y0) > 1.4 * (x1 - x0):
            pad = int(((y1 - y0) / 1.4 - (x1 - x0)) / 2) + 1
            x0, x1 = max(0, x0 - pad), min(w_img, x1 + pad)
        crop = gray[y0:y1, x0:x1]
        # a margin of paper left and right: a character at the very edge of a crop (the
        # "一" of "一、…" hard by a cell's rule) is often dropped by the recogniser
        m = max(2, int(0.25 * (y1 - y0)))
        paper = int(np.percentile(crop, 90)) if crop.size else 255
        crop = np.pad(crop, ((0, 0), (m, m)), constant_values=paper)
        out.append(np.ascontiguousarray(np.repeat(crop[:, :, None], 3, axis=2)))
        used.append(np.array([[x0 - m, y0], [x1 + m, y0], [x1 + m, y1], [x0 - m, y1]], dtype=np.float32))
    return out, used


def _detect(eng, gray, px_per_pt: float):
    """Text boxes (full-resolution pixels) from one detector run on a reduced copy: the
    detector needs ~`DET_PX_PER_PT` px per point (9 pt text ≈ 15 px); more costs time
    and memory (its maps are full size) and finds nothing more."""
    import cv2

    det = eng.text_det
    det.postprocess_op.box_thresh = DET_OPTIONS["box_thresh"]
    det.postprocess_op.unclip_ratio = DET_OPTIONS["unclip_ratio"]
    import numpy as np

    h, w = gray.shape[:2]
    side = min(DET_MAX_SIDE, max(800.0, DET_PX_PER_PT * max(h, w) / px_per_pt))
    f = min(1.0, side / max(h, w))
    small = cv2.resize(gray, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA) if f < 1 else gray
    boxes, _ = eng.auto_text_det(np.repeat(small[:, :, None], 3, axis=2))
    if boxes is None or len(boxes) == 0:
        return []
    return [b / f for b in boxes] if f < 1 else list(boxes)


def _sideways(boxes) -> bool:
    """Text lines run up/down the image: most of the length of elongated boxes is in tall
    boxes (a page scanned sideways)."""
    wide = tall = 0.0
    for b in boxes:
        w = float(b[:, 0].max() - b[:, 0].min())
        h = float(b[:, 1].max() - b[:, 1].min())
        if w > 1.8 * h:
            wide += w
        elif h > 1.8 * w:
            tall += h
    return tall > 1.5 * wide and tall > 0


def _upside_down(eng, gray, boxes) -> bool:
    """PP-OCR's direction classifier on the widest text lines: most say 180°."""
    boxes = sorted(boxes, key=lambda b: float(b[:, 0].max() - b[:, 0].min()), reverse=True)[:24]
    if not boxes:
        return False
    crops, _ = _crops(gray, boxes)
    _imgs, res, _t = eng.text_cls(list(crops))
    up = sum(float(sc) for lab, sc in res if "180" not in lab)
    down = sum(float(sc) for lab, sc in res if "180" in lab)
    return down > 1.5 * up


def _affine(m):
    import numpy as np

    return np.vstack([np.asarray(m, dtype=np.float64).reshape(2, 3), [0.0, 0.0, 1.0]])


def _turn(gray, k: int):
    """Rotate the image k × 90° counter-clockwise; returns (image, 3×3 pixel map old → new)."""
    import numpy as np

    h, w = gray.shape
    k %= 4
    if k == 0:
        return gray, np.eye(3)
    out = np.ascontiguousarray(np.rot90(gray, k))
    if k == 1:
        m = [[0, 1, 0], [-1, 0, w - 1]]
    elif k == 2:
        m = [[-1, 0, w - 1], [0, -1, h - 1]]
    else:
        m = [[0, -1, h - 1], [1, 0, 0]]
    return out, _affine(m)


def _straighten(gray, k: int):
    """Turn by k × 90°, then deskew. Returns (upright image, 3×3 map raw px → upright px)."""
    import cv2

    img, t = _turn(gray, k)
    skew = estimate_skew(img)
    if abs(skew) < 0.05:
        return img, t
    h, w = img.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return img, _affine(m) @ t


def _map_boxes(boxes, m):
    import numpy as np

    out = []
    for b in boxes:
        p = np.hstack([b.astype(np.float64), np.ones((len(b), 1))]) @ m.T
        out.append(p[:, :2].astype(np.float32))
    return out


def _rect_quad(b):
    import numpy as np

    x0, y0, x1, y1 = float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 0].max()), float(b[:, 1].max())
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32)


def _recognise(eng, gray, boxes, hr_px: list, vr_px: list, px_per_pt: float) -> list:
    """Recognise the detected boxes (missed ink recovered and boxes merged along text
    lines first). Items: [box, text, score, char boxes, characters, character
    confidences], as RapidOCR's own `engine(img, return_word_box=True)` gives them; a
    box recovered from leftover ink is trusted only when read with some confidence."""
    n_det = len(boxes)
    boxes = _recover_missed(gray, list(boxes), hr_px, vr_px, px_per_pt)
    recovered = [False] * n_det + [True] * (len(boxes) - n_det)
    boxes, recovered = _merge_boxes(boxes, vr_px, recovered)
    if not boxes:
        return []
    crops, boxes = _crops(gray, boxes)
    rec, _ = eng.text_rec(crops, True)
    rec = eng.cal_rec_boxes(crops, boxes, rec)
    out = []
    for box, crop, r, rc in zip(boxes, crops, rec, recovered):
        floor = 0.6 if rc else DET_OPTIONS["text_score"]
        if rc and _ZERO_LOOKALIKE.fullmatch(str(r[0]).replace("0", "o")) and _ring(crop):
            # a lone 0 in a cell, missed by the detector, is read "o" with little
            # confidence; its ink is a closed ring, which dust never is. Kept with the
            # recogniser's own confidence (low: the auditor checks it)
            floor = DET_OPTIONS["text_score"]
        if r[0] and float(r[1]) >= floor:
            out.append([box.tolist(), *r])
    return out


def _ring(crop) -> bool:
    """Does the crop's ink hold a closed loop (the counter of a 0, o, 〇) at least a fifth
    of the crop's height across? Specks and strokes of dust have no hole."""
    import cv2
    import numpy as np

    g = crop[:, :, 0] if crop.ndim == 3 else crop
    if g.size == 0:
        return False
    paper = float(np.percentile(g, 90))
    ink = (g < _INK_SHARE * paper).astype(np.uint8)
    contours, hier = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hier is None:
        return False
    least = 0.2 * g.shape[0]
    for c, hh in zip(contours, hier[0]):
        if hh[3] >= 0:  # a hole inside an outer contour
            _x, _y, w, h = cv2.boundingRect(c)
            if h >= least and w >= 0.5 * least:
                return True
    return False


# ---------------------------------------------------------------- one page


@dataclass(slots=True)
class OcrPage(PageText):
    """An OCR'd page. Words and rules are in the upright, deskewed frame the tables are
    built in; `frame` maps that frame back to the page as displayed (x' = a·x + b·y + c,
    y' = d·x + e·y + f, PDF points), and `page_size` is the displayed page's size."""

    frame: tuple[float, float, float, float, float, float] = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
    page_size: tuple[float, float] = (0.0, 0.0)
    turned: int = 0  # degrees the scan was turned back (0, 90, 180, 270)
    seals: tuple = ()  # boxes of red seals stamped on the page (upright frame, points)


def ocr_page(pdf_page, base: PageText | None = None, dpi: int = DPI, cancelled=None) -> PageText:
    """Read one PyMuPDF page by OCR → `OcrPage` (a `PageText(ocr=True)`) with `OcrWord`s.

    `base` is the page as read from its text layer: its ruling lines (vector drawings) are
    kept when it has any and the page is straight; otherwise rules come from the image."""
    *job, seals = _render_job(pdf_page, base)
    return read_image(*job, cancelled, seals=seals)


def read_image(gray, scale: float, number: int, page_size: tuple[float, float], rules=None, cancelled=None,
               seals=()) -> OcrPage:
    """The OCR of one page image (grey, `scale` points per pixel): straighten it (turn a
    sideways or upside-down scan by its text direction, deskew), find the rules, detect
    and recognise the text, and cut it into words. Safe to run in a worker thread (no
    PyMuPDF inside; ONNX Runtime and OpenCV release the GIL)."""
    import numpy as np

    eng = engine()
    px_per_pt = 1.0 / scale
    img, m = _straighten(gray, 0)
    skewed = not np.allclose(m, np.eye(3))
    boxes = _detect(eng, img, px_per_pt)
    turned = 0
    if _sideways(boxes):
        img, m = _straighten(gray, 1)
        turned = 90
        skewed = True
        boxes = _detect(eng, img, px_per_pt)
    if cancelled is not None and cancelled():
        from auditdesk.parsing.errors import Cancelled

        raise Cancelled()
    if boxes and _upside_down(eng, img, boxes):
        img, t = _turn(img, 2)
        boxes = [_rect_quad(b) for b in _map_boxes(boxes, t)]
        m = t @ m
        turned = (turned + 180) % 360
        skewed = True
    # a garbled page's drawings are its rules (when the image is the page as drawn); a page
    # of outlined text draws its glyphs as paths too, so its rules come from the image
    if rules is not None and not skewed:
        hr, vr = rules
    else:
        hr, vr = image_rules(img, scale, _text_cores(boxes, scale))
    hr_px = [(y / scale, a / scale, b / scale) for y, a, b in hr]
    vr_px = [(x / scale, a / scale, b / scale) for x, a, b in vr]
    words: list[Word] = []
    for item in _recognise(eng, img, boxes, hr_px, vr_px, px_per_pt):
        # the vertical rules this line crosses (a rule elsewhere on the page does not cut it)
        ys = [p[1] * scale for p in item[0]]
        yc = (min(ys) + max(ys)) / 2
        vx = sorted({round(x, 1) for x, a, b in vr if b - a >= 8 and a - 2 <= yc <= b + 2})
        long_vx = sorted({round(x, 1) for x, a, b in vr if b - a > 40 and a - 2 <= yc <= b + 2})
        words.extend(_line_words(item, scale, vx, long_vx=long_vx))
    words = [w for w in words if not _on_rule(w, hr, vr)]
    marks = []
    for x0, y0, x1, y1 in seals:  # raw image px → upright frame, points
        q = np.array([[x0, y0, 1.0], [x1, y0, 1.0], [x1, y1, 1.0], [x0, y1, 1.0]]) @ m.T
        marks.append((float(q[:, 0].min() * scale), float(q[:, 1].min() * scale),
                      float(q[:, 0].max() * scale), float(q[:, 1].max() * scale)))
    words = _drop_dust(img, _drop_doubles(words), scale, marks)
    words = _clean_folios(words, img.shape[1] * scale, img.shape[0] * scale)
    # a short "rule" that a word runs straight through is a character's stroke joined to
    # the rules above and below it (a real rule cuts the line's words at it)
    if rules is None or skewed:
        vr = [v for v in vr if not _struck_through(v, words)]
    # strokes of large characters in the image, or glyph outlines drawn as vector paths
    # (text converted to curves), are not rules
    hr = [h for h in hr if not _inside_text(h, words, horizontal=True)]
    vr = [v for v in vr if not _inside_text(v, words, horizontal=False)]
    h_px, w_px = img.shape
    # upright frame (points) → page (points): s · M⁻¹ · (1/s)
    inv = np.linalg.inv(m)
    a, b, c = inv[0]
    d, e, f = inv[1]
    frame = (float(a), float(b), float(c * scale), float(d), float(e), float(f * scale))
    return OcrPage(number, w_px * scale, h_px * scale, words, hr, vr, ocr=True,
                   frame=frame, page_size=page_size, turned=turned, seals=tuple(marks))


def _text_cores(boxes, scale: float) -> list[Word]:
    """Detected text boxes in points, shrunk to their core (the detector's box reaches a
    little past the glyphs, sometimes onto a rule)."""
    out = []
    for b in boxes:
        x0, y0 = float(b[:, 0].min()) * scale, float(b[:, 1].min()) * scale
        x1, y1 = float(b[:, 0].max()) * scale, float(b[:, 1].max()) * scale
        dy, dx = 0.2 * (y1 - y0), min(0.2 * (y1 - y0), 0.25 * (x1 - x0))
        out.append(Word(x0 + dx, y0 + dy, x1 - dx, y1 - dy, "·"))
    return out


_DASHES = set("一—-－―_~～|丨｜")
_DUST_READ = re.compile(r"^[0-9A-Za-z\u4e00-\u9fff]{1,2}$")


def _drop_doubles(words: list) -> list:
    """A word lying within a longer word's box on the same line is the same ink read twice
    (a recovered box over the end of a detected one: "…决算表" and "美")."""
    drop = set()
    for a in words:
        aw = a.x1 - a.x0
        if aw <= 0:
            continue
        for b in words:
            if b is a or len(b.text) <= len(a.text) or id(b) in drop:
                continue
            ox = min(a.x1, b.x1) - max(a.x0, b.x0)
            oy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if ox >= 0.7 * aw and oy >= 0.5 * min(a.y1 - a.y0, b.y1 - b.y0):
                drop.add(id(a))
                break
    return [w for w in words if id(w) not in drop] if drop else words


def _drop_dust(img, words: list, scale: float, seals=()) -> list:
    """A one- or two-character word whose ink is only specks (two dust dots stacked read as
    "8", a speck as "1") is dust: every printed glyph has a stroke at least a third of the
    line's height (a dash or a point is not tested: they are small when printed too), and
    a digit a stroke at least 0.4 of the line's height tall (not judged under a seal)."""
    import cv2
    import numpy as np

    short = [w for w in words if _DUST_READ.match(w.text) and w.text != "一"]
    if not short:
        return words
    heights = sorted(w.y1 - w.y0 for w in words)
    line_h = heights[len(heights) // 2] / scale  # px
    paper = float(np.percentile(img[::4, ::4], 90))
    drop = set()
    for w in short:
        pad = int(0.25 * line_h)  # character boxes are estimates: a glyph may run past one
        x0, y0 = max(0, int(w.x0 / scale) - pad), max(0, int(w.y0 / scale))
        x1, y1 = int(np.ceil(w.x1 / scale)) + pad, int(np.ceil(w.y1 / scale))
        crop = img[y0:y1, x0:x1]
        if crop.size == 0:
            continue
        ink = (crop < _INK_SHARE * paper).astype(np.uint8)
        n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        biggest = max((max(int(st[2]), int(st[3])) for st in stats[1:]), default=0)
        if biggest < 0.33 * line_h:
            drop.add(id(w))
        elif w.text.isdigit():
            # a digit is a stroke most of a line tall; a scratch or a hair lying flat
            # (read "1" with confidence 0.94 on a seed's scan) is not. Looked at with a
            # margin above and below (the box may cut the glyph), leaving out rules
            # (wider than a digit)
            tall_crop = img[max(0, y0 - pad):y1 + pad, x0:x1]
            n, _, stats, _ = cv2.connectedComponentsWithStats((tall_crop < _INK_SHARE * paper).astype(np.uint8), connectivity=8)
            tallest = max((int(st[3]) for st in stats[1:] if int(st[2]) <= 1.5 * line_h), default=0)
            # under a seal (`seals`, points) the red ink is taken out of the grey image,
            # and the strokes of a figure with it: not judged
            hidden = any(a <= w.xc <= c and b <= w.yc <= d for a, b, c, d in seals)
            if tallest < 0.4 * line_h and not hidden:
                drop.add(id(w))
    return [w for w in words if id(w) not in drop] if drop else words


_FOLIO_SPECKED = re.compile(r"^([-—–－]?)[\s.·•:：,，]*(\d{1,3})[\s.·•:：,，]*([-—–－]?)$")


def _clean_folios(words: list, width: float, height: float) -> list:
    """A page number read with a speck of dust in it ("-.10-", "-27.-", ":6") is the page
    number: the header/footer filter knows "-10-" and "6", and a page number taken for a
    sentence of the 情况说明 shifts every later sentence (so every finding's place). Only a
    word centred across the page in its top 8 % or bottom 12 %, holding nothing but the
    number, dashes and specks."""
    out = []
    for w in words:
        m = _FOLIO_SPECKED.match(w.text)
        if (m and m.group(0) != m.group(1) + m.group(2) + m.group(3)
                and (w.y0 > 0.88 * height or w.y1 < 0.08 * height) and abs(w.xc - width / 2) < width / 6):
            dash = "-" if m.group(1) or m.group(3) else ""
            w = replace(w, text=dash + m.group(2) + dash, raw=dash + m.group(2) + dash)
        out.append(w)
    return out


def _struck_through(v: tuple, words: list, longest: float = 40.0) -> bool:
    x, a, b = v
    if b - a > longest:
        return False
    for w in words:
        h = w.y1 - w.y0
        if a <= w.yc <= b and w.x0 + 0.5 * h < x < w.x1 - 0.5 * h:
            return True
    return False


def _on_rule(w: Word, hr: list, vr: list) -> bool:
    """A dash-like "word" lying on a ruling line is a piece of the rule (a faint or broken
    rule read as 一 / —), not a printed dash."""
    if not w.text or any(ch not in _DASHES for ch in w.text):
        return False
    tol = max(2.0, 0.35 * (w.y1 - w.y0))
    if any(abs(y - w.yc) <= tol and a - 2 <= w.xc <= b + 2 for y, a, b in hr):
        return True
    return any(abs(x - w.xc) <= tol and a - 2 <= w.yc <= b + 2 for x, a, b in vr)


def render_dpi(pdf_page, dpi: int = DPI) -> int:
    """Rendering resolution: never finer than the scan itself (a 150 dpi scan rendered at
    200 only costs time), never coarser than 150 dpi (the recogniser likes ≥ 20 px text),
    and never more than `MAX_PIXELS` (a poster-sized page is read coarser; below
    `MIN_SCAN_DPI` it is refused as TOO_LARGE, which keeps the memory bounded)."""
    sd = scan_dpi(pdf_page)
    if sd is not None:
        dpi = int(max(150, min(dpi, round(sd))))
    area_in2 = abs(pdf_page.rect.width * pdf_page.rect.height) / (72.0 * 72.0)
    if area_in2 * dpi * dpi > MAX_PIXELS:
        dpi = int((MAX_PIXELS / max(area_in2, 1e-6)) ** 0.5)
    return dpi


# ---------------------------------------------------------------- the pass over a document


@dataclass
class OcrOutcome:
    pages: list[PageText]
    status: list[str]  # per page: TEXT / OCR / NO_TEXT / GARBLED / LOW_RES
    seconds: float = 0.0
    skipped_reason: str | None = None  # why flagged pages were not read ("off", "not_installed")
    flagged: dict[int, str] = field(default_factory=dict)  # page number → NO_TEXT / GARBLED (before OCR)
    max_pages: int | None = None  # the OCR page cap in force (pages beyond it: OCR_LIMIT)


def ocr_pass(pdf, pages: list[PageText], mode: str = "auto", progress=None, span: tuple[float, float] = (0.0, 1.0),
             max_pages: int | None = None) -> OcrOutcome:
    """Replace the pages that need it by their OCR reading.

    mode 'off': never; 'auto': pages with no text layer or with garbled text; 'on': every
    page with content, text-layer pages too (for PDFs whose text layer does not match what
    is printed, e.g. a scanner's invisible OCR layer). Blank pages are skipped; pages of a
    scan coarser than `MIN_SCAN_DPI` are flagged LOW_RES and left alone. At most `max_pages`
    pages (default `MAX_OCR_PAGES`) are read; the pages after them are flagged OCR_LIMIT."""
    from auditdesk.parsing.errors import Cancelled

    if mode not in OCR_MODES:
        raise ValueError(f"ocr mode must be one of {OCR_MODES}, not {mode!r}")
    if mode != "on" or not available():  # ('on' reads searchable scans afresh, rules and all)
        pages = scan_layer_rules(pdf, pages)
    status = [page_status(p) for p in pages]
    todo = [i for i, s in enumerate(status) if s in (NO_TEXT, GARBLED) or (mode == "on" and s == TEXT)]
    flagged = {pages[i].number: status[i] for i in todo}
    if not todo:
        return OcrOutcome(pages, status)
    if mode != "off":
        # a scan too coarse to read is said so whether or not the OCR extra is installed
        for i in todo:
            if status[i] == NO_TEXT:
                dpi = scan_dpi(pdf[pages[i].number - 1])
                if dpi is not None and dpi < MIN_SCAN_DPI:
                    status[i] = LOW_RES
    if mode == "off":
        return OcrOutcome(pages, status, skipped_reason="off", flagged=flagged)
    if not available():
        return OcrOutcome(pages, status, skipped_reason="not_installed", flagged=flagged)
    # blank pages (no image, no drawing, no text) are not scans: nothing to read
    readable = []
    for i in todo:
        pg = pdf[pages[i].number - 1]
        if status[i] == LOW_RES:
            continue
        if status[i] == NO_TEXT:
            dpi = scan_dpi(pg)
            if dpi is None:
                if not _has_outlined_text(pg):
                    continue  # an empty page, or only ruling lines (a blank grid page)
            elif dpi < MIN_SCAN_DPI:
                status[i] = LOW_RES
                continue
        elif status[i] == TEXT and not _image_covered(pg):
            # --ocr on: a page whose text is drawn from its fonts prints what its text layer
            # says; only a page that is a picture (a scan under an invisible text layer)
            # can print something else
            continue
        if render_dpi(pg) < MIN_SCAN_DPI:
            status[i] = TOO_LARGE
            continue
        readable.append(i)
    cap = MAX_OCR_PAGES if max_pages is None else max(0, int(max_pages))
    for i in readable[cap:]:
        status[i] = OCR_LIMIT
    readable = readable[:cap]
    with collecting(bool(readable)):  # minutes of OCR: its garbage is collected as it goes
        if readable:
            # the engine (~0.5 s to import and load) only when a page is to be read: a blank page
            # or a grid without text is no reason to load it
            try:
                engine()
            except Exception as exc:  # e.g. OpenCV's libGL missing: report, never crash the extraction
                return OcrOutcome(pages, status, skipped_reason=f"broken:{type(exc).__name__}: {exc}"[:200], flagged=flagged)
        t0 = time.perf_counter()
        out = list(pages)
        lo, hi = span
        cancelled = progress.cancelled if progress is not None else None
        if readable:
            # pages in parallel, one recogniser thread each (ONNX Runtime and OpenCV release the
            # GIL); PyMuPDF is not thread-safe, so pages are rendered here, a few ahead
            from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

            n_workers = min(workers(), len(readable))
            pool = ThreadPoolExecutor(max_workers=n_workers, thread_name_prefix="ocr")
            pending: dict = {}  # future → (page index, pixels)
            done_count = 0
            queue = list(readable)
            try:
                while queue or pending:
                    # memory: the pages in flight hold at most ~MAX_PIXELS between them (a
                    # poster-sized page is read alone: ~0.9 GB at MAX_PIXELS)
                    while queue and len(pending) < n_workers + 1:
                        pg = pdf[pages[queue[0]].number - 1]
                        need = _pixels(pg, render_dpi(pg))
                        if pending and need + sum(px for _i, px in pending.values()) > MAX_PIXELS:
                            break
                        i = queue.pop(0)
                        if cancelled is not None and cancelled():
                            raise Cancelled()
                        *job, seals = _render_job(pg, pages[i])
                        pending[pool.submit(read_image, *job, cancelled, seals=seals)] = (i, need)
                    finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                    for fut in finished:
                        i, _px = pending.pop(fut)
                        out[i] = fut.result()
                        status[i] = OCR
                        done_count += 1
                        if progress is not None:
                            progress.report(lo + (hi - lo) * done_count / len(readable),
                                            f"OCR 识别第 {pages[i].number} 页（{done_count}/{len(readable)}）")
                    if cancelled is not None and cancelled():
                        raise Cancelled()
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        if progress is not None and readable:
            progress.report(hi, "OCR 识别完成")
    return OcrOutcome(out, status, time.perf_counter() - t0, flagged=flagged, max_pages=cap)


def workers() -> int:
    """Pages read at once: AUDITDESK_OCR_WORKERS, else one per core (at most 4: each
    page in flight holds its images and the detector's maps, ~0.3 GB)."""
    import os

    try:
        n = int(os.environ.get("AUDITDESK_OCR_WORKERS", "0"))
    except ValueError:
        n = 0
    return n if n >= 1 else max(1, min(os.cpu_count() or 1, 4))


def _pixels(pdf_page, dpi: int) -> float:
    return abs(pdf_page.rect.width * pdf_page.rect.height) / (72.0 * 72.0) * dpi * dpi


LAYER_RULES_DPI = 150
_MAX_LAYER_SKEW = 0.3  # degrees: beyond this the picture's rules no longer line up with its text layer


def scan_layer_rules(pdf, pages: list[PageText]) -> list[PageText]:
    """A searchable scan (a picture under an invisible OCR text layer) has its ruling lines
    only in the picture: find them there, so that its tables are read by their grid as on a
    text-layer page. Needs OpenCV (the `ocr` extra); without it such tables are read by
    their columns, like unruled ones. Pages with drawn rules are left as they are."""
    import dataclasses
    import importlib.util

    todo = [i for i, p in enumerate(pages) if getattr(p, "scan_layer", False) and not p.ocr
            and not p.hrules and not p.vrules and p.words]
    if not todo or importlib.util.find_spec("cv2") is None:
        return pages
    out = list(pages)
    for i in todo:
        pg = pdf[pages[i].number - 1]
        if pg.rotation:
            continue  # the layer's words are already turned upright; the picture is not
        try:
            gray = _page_image(pg, LAYER_RULES_DPI)
        except Exception:  # a picture MuPDF cannot draw: read the page by its columns
            continue
        if abs(estimate_skew(gray[::2, ::2])) > _MAX_LAYER_SKEW:  # (half the pixels tell the angle as well)
            continue
        hr, vr = image_rules(gray, 72.0 / LAYER_RULES_DPI, text_boxes=pages[i].words)
        if len(hr) >= 2 and len(vr) >= 2:
            out[i] = dataclasses.replace(pages[i], hrules=hr, vrules=vr)
    return out


def _image_covered(pdf_page) -> bool:
    """Most of the page is a picture."""
    try:
        infos = pdf_page.get_image_info()
    except Exception:
        return False
    area = abs(pdf_page.rect.width * pdf_page.rect.height) or 1.0
    return any(
        abs((b[2] - b[0]) * (b[3] - b[1])) >= 0.5 * area for b in (info.get("bbox", (0, 0, 0, 0)) for info in infos)
    )


def _render_job(pdf_page, base: PageText | None):
    """Everything `read_image` needs from the PDF page, taken in the calling thread."""
    dpi = render_dpi(pdf_page)
    seals: list = []
    gray = _page_image(pdf_page, dpi, seals)
    rules = None
    if base is not None and base.words and (base.hrules or base.vrules):
        rules = (list(base.hrules), list(base.vrules))
    return gray, 72.0 / dpi, pdf_page.number + 1, (pdf_page.rect.width, pdf_page.rect.height), rules, seals


def _has_outlined_text(pdf_page) -> bool:
    """Text converted to outlines shows as many curve segments; a page of only lines and
    rectangles (an empty table grid) has nothing to read, and OCR on it costs seconds."""
    curves = 0
    for d in pdf_page.get_drawings():
        curves += sum(1 for item in d["items"] if item[0] == "c")
        if curves >= 40:
            return True
    return False


# ---------------------------------------------------------------- cell confidence


_DECIMAL_FIGURE = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d{2})$|^-?\d+\.\d{2}$")


def _odd_in_column(t, i: int, j: int) -> bool:
    """A figure printed without the two decimals every other figure of its column has
    ("2280" among "22.80", "94.32" …): a point or a digit was lost in reading."""
    text = t.rows[i].cells[j].text.strip()
    if not text or _DECIMAL_FIGURE.match(text) or text in ("-", "—", "－", "/"):
        return False
    if not any(ch.isdigit() for ch in text) and not re.fullmatch(r"[A-Za-z0-9.,:]+", text):
        return False
    col = [r.cells[j].text.strip() for r in t.rows if j < len(r.cells) and r.cells[j].text.strip()]
    dec = sum(1 for c in col if _DECIMAL_FIGURE.match(c))
    return dec >= 2 and dec >= 0.8 * (len(col) - 1)


def _footing_confirms(t, i: int, j: int, v) -> bool:
    """Does the table's own arithmetic prove the value `v` for cell (i, j)? Either the row
    adds up (its first amount column of the block is the sum of the others) or the column
    does (a 科目's figure is the sum of its sub-科目's, or its siblings add up to its parent)."""
    from decimal import Decimal

    rows = t.rows
    row = rows[i]

    def val(r, k):
        if r is row and k == j:
            return v
        c = r.cells[k] if k < len(r.cells) else None
        return c.value if c is not None else None

    starts = sorted(t.blocks or [0])
    b0 = max(s for s in starts if s <= j)
    b1 = min((s for s in starts if s > j), default=len(row.cells))
    amount = [k for k in range(b0, min(b1, len(row.cells)))
              if k < len(t.column_roles) and t.column_roles[k] == "amount"]
    if len(amount) >= 3:
        first, rest = val(row, amount[0]), [val(row, k) for k in amount[1:]]
        if first is not None and any(x for x in rest if x is not None):
            if abs(first - sum((x for x in rest if x is not None), Decimal(0))) < Decimal("0.005"):
                return True
    code = row.code
    if code and code.isdigit():
        kids = [r for r in rows if r.code and len(r.code) == len(code) + 2 and r.code.startswith(code)]
        if kids and all(val(r, j) is not None for r in kids):
            if abs(sum((val(r, j) for r in kids), Decimal(0)) - v) < Decimal("0.005"):
                return True
        parent = next((r for r in rows if r.code and len(r.code) == len(code) - 2 and code.startswith(r.code)), None)
        if parent is not None and val(parent, j) is not None:
            sibs = [r for r in rows if r.code and len(r.code) == len(code) and r.code.startswith(parent.code)]
            if all(val(r, j) is not None for r in sibs):
                if abs(sum((val(r, j) for r in sibs), Decimal(0)) - val(parent, j)) < Decimal("0.005"):
                    return True
    return False


def _with_thousands(int_part: str) -> str:
    return f"{int(int_part):,}"


def _restore_points(t, ocr_pages: set) -> dict[tuple[int, int], float]:
    """A figure read without its decimal point ("2760" among "27.64", "94.32" …: the point
    lost under a seal or in the toner) gets it back: two decimals, as every other figure of
    its column has. Returns the confidence cap of each restored cell: 0.85 where the table's
    own footing proves the restored value, else 0.5 (the auditor checks it: 核实)."""
    from auditdesk.parsing.numbers import parse_number

    caps: dict[tuple[int, int], float] = {}
    roles = t.column_roles or []
    for j, role in enumerate(roles):
        if role != "amount":
            continue
        col = [(i, r.cells[j]) for i, r in enumerate(t.rows) if j < len(r.cells) and r.cells[j].text.strip()]
        texts = [c.text.strip() for _i, c in col]
        dec = sum(1 for x in texts if _DECIMAL_FIGURE.match(x))
        if dec < 2 or dec < 0.8 * (len(texts) - 1):
            continue
        grouped = any("," in x for x in texts if _DECIMAL_FIGURE.match(x))
        for i, c in col:
            raw = c.text.strip().replace(",", "")
            if c.page not in ocr_pages or not re.fullmatch(r"-?\d{3,}", raw):
                continue
            head, tail = raw[:-2], raw[-2:]
            sign = "-" if head.startswith("-") else ""
            head = head.lstrip("-")
            new = sign + (_with_thousands(head) if grouped else str(int(head))) + "." + tail
            value = parse_number(new)
            if value is None:
                continue
            t.rows[i].cells[j] = replace(c, text=new, value=value)
            caps[(i, j)] = 0.85 if _footing_confirms(t, i, j, value) else 0.5
    return caps


_ENUM_FIRST = re.compile(r"^[一二三四五六七八九十]+[、.．]|^[(（][一二三四五六七八九十]+[)）]|^\d")


def _restore_first_enumeration(t, ocr_pages: set) -> set[tuple[int, int]]:
    """A label just above "二、…" in its column, itself not numbered while no "一、" stands
    above it, lost its "一、" (one stroke like a rule, and a point): restored, flagged."""
    from auditdesk.parsing.model import TOTAL

    done: set[tuple[int, int]] = set()
    roles = t.column_roles or []
    for j, role in enumerate(roles):
        if role != "label":
            continue
        seen_first = False
        for i in range(len(t.rows) - 1):
            row, nxt = t.rows[i], t.rows[i + 1]
            if j >= len(row.cells) or j >= len(nxt.cells):
                continue
            text = row.cells[j].text.strip()
            if text.startswith("一、"):
                seen_first = True
            if seen_first or not text or row.cells[j].page not in ocr_pages or row.kind == TOTAL:
                continue
            if nxt.cells[j].text.strip().startswith("二、") and not _ENUM_FIRST.match(text):
                new = "一、" + text
                row.cells[j] = replace(row.cells[j], text=new)
                if row.label == text:
                    row.label = new
                done.add((i, j))
                seen_first = True
    return done


# a cell holding only a "0" the recogniser read as a letter o, a full stop or a ring
_ZERO_LOOKALIKE = re.compile(r"[oO〇。°][.。]?")


def _restore_zeros(t, ocr_pages: set) -> set[tuple[int, int]]:
    """A table cell on an OCR page that holds nothing but "o", "。", "o." … is a 0 (no
    disclosure prints a lone letter or stop in a cell). Left as text it is read as part of
    the row's label and the row's figures shift by one column ("年度资金总额：o" → 预算数
    taken from 执行数). Restored, flagged just below `LOW_CONFIDENCE` (the auditor checks)."""
    from auditdesk.parsing.numbers import parse_number

    done: set[tuple[int, int]] = set()
    for i, row in enumerate(t.rows):
        for j, c in enumerate(row.cells):
            text = c.text.strip()
            if c.page not in ocr_pages or not text or not _ZERO_LOOKALIKE.fullmatch(text):
                continue
            row.cells[j] = replace(c, text="0", value=parse_number("0"))
            if row.label and row.label.strip() == text:
                row.label = "0"
            done.add((i, j))
    return done


def _near_miss(read: str, needed) -> bool:
    """Is the figure `read` the `needed` one with one digit lost, added or misread (a stroke
    under a seal, a digit on a rule)? Compared on digits only."""
    a = re.sub(r"\D", "", read)
    b = re.sub(r"\D", "", f"{needed:.2f}")
    if not a or not b or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return len(long_) - len(short) == 1 and any(long_[:k] + long_[k + 1:] == short for k in range(len(long_)))


def _footing_suspects(t, ocr_pages: set) -> set[tuple[int, int]]:
    """Cells of an OCR'd table whose figure breaks a footing of the table (a row's total
    against its parts, a 科目 against its sub-科目) and differs by one digit from the figure
    the footing needs: most likely misread. They are flagged, never changed: the footing
    may be what is wrong (that is for the checks to say, 核实 on a doubtful cell)."""
    from decimal import Decimal

    out: set[tuple[int, int]] = set()
    roles = t.column_roles or []
    amount = [k for k, r in enumerate(roles) if r == "amount"]
    if not amount:
        return out

    def val(i, k):
        r = t.rows[i]
        c = r.cells[k] if k < len(r.cells) else None
        return c.value if c is not None and c.page in ocr_pages else None

    def check(members: list[tuple[int, int]], total: tuple[int, int]) -> None:
        vals = {m: val(*m) for m in members + [total]}
        if vals[total] is None or all(vals[m] is None for m in members):
            return
        parts = sum((v for m, v in vals.items() if m != total and v is not None), Decimal(0))
        if abs(vals[total] - parts) < Decimal("0.005"):
            return
        if _near_miss(t.rows[total[0]].cells[total[1]].text, parts):
            out.add(total)
        for m in members:
            if vals[m] is not None:
                need = vals[total] - (parts - vals[m])
                if need >= 0 and _near_miss(t.rows[m[0]].cells[m[1]].text, need):
                    out.add(m)

    starts = sorted(t.blocks or [0])
    for i, row in enumerate(t.rows):
        for b0, b1 in zip(starts, starts[1:] + [len(roles)]):
            cols = [k for k in amount if b0 <= k < b1]
            if len(cols) >= 3:
                check([(i, k) for k in cols[1:]], (i, cols[0]))
        code = row.code
        if code and code.isdigit():
            kids = [k for k, r in enumerate(t.rows) if r.code and len(r.code) == len(code) + 2 and r.code.startswith(code)]
            if kids:
                for j in amount:
                    check([(k, j) for k in kids], (i, j))
    return out


def attach_confidence(tables, pages: list[PageText]) -> dict[int, int]:
    """Set `Cell.confidence` on every non-empty cell printed on an OCR page: the lowest
    confidence of the OCR words inside the cell's bbox, capped at 0.5 for a figure that
    lacks the decimals the rest of its column has; a blank cell under a red seal gets 0 (a
    figure may be hidden there). Returns, per page, how many non-empty cells are below
    `LOW_CONFIDENCE`."""
    by_page = {p.number: [w for w in p.words if isinstance(w, OcrWord)] for p in pages if p.ocr}
    sealed = {p.number: p.seals for p in pages if isinstance(p, OcrPage) and p.seals}
    low: dict[int, int] = {}
    if not by_page:
        return low
    for t in tables:
        caps = _restore_points(t, set(by_page))
        for ij in _restore_first_enumeration(t, set(by_page)):
            caps[ij] = LOW_CONFIDENCE - 0.01
        for ij in _restore_zeros(t, set(by_page)):
            caps[ij] = LOW_CONFIDENCE - 0.01
        for ij in _footing_suspects(t, set(by_page)):
            caps[ij] = min(caps.get(ij, 1.0), 0.5)
        for i, row in enumerate(t.rows):
            if row.page not in by_page and not any(c.page in by_page for c in row.cells):
                continue
            cells = []
            for c in row.cells:
                words = by_page.get(c.page)
                if words is not None and not c.text.strip() and c.bbox is not None and _under_seal(c.bbox, sealed.get(c.page)):
                    # a blank cell under a seal: a figure may be hidden there, not known to be
                    # absent (confidence 0 says so; a check resting on it says 核实). A blank
                    # elsewhere stays a blank: between two figures of a row it is as often
                    # printed so (基本支出 of a project-only 科目) as a "0" lost
                    cells.append(replace(c, confidence=0.0))
                    continue
                if words is None or c.bbox is None or not c.text.strip():
                    cells.append(c)
                    continue
                x0, y0, x1, y1 = c.bbox
                inside = [w.conf for w in words if x0 - 1 <= w.xc <= x1 + 1 and y0 - 1 <= w.yc <= y1 + 1]
                conf = round(min(inside), 3) if inside else None
                if conf is not None and _odd_in_column(t, i, len(cells)):
                    conf = min(conf, 0.5)
                cap = caps.get((i, len(cells)))
                if conf is not None and cap is not None and cap < LOW_CONFIDENCE:
                    conf = min(conf, cap)
                if conf is not None and conf < LOW_CONFIDENCE:
                    low[c.page] = low.get(c.page, 0) + 1
                cells.append(replace(c, confidence=conf))
            row.cells = cells
    return low


def _under_seal(bbox, seals) -> bool:
    if not seals:
        return False
    xc, yc = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return any(x0 <= xc <= x1 and y0 <= yc <= y1 for x0, y0, x1, y1 in seals)


# ---------------------------------------------------------------- back to the page


def _map_bbox(frame, box):
    a, b, c, d, e, f = frame
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])):
        xs.append(a * x + b * y + c)
        ys.append(d * x + e * y + f)
    return (round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2))


def _sentence_confidence(narrative: list, pages: list[PageText]) -> list:
    """Each sentence on an OCR page gets the lowest confidence of the words inside its box
    (in the upright frame the page was read in): a check on a misread figure of the
    情况说明 is then 核实, as one on a table cell is."""
    by_page = {p.number: [w for w in p.words if isinstance(w, OcrWord)] for p in pages if p.ocr}
    if not by_page:
        return narrative
    out = []
    for s in narrative:
        words = by_page.get(s.page)
        if words and s.bbox is not None:
            x0, y0, x1, y1 = s.bbox
            inside = [w.conf for w in words if x0 - 1 <= w.xc <= x1 + 1 and y0 - 1 <= w.yc <= y1 + 1]
            if not inside:
                # a short sentence inside one long line's word (its centre elsewhere) was
                # read by OCR all the same: the line's confidence is its
                inside = [w.conf for w in words if w.x0 < x1 - 1 and w.x1 > x0 + 1 and w.y0 < y1 - 1 and w.y1 > y0 + 1]
            if inside:
                s = replace(s, confidence=round(min(inside), 3))
        out.append(s)
    return out


def to_page_frame(tables, narrative: list, pages: list[PageText]) -> list:
    """Map every box found on an OCR page from the upright, deskewed frame it was read in
    back to the page as displayed (a scan turned sideways, upside-down or skewed by a
    degree), so the window's cell ↔ page link lands on the printed cell. Cells, rows and
    table regions are mapped in place; returns the narrative with its boxes mapped.
    Column x-ranges of a turned page no longer exist as x-ranges: dropped (cells keep
    their own boxes)."""
    narrative = _sentence_confidence(narrative, pages)
    frames = {p.number: p for p in pages if isinstance(p, OcrPage) and p.frame != (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)}
    if not frames:
        return narrative
    for t in tables:
        for row in t.rows:
            if row.page in frames:
                row.bbox = _map_bbox(frames[row.page].frame, row.bbox)
            row.cells = [
                replace(c, bbox=_map_bbox(frames[c.page].frame, c.bbox)) if c.page in frames and c.bbox is not None else c
                for c in row.cells
            ]
        for pno, box in list(t.bbox.items()):
            if pno in frames:
                t.bbox[pno] = _map_bbox(frames[pno].frame, box)
        for pno, xs in list(t.column_x.items()):
            p = frames.get(pno)
            if p is None:
                continue
            if p.turned in (90, 270):
                del t.column_x[pno]
                continue
            # a column's x-range, taken at the middle of the table's height
            ymid = p.height / 2
            mapped = []
            for x0, x1 in xs:
                m = _map_bbox(p.frame, (x0, ymid, x1, ymid))
                mapped.append((m[0], m[2]))
            t.column_x[pno] = sorted(mapped)
    return [replace(s, bbox=_map_bbox(frames[s.page].frame, s.bbox)) if s.page in frames else s for s in narrative]


def page_size(page: PageText) -> tuple[float, float]:
    """The size of the page as displayed (an OCR page is read in its upright frame)."""
    if isinstance(page, OcrPage) and page.page_size[0] > 0:
        return page.page_size
    return (page.width, page.height)

"""`auditdesk check …` — headless extraction, checks, JSON and working paper. Imports no Qt."""
from __future__ import annotations

import argparse
import errno
import json
import os
import stat
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from auditdesk import __version__

if TYPE_CHECKING:
    from auditdesk.app.cli_progress import TerminalBar

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line, exit 2 (no usage dump + traceback)
        print(f"auditdesk: 参数错误：{message}（auditdesk check --help 查看用法）", file=sys.stderr)
        raise SystemExit(EXIT_UNUSABLE)


def _max_ocr_pages() -> int:
    from auditdesk.parsing.limits import MAX_OCR_PAGES  # (no import of the reader or the model)

    return MAX_OCR_PAGES


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="auditdesk",
        description="AuditDesk：决算/预算公开 PDF 审核工具。无参数时打开窗口（内置示例）；auditdesk FILE.pdf 打开文件。",
    )
    p.add_argument("--version", "-V", action="version", version=f"auditdesk {__version__}")
    sub = p.add_subparsers(dest="command")
    c = sub.add_parser("check", help="不打开窗口：提取表格、运行检查、写出 JSON / Excel 工作底稿")
    c.add_argument("target", nargs="+", metavar="PDF",
                   help="PDF 文件；或包含 PDF 的文件夹（批量）；或同一份公开文件分成的几个 PDF（如 情况说明.pdf 表格.pdf，合并为一份检查）")
    c.add_argument("--json", metavar="OUT.json", help="写出 JSON 结果（auditdesk/1）；'-' 写到标准输出")
    c.add_argument("--xlsx", metavar="OUT.xlsx", help="写出 Excel 审计工作底稿")
    c.add_argument("--checklist", metavar="OUT.xlsx",
                   help="写出填好的公开情况检查表（是/否、问题、页面截图）；批量模式下为汇总表路径，每个 PDF 另写 名称.checklist.xlsx")
    c.add_argument("--checklist-template", metavar="TEMPLATE.toml", help="使用自定义的检查表模板（复制 resources/checklists 中的模板修改）")
    c.add_argument("--out-dir", metavar="DIR", help="批量模式：每个 PDF 写一个 JSON 和一个 XLSX 到此文件夹")
    c.add_argument("-j", "--jobs", type=int, default=1, help="批量模式并行进程数")
    c.add_argument("--timeout", type=float, default=None, metavar="S",
                   help=f"每个文件最多处理 S 秒：超时即停止，报告且不写出结果（退出码 2）；批量模式跳过该文件继续"
                        f"（批量默认 {DEFAULT_TIMEOUT:g}，单个文件默认不限）")
    c.add_argument("--ocr", choices=("auto", "on", "off"), default="auto", help="OCR：auto 只识别扫描件/乱码页（默认），on 识别所有页面，off 不识别")
    c.add_argument("--ocr-max-pages", type=int, default=None, metavar="N",
                   help=f"一次检查最多 OCR 识别 N 页（默认 {_max_ocr_pages()}）；其余需要识别的页不识别，结果中逐页说明")
    c.add_argument("--password", help="加密 PDF 的打开密码")
    c.add_argument("--no-session", action="store_true", help="忽略已保存的审核会话（修改、批注、状态）")
    c.add_argument("--quiet", "-q", action="store_true", help="不打印摘要")
    return p


@dataclass
class Outcome:
    file: str
    code: int
    tables: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    seconds: float = 0.0
    message: str = ""
    by_rule: dict[str, int] | None = None
    skipped: list[tuple[str, str]] | None = None  # (rule, why in the document's words): not checked
    dismissed: int = 0  # findings the saved review session marked 已排除
    notes: list[str] | None = None  # what extraction left out or corrected (hidden text, a lying font …)
    session_note: str = ""  # "已应用审核会话 …" when a saved session changed the result
    checklist: object | None = None  # the FilledChecklist, for the batch summary
    json_text: str | None = None  # `--json -` under --timeout: the JSON the parent prints


def _import_what_follows(json_out: bool) -> None:
    """The modules the command needs after the extraction: imported while a copy of the process
    reads pages on the other core (`parsing.two_readers`), not after the reading."""
    from auditdesk.parsing.extract import import_what_follows

    import_what_follows()  # (the readers of tables and 情况说明)
    import auditdesk.checks.engine  # noqa: F401  (and every rule)

    if json_out:
        import auditdesk.app.result_json  # noqa: F401


def check_file(
    path: str | list[str],
    json_out: str | None,
    xlsx_out: str | None,
    *,
    password: str | None = None,
    use_session: bool = True,
    ocr: str = "auto",
    checklist_out: str | None = None,
    checklist_template: str | None = None,
    ocr_max_pages: int | None = None,
    stdout_json: bool = True,
    bar: "TerminalBar | None" = None,
) -> Outcome:
    """Extract + check one disclosure and write the requested outputs. Never raises for bad
    input.  `path` may list several PDFs of one disclosure (情况说明 and tables): they are
    reviewed as one document (no saved review session is applied to such a pair)."""
    from auditdesk.parsing.errors import UnusableInput

    t0 = time.perf_counter()
    paths = [path] if isinstance(path, str) else list(path)
    path = " + ".join(paths)
    if len(paths) > 1:
        use_session = False
    refused = refuse_outputs(paths, {"--json": json_out, "--xlsx": xlsx_out, "--checklist": checklist_out})
    if refused:
        return Outcome(path, EXIT_UNUSABLE, message=refused)
    for p in paths:
        not_regular = _not_a_regular_file(p)
        if not_regular:
            return Outcome(path, EXIT_UNUSABLE, message=(f"{show_name(p)} " if len(paths) > 1 else "") + not_regular)
    try:
        from auditdesk.parsing.extract import open_disclosures, refusal

        doc = open_disclosures(paths, password=password, ocr=ocr, ocr_max_pages=ocr_max_pages,
                               progress=bar.stage("extract") if bar is not None else None,
                               meanwhile=partial(_import_what_follows, bool(json_out)))
        why = refusal(doc)
        if why is not None:
            raise UnusableInput("not_disclosure", why)
    except UnusableInput as exc:
        return Outcome(path, EXIT_UNUSABLE, message=exc.message)
    except MemoryError:
        return Outcome(path, EXIT_UNUSABLE, message="文件太大，内存不足，无法处理。")
    except OSError as exc:
        return Outcome(path, EXIT_UNUSABLE, message=os_sentence(exc, "读取", path))
    loaded = _load_session(path, doc) if use_session else None
    session = loaded.session if loaded is not None else None
    from auditdesk.checks.engine import run_checks

    # JSON is UTF-8 by definition; a stream that cannot carry Chinese gets \u escapes
    ascii_only = json_out == "-" and stdout_json and not _can_encode(sys.stdout, "审核")
    parts: dict = {}

    def write_tables() -> None:  # (while a copy checks a bundle: the tables' JSON needs no finding)
        from auditdesk.app.result_json import written_parts

        parts.update(written_parts(doc, ensure_ascii=ascii_only))

    report = run_checks(doc, progress=bar.stage("check") if bar is not None else None,
                        meanwhile=write_tables if json_out else None)
    if bar is not None:
        bar.stage("write")
    if session is not None and hasattr(session, "set_report"):
        session.set_report(report)  # F-ids in the 修改记录; a sign-off whose findings changed is void
    seconds = time.perf_counter() - t0
    json_text = None
    try:
        if json_out:
            from auditdesk.app.result_json import document_json, dumps

            text = dumps(document_json(doc, report, seconds, parts=parts), ensure_ascii=ascii_only)
            if json_out == "-" and not stdout_json:
                json_text = text
            elif json_out == "-":
                sys.stdout.write(text + "\n")
            else:
                _atomic_write_text(json_out, text)
        if xlsx_out:
            from auditdesk.app.workpaper import write_workpaper

            write_workpaper(doc, report, session, xlsx_out, progress=bar)
        filled = None
        if checklist_out:
            from auditdesk.app.checklist_xlsx import checklist_for, write_checklist

            filled = checklist_for(doc, report, session, checklist_template)
            write_checklist(filled, checklist_out)
    except OSError as exc:
        return Outcome(path, EXIT_UNUSABLE, message=os_sentence(exc, "写出", exc.filename or json_out or xlsx_out
                                                                or checklist_out))
    active, dismissed = list(report.findings), []
    note = ""
    if session is not None:
        # findings the auditor dismissed (已排除, with a reason) no longer fail the check
        active, dismissed = session.split_dismissed(report.findings)
        note = _session_note(loaded, session, dismissed)
    counts = {sev: sum(f.severity == sev for f in active) for sev in ("error", "warning", "info")}
    return Outcome(
        path,
        EXIT_FINDINGS if counts["error"] else EXIT_OK,
        tables=len(doc.tables),
        errors=counts["error"],
        warnings=counts["warning"],
        infos=counts["info"],
        seconds=time.perf_counter() - t0,
        by_rule=_by_rule(active),
        skipped=_skipped(report, doc.kind),
        dismissed=len(dismissed),
        session_note=note,
        notes=[i.message for i in doc.issues if i.code == "bundle"] + _ocr_limit_note(doc)
        + [f"第 {i.page} 页：{i.message}" for i in doc.issues if i.code in _VISIBLE_TEXT_ISSUES],
        checklist=filled,
        json_text=json_text,
    )


def _skipped(report, kind) -> list[tuple[str, str]]:
    from auditdesk.checks.vocabulary import SKIPPED, in_document_words, printed

    return [(c.rule, printed(in_document_words(c.why, kind))) for c in report.coverage if c.status == SKIPPED]


# page issues about text that is printed otherwise than the text layer says: always shown
_VISIBLE_TEXT_ISSUES = ("hidden_text", "lying_font", "overlaid_text", "turned")


def _ocr_limit_note(doc) -> list[str]:
    """One line for the pages left unread by the OCR page cap (each page also has its issue)."""
    capped = [i.page for i in doc.issues if i.code == "ocr_limit"]
    if not capped:
        return []
    shown = "、".join(str(n) for n in capped[:8]) + ("…" if len(capped) > 8 else "")
    return [f"{len(capped)} 页已达 OCR 页数上限，未识别、未检查（第 {shown} 页）；可用 --ocr-max-pages 调高上限。"]


def _session_note(loaded, session, dismissed: list) -> str:
    """"已应用审核会话 X.pdf.auditdesk.json（张三 保存于 …）：2 处修改，3 条排除（排除人：李四）"."""
    who_edit = sorted({e.who for e in session.edits.values() if e.who})
    who_dismissed = sorted({st.who for f in dismissed if (st := session.status_of(f)) is not None and st.who})
    errors = sum(f.severity == "error" for f in dismissed)
    where = show_name(getattr(loaded, "path", None) or "")
    saved = str(session.saved_at or "")[:16].replace("T", " ")
    head = f"已应用审核会话 {where}" + (f"（保存于 {saved}）" if saved else "")
    parts = [f"{len(session.edits)} 处修改" + (f"（修改人：{'、'.join(map(show_name, who_edit))}）" if who_edit else ""),
             f"{len(dismissed)} 条排除" + (f"，其中错误 {errors} 条" if errors else "")
             + (f"（排除人：{'、'.join(map(show_name, who_dismissed))}）" if who_dismissed else "")]
    return f"{head}：{'，'.join(parts)}"


def _by_rule(findings) -> dict[str, int]:
    from auditdesk.checks.vocabulary import SEVERITY_ZH

    out: dict[str, int] = {}
    for f in findings:
        key = f"{f.rule}({ SEVERITY_ZH[f.severity] })"
        out[key] = out.get(key, 0) + 1
    return out


def _load_session(path: str, doc):
    """Re-apply the auditor's saved corrections (the JSON and workbook reflect them).
    Returns the LoadResult, or None when nothing was applied."""
    from auditdesk.app.session_schema import may_have_session

    if doc.sha256 and not may_have_session(path, doc.sha256):
        return None
    try:
        from auditdesk.app.session import apply_session_to_document

        result = apply_session_to_document(doc, path)
    except Exception as exc:  # a broken session file must not stop a headless check
        _err(f"auditdesk: 审核会话未能载入（{exc}），按原始提取结果检查。")
        return None
    if getattr(result, "mismatch", None) is not None and result.session is None:
        _err("auditdesk: 已保存的审核会话属于内容不同的另一版 PDF（SHA-256 不一致），本次未套用。")
    elif result.messages:
        _err(f"auditdesk: 审核会话：{'；'.join(result.messages)}")
    return result if result.session is not None and result.path is not None else None  # None: nothing saved


def _atomic_write_text(path: str, text: str) -> None:
    """Temp file created exclusively beside the target (never a guessable name), removed
    on any failure, renamed over the target."""
    from auditdesk.app.atomic_file import atomic_write

    atomic_write(Path(path), text.encode("utf-8"), backup=False, durable=False)  # (a result the command can write again)


def _summary(o: Outcome, stream) -> None:
    name = " + ".join(show_name(f) for f in o.file.split(" + "))
    if o.code == EXIT_UNUSABLE:
        return
    from auditdesk.checks.vocabulary import counts_line

    skipped = o.skipped or []
    counts = counts_line({"error": o.errors, "warning": o.warnings, "info": o.infos}, len(skipped))
    _say(f"{name}: {o.tables} 张表；{counts}" + (f"，已排除 {o.dismissed}" if o.dismissed else "")
         + f"（{o.seconds:.2f} 秒）", stream)
    if o.by_rule:
        _say("  按规则：" + "，".join(f"{k}×{v}" for k, v in sorted(o.by_rule.items())), stream)
    if skipped:  # "no finding" must never read as "checked and clean"
        _say("  未检查：" + "；".join(f"{rule} {why}" for rule, why in skipped), stream)
    if o.session_note:
        _say("  " + o.session_note, stream)
    for n in (o.notes or [])[:10]:
        _say("  注意：" + clean_text(n), stream)
    if o.notes and len(o.notes) > 10:
        _say(f"  注意：另有 {len(o.notes) - 10} 页同类情况（见 JSON 的 issues）", stream)


@dataclass
class Skipped:
    file: str
    why: str


def _scan(src: Path) -> tuple[list[Path], list[Skipped], int]:
    """(PDFs to check, entries named *.pdf that cannot be checked and why, other entries)."""
    pdfs: list[Path] = []
    skipped: list[Skipped] = []
    others = 0
    for p in sorted(src.iterdir()):
        if p.suffix.lower() != ".pdf":
            others += 1
            continue
        why = _not_a_regular_file(str(p))
        if why:
            skipped.append(Skipped(str(p), why))
        else:
            pdfs.append(p)
    return pdfs, skipped, others


def _not_a_regular_file(path: str) -> str:
    """Why `path` is no file to open (a FIFO would block the read for ever), or ""."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "是断开的符号链接（指向的文件不存在）" if os.path.islink(path) else ""  # missing: open_disclosure says so
    except OSError as exc:
        return os_sentence(exc, "读取", path)
    if stat.S_ISREG(st.st_mode):
        return ""
    if stat.S_ISDIR(st.st_mode):
        return "是文件夹，不是 PDF 文件"
    if stat.S_ISFIFO(st.st_mode):
        return "是命名管道（FIFO），不是 PDF 文件"
    return "不是普通文件（设备或套接字），不是 PDF 文件"


def batch_names(pdfs: list[Path]) -> list[str]:
    """One output name per PDF, unique even where the file system ignores case:
    a.pdf, a.PDF and a.pdf.pdf get three different names."""
    stems = Counter(p.stem.lower() for p in pdfs)
    used: set[str] = set()
    out = []
    for p in pdfs:
        base = p.stem if stems[p.stem.lower()] == 1 else p.name
        name, k = base, 1
        while name.lower() in used:
            k += 1
            name = f"{base}-{k}"
        used.add(name.lower())
        out.append(name)
    return out


def _batch(args) -> int:
    src = Path(args.target)
    out = Path(args.out_dir or "auditdesk-out")
    pdfs, skipped, others = _scan(src)
    if not pdfs and not skipped:
        _err(f"auditdesk: 文件夹中没有 PDF：{show_name(src, full=True)}")
        return EXIT_UNUSABLE
    if pdfs:
        out.mkdir(parents=True, exist_ok=True)
    names = batch_names(pdfs)
    jobs = [
        (str(p), str(out / (n + ".json")), str(out / (n + ".xlsx")), args.password, not args.no_session, args.ocr,
         str(out / (n + ".checklist.xlsx")) if args.checklist else None, args.checklist_template, args.ocr_max_pages)
        for p, n in zip(pdfs, names)
    ]
    timeout = DEFAULT_TIMEOUT if args.timeout is None else args.timeout
    outcomes = run_jobs(jobs, max(1, args.jobs), timeout) if jobs else []
    shown = [show_name(o.file) for o in outcomes] + [show_name(k.file) for k in skipped]
    width = max(max((_width(n) for n in shown), default=4), 4)
    _say(f"{_pad('文件', width)}  {_pad('结果', 8)}  表  错误  核实  提示  未检查  秒")
    for o, name, n in zip(outcomes, shown, names):
        status = {EXIT_OK: "通过", EXIT_FINDINGS: "有错", EXIT_UNUSABLE: "无法处理"}[o.code]
        extra = [x for x in (o.message, o.session_note, f"结果文件 {show_name(n)}.json/.xlsx"
                             if n != Path(o.file).stem else "") if x]
        _say(
            f"{_pad(name, width)}  {_pad(status, 8)}  {o.tables:>2}  {o.errors:>4}  {o.warnings:>4}  {o.infos:>4}  {len(o.skipped or ()):>6}  {o.seconds:.2f}"
            + "".join(f"  {x}" for x in extra)
        )
    for k, name in zip(skipped, shown[len(outcomes):]):
        _say(f"{_pad(name, width)}  {_pad('已跳过', 8)}  {'':>2}  {'':>4}  {'':>4}  {'':>4}  {'':>6}  {'':>4}  {k.why}")
    if args.checklist:
        from auditdesk.app.checklist_xlsx import write_summary

        write_summary([o.checklist for o in outcomes if o.checklist is not None], args.checklist)
        _say(f"检查表汇总：{show_name(args.checklist, full=True)}")
    bad = sum(o.code == EXIT_UNUSABLE for o in outcomes)
    total = len(outcomes) + len(skipped)
    _say(f"共 {total} 个文件：{len(outcomes) - bad} 个已检查，{bad} 个无法处理"
         + (f"，{len(skipped)} 个已跳过" if skipped else "") + f"；结果在 {show_name(out, full=True)}")
    if others:
        _say(f"另有 {others} 个不是 .pdf 的条目未检查（子文件夹、审核会话文件等）")
    return max([o.code for o in outcomes] + [EXIT_UNUSABLE] * bool(skipped))


DEFAULT_TIMEOUT = 600.0  # seconds per file in a batch: a 200-page scan through OCR fits


def run_jobs(jobs: list[tuple], workers: int, timeout: float | None, *, announce: bool = True) -> list[Outcome]:
    """Each file in a process of its own (at most `workers` at once): a file that hangs
    past `timeout` seconds is stopped and reported, one that crashes the process (MuPDF)
    costs that file only, never the batch."""
    import multiprocessing as mp
    from multiprocessing.connection import wait

    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    pending = list(enumerate(jobs))
    running: dict[int, tuple] = {}  # index → (process, connection, start)
    results: dict[int, Outcome] = {}
    bar = None
    if announce:
        from auditdesk.app import cli_progress

        if cli_progress.wanted():  # a terminal: one bar over the files instead of a line each
            bar = cli_progress.TerminalBar("批量检查")

    def finish(i: int, outcome: Outcome) -> None:
        results[i] = outcome
        if bar is not None:
            bar.report(len(results) / len(jobs), f"{len(results)}/{len(jobs)} {show_name(jobs[i][0])}")
        elif announce:
            _err(f"[{len(results)}/{len(jobs)}] {show_name(jobs[i][0])}")

    while pending or running:
        while pending and len(running) < workers:
            i, job = pending.pop(0)
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(job, send, workers > 1), daemon=True)
            proc.start()
            send.close()
            running[i] = (proc, recv, time.monotonic())
        ready = wait([r for _, r, _ in running.values()], timeout=0.2)
        for i, (proc, recv, t0) in list(running.items()):
            if recv in ready:
                try:
                    outcome = recv.recv()
                except (EOFError, OSError):
                    outcome = Outcome(jobs[i][0], EXIT_UNUSABLE, message="处理此文件时程序意外退出（文件可能已损坏）。")
                proc.join()
            elif timeout and time.monotonic() - t0 > timeout:
                proc.kill()
                proc.join()
                outputs = jobs[i][1:3] + jobs[i][6:7]
                _remove_temps(outputs, t0)  # a write cut off: no temp left behind
                outcome = Outcome(jobs[i][0], EXIT_UNUSABLE, seconds=time.monotonic() - t0,
                                  message=f"超过 {timeout:g} 秒仍未处理完，已停止并跳过，{_written_note(outputs, t0)}（可用 --timeout 调整）。")
            else:
                continue
            recv.close()
            del running[i]
            finish(i, outcome)
    if bar is not None:
        bar.close()
    return [results[i] for i in range(len(jobs))]


def _wall_clock(since: float) -> float:
    """The file-system time of a `time.monotonic()` instant, a second early (mtime granularity)."""
    return time.time() - (time.monotonic() - since) - 1


def _written_note(outputs, since: float) -> str:
    """What a stopped job had already written: the time limit can fire between the JSON and
    the workbook, and the auditor must not be told that nothing was written then."""
    started = _wall_clock(since)
    done, missing = [], []
    for out in outputs:
        if not out or out == "-":
            continue
        try:
            (done if os.stat(out).st_mtime >= started else missing).append(show_name(out))
        except OSError:
            missing.append(show_name(out))
    if not done:
        return "未写出任何结果" if missing else "未写出结果"
    return f"已写出 {'、'.join(done)}" + (f"，未写出 {'、'.join(missing)}" if missing else "")


def _remove_temps(outputs, since: float) -> None:
    """The temps a killed writer left beside its outputs (`.NAME.*.tmp`, made by mkstemp in
    session.atomic_write / workpaper._save_atomic) since the job started."""
    started = _wall_clock(since)
    for out in outputs:
        if not out or out == "-":
            continue
        folder, name = os.path.split(os.path.abspath(out))
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for e in entries:
            if e.startswith(f".{name}.") and e.endswith(".tmp"):
                try:
                    p = os.path.join(folder, e)
                    if os.lstat(p).st_mtime >= started:
                        os.unlink(p)
                except OSError:
                    pass


def _child(job: tuple, conn, cores_taken: bool = False) -> None:
    if cores_taken:  # files checked side by side already use the cores: one page reader each
        os.environ["AUDITDESK_READERS"] = "1"
    try:
        conn.send(_job(job))
    finally:
        conn.close()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _job(args: tuple) -> Outcome:
    path, j, x, password, use_session, ocr, cl, tpl, max_pages, *shown = args
    bar = _bar_for(path) if shown and shown[0] else None  # a single file under --timeout: its own bar
    try:
        # stdout JSON (`-`) is printed by the parent, so a stopped child never leaves half of it
        return check_file(path, j, x, password=password, use_session=use_session, ocr=ocr,
                          checklist_out=cl, checklist_template=tpl, ocr_max_pages=max_pages,
                          stdout_json=j != "-", bar=bar)
    except OSError as exc:
        return Outcome(path, EXIT_UNUSABLE, message=os_sentence(exc, "处理", exc.filename or path))
    except MemoryError:
        return Outcome(path, EXIT_UNUSABLE, message="文件太大，内存不足，无法处理。")
    except Exception as exc:  # a bug on one file must not stop the batch
        return Outcome(path, EXIT_UNUSABLE, message=f"内部错误：{type(exc).__name__}: {exc}")
    finally:
        if bar is not None:
            bar.close()


def _bar_for(target) -> "TerminalBar | None":
    """The progress bar of one check, when stderr is a terminal."""
    from auditdesk.app import cli_progress

    if not cli_progress.wanted():
        return None
    names = [target] if isinstance(target, str) else list(target)
    return cli_progress.TerminalBar(" + ".join(show_name(Path(n).name) for n in names))


# --------------------------------------------------------------------------- output safety


def refuse_outputs(inputs: list[str], outputs: dict[str, str | None]) -> str:
    """Why writing these outputs would destroy an input PDF or the auditor's saved session
    (or one output the other), or "" when they are safe."""
    from auditdesk.app.session_schema import SESSION_SUFFIX as SUFFIX, sessions_dir  # light: no session import

    def ident(p: str):
        try:
            st = os.stat(p)
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    protected: dict = {}
    for i in inputs:
        for p, what in ((i, "输入的 PDF"), (i + SUFFIX, "审核会话文件"), (i + SUFFIX + ".bak", "审核会话备份")):
            protected[os.path.realpath(p)] = what
            if ident(p) is not None:
                protected[ident(p)] = what
    seen: dict[str, str] = {}
    app_sessions = os.path.realpath(sessions_dir())
    for flag, out in outputs.items():
        if not out or out == "-":
            continue
        real = os.path.realpath(out)
        name = os.path.basename(real).lower()
        what = protected.get(real) or protected.get(ident(out))
        if what is None and (".auditdesk." in name and name.endswith((".json", ".bak", ".lock"))
                             or os.path.dirname(real) == app_sessions):
            what = "审核会话文件"
        if what:
            return f"{flag} {show_name(out, full=True)} 是{what}，写出会把它覆盖，已拒绝（请换一个输出文件名）。"
        if real in seen:
            return f"{flag} 与 {seen[real]} 是同一个文件 {show_name(out, full=True)}，已拒绝（请分别指定输出文件）。"
        seen[real] = flag
    return ""


# --------------------------------------------------------------------------- messages

_ERRNO_ZH = {
    "ENOSPC": "磁盘空间已满",
    "EDQUOT": "超出了磁盘配额",
    "EROFS": "所在磁盘或文件夹是只读的",
    "EACCES": "没有权限",
    "EPERM": "没有权限",
    "ENOENT": "文件或文件夹不存在",
    "ENOTDIR": "路径中有一部分不是文件夹",
    "EISDIR": "这是一个文件夹",
    "ENAMETOOLONG": "文件名太长",
    "EIO": "磁盘读写出错（设备或网络故障）",
    "EFBIG": "文件超过了允许的大小",
    "EMFILE": "同时打开的文件太多",
    "ENFILE": "同时打开的文件太多",
    "ENOMEM": "内存不足",
    "ELOOP": "符号链接形成了循环",
    "ETXTBSY": "文件正被其他程序使用",
    "EBUSY": "文件正被其他程序使用",
    "EXDEV": "不能跨磁盘改名",
    "ESTALE": "网络文件已失效",
    "ETIMEDOUT": "网络超时",
    "EAGAIN": "文件暂时无法访问",
}


def os_sentence(exc: OSError, action: str, path: str | os.PathLike[str] | None = None) -> str:
    """One plain sentence for any OSError: 无法写出 r.json：磁盘空间已满。"""
    name = errno.errorcode.get(exc.errno or 0, "")
    reason = _ERRNO_ZH.get(name) or (f"系统错误：{exc.strerror}" if exc.strerror else f"系统错误：{exc}")
    where = exc.filename or path
    return f"无法{action}{' ' + show_name(where, full=True) if where else ''}：{reason}。"


def show_name(path: str | os.PathLike[str], *, full: bool = False) -> str:
    """A file name as it may be shown on a terminal: bytes that are not UTF-8 (a GBK name)
    decoded as GB18030, control characters and invisible format characters escaped
    (a newline or an ESC in a name never reaches the terminal raw)."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if not full:
        text = os.path.basename(text) or text
    return clean_text(_undo_surrogates(text))


def _undo_surrogates(text: str) -> str:
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    raw = text.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def clean_text(text: str) -> str:
    """Control / format / unassigned characters → visible escapes (\\n, \\x1b, \\u202e)."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch == " " or unicodedata.category(ch) in ("Zs", "Mn", "Mc", "Me"):
            out.append(ch)
        elif "\udc80" <= ch <= "\udcff":
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def _can_encode(stream, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def safe_streams() -> None:
    """stdout/stderr that cannot encode Chinese (PYTHONIOENCODING=ascii, a legacy console)
    print escapes instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        if not _can_encode(stream, "审核\u2014") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except Exception:  # an exotic stream: leave it
                pass


def _say(text: str, stream=None) -> None:
    stream = stream or sys.stdout
    try:
        print(text, file=stream)
    except UnicodeEncodeError:  # a stream safe_streams could not reconfigure
        enc = getattr(stream, "encoding", None) or "ascii"
        print(text.encode(enc, "backslashreplace").decode(enc, "replace"), file=stream)


def _err(text: str) -> None:
    _say(text, sys.stderr)


def run_cli(argv: list[str]) -> int:
    safe_streams()
    try:
        return _run(argv)
    except BrokenPipeError:  # `auditdesk check … | head`: the reader left, nothing to say
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_OK


def _run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.command != "check":
        build_parser().print_help()
        return EXIT_OK
    if args.checklist_template:
        from auditdesk.checks.checklist_template import TemplateError, load_template

        try:
            load_template(args.checklist_template)  # a broken template is refused before any work
        except TemplateError as exc:
            _err(f"auditdesk: {exc}")
            return EXIT_UNUSABLE
    targets = args.target
    if len(targets) > 1 and any(os.path.isdir(t) for t in targets):
        _err("auditdesk: 参数错误：批量检查请只给一个文件夹；几个 PDF 文件则作为同一份公开文件（情况说明 + 表格）合并检查。")
        return EXIT_UNUSABLE
    args.target = targets[0] if len(targets) == 1 else targets
    if args.timeout is not None and not args.timeout > 0:
        _err("auditdesk: 参数错误：--timeout 必须是正数（秒）")
        return EXIT_UNUSABLE
    if args.ocr_max_pages is not None and args.ocr_max_pages < 1:
        _err("auditdesk: 参数错误：--ocr-max-pages 必须是正整数（页）")
        return EXIT_UNUSABLE
    if len(targets) == 1 and os.path.isdir(args.target):
        try:
            return _batch(args)
        except OSError as exc:  # the output folder cannot be made / written
            _err(f"auditdesk: {os_sentence(exc, '写出结果', exc.filename or args.out_dir)}")
            return EXIT_UNUSABLE
    try:
        if args.timeout is not None:
            # the check in a process of its own, stopped after --timeout seconds (a page stuck
            # in MuPDF or OCR included); outputs are written atomically, so none is half-written
            job = (args.target, args.json, args.xlsx, args.password, not args.no_session, args.ocr,
                   args.checklist, args.checklist_template, args.ocr_max_pages, not args.quiet)
            outcome = run_jobs([job], 1, args.timeout, announce=False)[0]
            if outcome.code == EXIT_UNUSABLE and outcome.message.startswith("超过 "):
                outcome.message = outcome.message.replace("已停止并跳过", "已停止")
            if outcome.json_text is not None and outcome.code != EXIT_UNUSABLE:
                ascii_only = not _can_encode(sys.stdout, "审核")
                if ascii_only:
                    from auditdesk.app.result_json import dumps

                    text = dumps(json.loads(outcome.json_text), ensure_ascii=True)
                else:
                    text = outcome.json_text
                sys.stdout.write(text + "\n")
        else:
            bar = None if args.quiet else _bar_for(args.target)
            try:
                outcome = check_file(
                    args.target, args.json, args.xlsx, password=args.password, use_session=not args.no_session,
                    ocr=args.ocr, checklist_out=args.checklist, checklist_template=args.checklist_template,
                    ocr_max_pages=args.ocr_max_pages, bar=bar,
                )
            finally:
                if bar is not None:
                    bar.close()
    except OSError as exc:
        outcome = Outcome(" + ".join(targets), EXIT_UNUSABLE, message=os_sentence(exc, "处理", exc.filename))
    except MemoryError:
        outcome = Outcome(" + ".join(targets), EXIT_UNUSABLE, message="文件太大，内存不足，无法处理。")
    except Exception as exc:  # a bug must still end in one sentence, never a traceback
        outcome = Outcome(" + ".join(targets), EXIT_UNUSABLE, message=f"内部错误（{type(exc).__name__}: {exc}），请把此文件反馈给开发者。")
    if outcome.code == EXIT_UNUSABLE:
        # (with several files, the message already names the one at fault)
        shown = f"{show_name(targets[0])}：" if len(targets) == 1 else ""
        _err(f"auditdesk: {shown}{clean_text(outcome.message)}")
        return EXIT_UNUSABLE
    if not args.quiet:
        _summary(outcome, sys.stderr if args.json == "-" else sys.stdout)
    elif outcome.dismissed:  # even quiet, a saved session that changed the result is said
        _err(f"auditdesk: {outcome.session_note}")
    return outcome.code


def main() -> None:
    from auditdesk.app.command_exit import exit_now, quick_command
    from auditdesk.regex_cache import keep_at_exit

    quick_command()
    keep_at_exit()
    try:
        code = run_cli(sys.argv[1:])
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
    exit_now(code)
    raise SystemExit(code)


if __name__ == "__main__":
    main()

"""`auditdesk check …` — headless extraction, checks, JSON and working paper. Imports no Qt."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from auditdesk import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line, exit 2 (no usage dump + traceback)
        print(f"auditdesk: 参数错误：{message}（auditdesk check --help 查看用法）", file=sys.stderr)
        raise SystemExit(EXIT_UNUSABLE)


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
    c.add_argument("--out-dir", metavar="DIR", help="批量模式：每个 PDF 写一个 JSON 和一个 XLSX 到此文件夹")
    c.add_argument("-j", "--jobs", type=int, default=1, help="批量模式并行进程数")
    c.add_argument("--ocr", choices=("auto", "on", "off"), default="auto", help="OCR（需要 .[ocr] 扩展）：auto 只识别扫描件/乱码页（默认），on 识别所有页面，off 不识别")
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


def check_file(
    path: str | list[str],
    json_out: str | None,
    xlsx_out: str | None,
    *,
    password: str | None = None,
    use_session: bool = True,
    ocr: str = "auto",
) -> Outcome:
    """Extract + check one disclosure and write the requested outputs. Never raises for bad
    input.  `path` may list several PDFs of one disclosure (情况说明 and tables): they are
    reviewed as one document (no saved review session is applied to such a pair)."""
    from auditdesk.parsing.errors import UnusableInput

    paths = [path] if isinstance(path, str) else list(path)
    path = " + ".join(paths)
    if len(paths) > 1:
        use_session = False
    t0 = time.perf_counter()
    try:
        from auditdesk.parsing.extract import is_disclosure, open_disclosures

        doc = open_disclosures(paths, password=password, ocr=ocr)
        if not is_disclosure(doc):
            raise UnusableInput("not_disclosure", "没有找到任何决算/预算表格或情况说明，这不像是一份决算/预算公开文件。")
    except UnusableInput as exc:
        return Outcome(path, EXIT_UNUSABLE, message=exc.message)
    except MemoryError:
        return Outcome(path, EXIT_UNUSABLE, message="文件太大，内存不足，无法处理。")
    session = None
    if use_session:
        session = _load_session(path, doc)
    from auditdesk.checks.engine import run_checks

    report = run_checks(doc)
    if session is not None and hasattr(session, "set_report"):
        session.set_report(report)  # F-ids in the 修改记录; a sign-off whose findings changed is void
    seconds = time.perf_counter() - t0
    if json_out:
        from auditdesk.app.result_json import document_json

        data = document_json(doc, report, seconds)
        text = json.dumps(data, ensure_ascii=False, indent=1)
        if json_out == "-":
            sys.stdout.write(text + "\n")
        else:
            _atomic_write_text(json_out, text)
    if xlsx_out:
        from auditdesk.app.workpaper import write_workpaper

        write_workpaper(doc, report, session, xlsx_out)
    counts = report.counts()
    if session is not None and hasattr(session, "split_dismissed"):
        # findings the auditor dismissed (已排除, with a reason) no longer fail the check
        active, _dismissed = session.split_dismissed(report.findings)
        counts["error"] = sum(f.severity == "error" for f in active)
    return Outcome(
        path,
        EXIT_FINDINGS if counts["error"] else EXIT_OK,
        tables=len(doc.tables),
        errors=counts["error"],
        warnings=counts["warning"],
        infos=counts["info"],
        seconds=time.perf_counter() - t0,
        by_rule=_by_rule(report),
        skipped=_skipped(report, doc.kind),
    )


def _skipped(report, kind) -> list[tuple[str, str]]:
    from auditdesk.checks.vocabulary import SKIPPED, in_document_words, printed

    return [(c.rule, printed(in_document_words(c.why, kind))) for c in report.coverage if c.status == SKIPPED]


def _by_rule(report) -> dict[str, int]:
    from auditdesk.checks.vocabulary import SEVERITY_ZH

    out: dict[str, int] = {}
    for f in report.findings:
        key = f"{f.rule}({ SEVERITY_ZH[f.severity] })"
        out[key] = out.get(key, 0) + 1
    return out


def _load_session(path: str, doc):
    """Re-apply the auditor's saved corrections (the JSON and workbook reflect them)."""
    try:
        from auditdesk.app import session as session_mod
    except ImportError:
        return None
    apply = getattr(session_mod, "apply_session_to_document", None)
    if apply is None:
        return None
    try:
        result = apply(doc, path)
    except Exception as exc:  # a broken session file must not stop a headless check
        print(f"auditdesk: 审核会话未能载入（{exc}），按原始提取结果检查。", file=sys.stderr)
        return None
    if getattr(result, "mismatch", None) is not None and result.session is None:
        print("auditdesk: 已保存的审核会话属于内容不同的另一版 PDF（SHA-256 不一致），本次未套用。", file=sys.stderr)
    elif result.messages:
        print(f"auditdesk: 审核会话：{'；'.join(result.messages)}", file=sys.stderr)
    return result.session  # a ReviewSession, or None (nothing saved / not applied)


def _atomic_write_text(path: str, text: str) -> None:
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def _summary(o: Outcome, stream) -> None:
    name = " + ".join(os.path.basename(f) for f in o.file.split(" + "))
    if o.code == EXIT_UNUSABLE:
        return
    from auditdesk.checks.vocabulary import counts_line

    skipped = o.skipped or []
    counts = counts_line({"error": o.errors, "warning": o.warnings, "info": o.infos}, len(skipped))
    print(f"{name}: {o.tables} 张表；{counts}（{o.seconds:.2f} 秒）", file=stream)
    if o.by_rule:
        print("  按规则：" + "，".join(f"{k}×{v}" for k, v in sorted(o.by_rule.items())), file=stream)
    if skipped:  # "no finding" must never read as "checked and clean"
        print("  未检查：" + "；".join(f"{rule} {why}" for rule, why in skipped), file=stream)


def _batch(args) -> int:
    src = Path(args.target)
    out = Path(args.out_dir or "auditdesk-out")
    pdfs = sorted(p for p in src.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    if not pdfs:
        print(f"auditdesk: 文件夹中没有 PDF：{src}", file=sys.stderr)
        return EXIT_UNUSABLE
    out.mkdir(parents=True, exist_ok=True)
    # a.pdf and a.PDF (or a.pdf beside a.Pdf) must not overwrite each other's results
    stems = Counter(p.stem.lower() for p in pdfs)
    names = [p.stem if stems[p.stem.lower()] == 1 else p.name for p in pdfs]
    jobs = [
        (str(p), str(out / (n + ".json")), str(out / (n + ".xlsx")), args.password, not args.no_session, args.ocr)
        for p, n in zip(pdfs, names)
    ]
    if args.jobs > 1:
        outcomes = _parallel(jobs, args.jobs)
    else:
        outcomes = []
        for i, j in enumerate(jobs, 1):
            print(f"[{i}/{len(jobs)}] {os.path.basename(j[0])}", file=sys.stderr)
            outcomes.append(_job(j))
    width = max(max(_width(os.path.basename(o.file)) for o in outcomes), 4)
    print(f"{_pad('文件', width)}  {_pad('结果', 8)}  表  错误  核实  提示  未检查  秒")
    for o in outcomes:
        status = {EXIT_OK: "通过", EXIT_FINDINGS: "有错", EXIT_UNUSABLE: "无法处理"}[o.code]
        print(
            f"{_pad(os.path.basename(o.file), width)}  {_pad(status, 8)}  {o.tables:>2}  {o.errors:>4}  {o.warnings:>4}  {o.infos:>4}  {len(o.skipped or ()):>6}  {o.seconds:.2f}"
            + (f"  {o.message}" if o.message else "")
        )
    bad = sum(o.code == EXIT_UNUSABLE for o in outcomes)
    print(f"共 {len(outcomes)} 个文件：{len(outcomes) - bad} 个已检查，{bad} 个无法处理；结果在 {out}")
    return max(o.code for o in outcomes)


def _parallel(jobs: list[tuple], workers: int) -> list[Outcome]:
    """Run jobs in worker processes; a worker that dies (e.g. MuPDF crashes on one file)
    costs that file only, never the batch."""
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    results: dict[int, Outcome] = {}

    def done(i: int, fut) -> bool:
        try:
            results[i] = fut.result()
        except BrokenProcessPool:
            return False
        except Exception as exc:
            results[i] = Outcome(jobs[i][0], EXIT_UNUSABLE, message=f"内部错误：{type(exc).__name__}: {exc}")
        print(f"[{len(results)}/{len(jobs)}] {os.path.basename(jobs[i][0])}", file=sys.stderr)
        return True

    broken: list[int] = []
    with ProcessPoolExecutor(max_workers=workers) as ex:
        futures = {ex.submit(_job, j): i for i, j in enumerate(jobs)}
        for fut in as_completed(futures):
            if not done(futures[fut], fut):
                broken.append(futures[fut])
    # the pool died and took the unfinished files with it: the culprit is unknown, so
    # each of them gets a pool of its own
    for i in sorted(broken):
        with ProcessPoolExecutor(max_workers=1) as ex:
            if not done(i, ex.submit(_job, jobs[i])):
                results[i] = Outcome(jobs[i][0], EXIT_UNUSABLE, message="处理此文件时程序意外退出（文件可能已损坏）。")
    return [results[i] for i in range(len(jobs))]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _job(args: tuple) -> Outcome:
    path, j, x, password, use_session, ocr = args
    try:
        return check_file(path, j, x, password=password, use_session=use_session, ocr=ocr)
    except Exception as exc:  # a bug on one file must not stop the batch
        return Outcome(path, EXIT_UNUSABLE, message=f"内部错误：{type(exc).__name__}: {exc}")


def run_cli(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.command != "check":
        build_parser().print_help()
        return EXIT_OK
    targets = args.target
    if len(targets) > 1 and any(os.path.isdir(t) for t in targets):
        print("auditdesk: 参数错误：批量检查请只给一个文件夹；几个 PDF 文件则作为同一份公开文件（情况说明 + 表格）合并检查。",
              file=sys.stderr)
        return EXIT_UNUSABLE
    args.target = targets[0] if len(targets) == 1 else targets
    if len(targets) == 1 and os.path.isdir(args.target):
        try:
            return _batch(args)
        except OSError as exc:  # the output folder cannot be made / written
            print(f"auditdesk: 无法写出结果：{exc.strerror or exc}（{exc.filename or args.out_dir}）", file=sys.stderr)
            return EXIT_UNUSABLE
    try:
        outcome = check_file(
            args.target, args.json, args.xlsx, password=args.password, use_session=not args.no_session, ocr=args.ocr
        )
    except OSError as exc:
        print(f"auditdesk: 无法写出结果：{exc.strerror or exc}（{exc.filename or ''}）", file=sys.stderr)
        return EXIT_UNUSABLE
    except Exception as exc:  # a bug must still end in one sentence, never a traceback
        outcome = Outcome(" + ".join(targets), EXIT_UNUSABLE, message=f"内部错误（{type(exc).__name__}: {exc}），请把此文件反馈给开发者。")
    if outcome.code == EXIT_UNUSABLE:
        # (with several files, the message already names the one at fault)
        shown = f"{os.path.basename(targets[0])}：" if len(targets) == 1 else ""
        print(f"auditdesk: {shown}{outcome.message}", file=sys.stderr)
        return EXIT_UNUSABLE
    if not args.quiet:
        _summary(outcome, sys.stderr if args.json == "-" else sys.stdout)
    return outcome.code


def main() -> None:
    try:
        code = run_cli(sys.argv[1:])
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
    raise SystemExit(code)


if __name__ == "__main__":
    main()

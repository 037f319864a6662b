"""Plain-text rendering of an :class:`EventReport` for the terminal."""

from __future__ import annotations

from lanner.eval.events import NONE_ROOT, ErrorCase, EventReport

__all__ = ["render_event_report"]


def _pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{100 * value:5.1f}%"


def render_event_report(report: EventReport, show_errors: int = 10) -> str:
    """The report as aligned text tables; at most ``show_errors`` misses and false alarms."""
    lines = [f"Documents: {report.documents}", ""]
    if report.by_format:
        lines.append("Triples (source, target, CAMEO root)")
        lines.append(f"  {'set':<10} {'TP':>5} {'FP':>5} {'FN':>5} {'P':>7} {'R':>7} {'F1':>7}")
        rows = sorted(report.by_format.items())
        if len(rows) > 1:
            rows.append(("all", report.triple))
        for name, s in rows:
            lines.append(
                f"  {name:<10} {s.tp:>5} {s.fp:>5} {s.fn:>5}"
                f" {_pct(s.precision):>7} {_pct(s.recall):>7} {_pct(s.f1):>7}"
            )
        lines.append("")
        scored = [(n, f) for n, f in report.fields.items() if f.total]
        if scored:
            lines.append("Field accuracy on matched events")
            for name, f in scored:
                lines.append(f"  {name:<14} {_pct(f.accuracy)}  ({f.correct}/{f.total})")
            lines.append("")
        lines.extend(_confusion_lines(report))
    if report.plover is not None:
        p = report.plover
        lines.append("PLOVER gold standard")
        lines.append(f"  coverage       {_pct(p.coverage)}  ({p.covered}/{p.sentences} sentences)")
        lines.append(
            f"  event type     {_pct(p.type_accuracy)}  ({p.type_correct}/{p.covered} covered)"
        )
        lines.append("")
    if show_errors > 0:
        lines.extend(_error_lines("Misses", report.misses, show_errors))
        lines.extend(_error_lines("False alarms", report.false_alarms, show_errors))
    for warning in report.warnings:
        lines.append(f"warning: {warning}")
    return "\n".join(lines).rstrip() + "\n"


def _confusion_lines(report: EventReport) -> list[str]:
    if not report.confusion:
        return []
    gold_roots = sorted({g for g, _ in report.confusion}, key=_root_order)
    pred_roots = sorted({p for _, p in report.confusion}, key=_root_order)
    lines = ["Confusion by root (rows gold, columns predicted; 'none' = no event on that dyad)"]
    lines.append("  " + " " * 5 + "".join(f"{p:>5}" for p in pred_roots))
    for g in gold_roots:
        cells = "".join(f"{report.confusion.get((g, p), 0) or '.':>5}" for p in pred_roots)
        lines.append(f"  {g:>4} {cells}")
    lines.append("")
    return lines


def _root_order(root: str) -> tuple[int, str]:
    return (1, root) if root == NONE_ROOT else (0, root)


def _error_lines(title: str, cases: list[ErrorCase], limit: int) -> list[str]:
    if not cases:
        return []
    lines = [f"{title} ({len(cases)}, showing {min(limit, len(cases))})"]
    for case in cases[:limit]:
        lines.append(f"  [{case.doc_id}] {case.sentence}")
        for g in case.gold:
            lines.append(f"      gold: {g}")
        for p in case.predicted:
            lines.append(f"      pred: {p}")
    lines.append("")
    return lines

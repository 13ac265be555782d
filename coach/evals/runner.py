"""The evaluation runner: ask each case's question, run its checks, and report pass rates.

A check is a small pure function ``check(answer, expected, latency_s) -> str | None`` over the
answer dict (``Answer.to_json()``): ``None`` when it passes, otherwise one line saying what was
wrong. The runner only needs ``ask(question, history) -> dict``, so it is decoupled from the coach
and tests drive it with hand-written answers. A case's ``checks`` mapping is validated with
``extra="forbid"``: a misspelt check fails loudly instead of silently checking nothing.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence

from pydantic import BaseModel, Field

from coach.evals.cases import CATEGORIES, Case, Checks
from coach.evals.checks import CHECKS

Ask = Callable[[str, list[dict]], dict]


class CaseResult(BaseModel):
    id: str
    category: str
    passed: bool
    failures: list[str] = Field(default_factory=list, description="'check: what was wrong' per failed check")
    latency_s: float
    mode: str | None = None
    fallback: bool = False
    answer: dict | None = None


class CategoryStats(BaseModel):
    passed: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


class EvalReport(BaseModel):
    results: list[CaseResult]
    categories: dict[str, CategoryStats]
    passed: int
    total: int
    pass_rate: float
    median_latency_s: float
    max_latency_s: float
    fallbacks: int
    model: str = ""

    @property
    def failed(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]

    def failures_by_check(self) -> Counter:
        return Counter(f.split(":", 1)[0] for r in self.results for f in r.failures)

    def to_json(self) -> dict:
        data = self.model_dump()
        data["categories"] = {
            name: {**stats.model_dump(), "rate": round(stats.rate, 4)}
            for name, stats in self.categories.items()
        }
        data["failures_by_check"] = dict(self.failures_by_check())
        return data


def run_checks(answer: dict, checks: Checks, latency_s: float) -> list[str]:
    failures = []
    for name, expected in checks:
        if expected is None or expected is False:
            continue
        problem = CHECKS[name](answer, expected, latency_s)
        if problem:
            failures.append(f"{name}: {problem}")
    return failures


def run_case(ask: Ask, case: Case) -> CaseResult:
    """Ask the case's question (timing the call) and run its checks. A crash fails the case."""
    history = [turn.model_dump() for turn in case.history]
    started = time.perf_counter()
    try:
        answer = ask(case.question, history)
    except Exception as exc:
        latency = time.perf_counter() - started
        return CaseResult(
            id=case.id,
            category=case.category,
            passed=False,
            failures=[f"ask: raised {type(exc).__name__}: {exc}"[:300]],
            latency_s=latency,
        )
    latency = time.perf_counter() - started
    if not isinstance(answer, dict):
        answer = {}
        failures = ["ask: did not return an answer dict"]
    else:
        failures = run_checks(answer, case.checks, latency)
    return CaseResult(
        id=case.id,
        category=case.category,
        passed=not failures,
        failures=failures,
        latency_s=latency,
        mode=answer.get("mode"),
        fallback=bool(answer.get("fallback")),
        answer=answer,
    )


Progress = Callable[[int, int, CaseResult], None]


def run_eval(ask: Ask, cases: Sequence[Case], progress: Progress | None = None) -> EvalReport:
    """Run every case in order; ``progress(done, total, result)`` after each."""
    results = []
    for n, case in enumerate(cases, 1):
        result = run_case(ask, case)
        results.append(result)
        if progress:
            progress(n, len(cases), result)
    categories = {name: CategoryStats() for name in CATEGORIES if any(r.category == name for r in results)}
    for r in results:
        categories[r.category].total += 1
        categories[r.category].passed += r.passed
    latencies = [r.latency_s for r in results]
    passed = sum(r.passed for r in results)
    models = [r.answer.get("model") for r in results if r.answer and r.answer.get("model")]
    return EvalReport(
        results=results,
        categories=categories,
        passed=passed,
        total=len(results),
        pass_rate=passed / len(results) if results else 0.0,
        median_latency_s=statistics.median(latencies) if latencies else 0.0,
        max_latency_s=max(latencies, default=0.0),
        fallbacks=sum(r.fallback for r in results),
        model=models[0] if models else "",
    )


def format_report(report: EvalReport) -> str:
    """A plain-text table: pass rate per category and overall, latency, then each failure."""
    lines = [f"Evaluation: {report.total} cases" + (f", model: {report.model}" if report.model else ""), ""]
    lines.append(f"{'category':<14}{'passed':>8}{'total':>7}{'rate':>9}")
    for name, stats in report.categories.items():
        lines.append(f"{name:<14}{stats.passed:>8}{stats.total:>7}{stats.rate:>9.1%}")
    lines.append("-" * 38)
    lines.append(f"{'overall':<14}{report.passed:>8}{report.total:>7}{report.pass_rate:>9.1%}")
    lines.append("")
    lines.append(f"median answer latency: {report.median_latency_s:.2f}s (max {report.max_latency_s:.2f}s)")
    if report.fallbacks:
        lines.append(f"fallback answers (the chat model failed): {report.fallbacks}")
    if report.failed:
        counts = ", ".join(f"{name} {n}" for name, n in report.failures_by_check().most_common())
        lines += ["", f"failed checks: {counts}", "", "failed cases:"]
        for r in report.failed:
            lines.append(f"  {r.id} ({r.category}, mode {r.mode})")
            lines += [f"    - {failure}" for failure in r.failures]
    return "\n".join(lines)


# --- the `coach eval` command --------------------------------------------------------------

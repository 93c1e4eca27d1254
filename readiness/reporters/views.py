"""View-model helpers shared by the HTML and Markdown reports: the numbers and short texts templates show."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from readiness.findings import DECIDED, STATUSES, UNPROVEN
from readiness.reporters import values
from readiness.reporters.templating import STATUS_LABELS
from readiness.scorecard import FileEntry, Scorecard, ScoredCheck
from readiness.scoring import GRADES
from readiness.textsafe import clip

DETAIL_ITEMS = 10  # entries shown per details key (adapters already keep their samples small)
DETAIL_TEXT = 300  # characters per shown detail line


def band(score: float | None) -> str:
    """A category score's band for colouring (the score is always printed beside it)."""
    if score is None:
        return "none"
    if score >= 8:
        return "good"
    return "fair" if score >= 5 else "poor"


def grade_band(grade: str) -> str:
    """The colour band of a letter grade."""
    return {"A": "good", "B": "good", "C": "fair", "D": "fair"}.get(grade, "poor")


def grade_scale() -> str:
    """The grade thresholds as people read them: 'A 90+, B 80+, C 70+, D 60+, else F'."""
    return ", ".join(f"{letter} {floor}+" for floor, letter in GRADES) + ", else F"


def size_text(size: int) -> str:
    """A file size in bytes, KB or MB (1 KB = 1024 bytes)."""
    return values.size(size)


def age_text(days: float) -> str:
    """An evidence age such as '2.8 days', 'under an hour' or '1 day'."""
    if days < 1 / 24:
        return "under an hour"
    if days < 1:
        return f"{days * 24:.0f} hours"
    return "1 day" if round(days, 1) == 1 else f"{days:.1f} days"


_SOURCE_NAMES = {"git": "git commit", "mtime": "file mtime"}


def source_text(time_source: str) -> str:
    """Where an evidence time came from, in words."""
    return {"content": "time from file content", "git": "time from the last git commit changing it"}.get(
        time_source, "time from file modification (mtime)")


def source_name(time_source: str, content: str = "content") -> str:
    """Where an evidence time came from, in a word or two (the mtime is the weakest source); `content`
    is the word for a time the file states (the HTML page says "file content")."""
    return content if time_source == "content" else _SOURCE_NAMES.get(time_source, "file mtime")


def count_text(count: int, noun: str) -> str:
    """'1 check', '1,234 files': a count with thousands separators and a naive plural."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def _one(value: Any, key: str = "") -> str:
    """A details value on one line; numbers in their unit when the key is a fact name, else to 3 digits."""
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_one(v, str(k))}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, list):
        return ", ".join(_one(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return values.show(key, value) if "." in key else values.show("", value)
    return " ".join(str(value).split())


def detail_lines(details: Mapping[str, Any], items: int = DETAIL_ITEMS,
                 text: int | None = DETAIL_TEXT) -> list[tuple[str, list[str]]]:
    """An adapter's free-form details as (heading, lines) for people, each line one short string.

    What a failing count counts (details["offenders"]) comes first, and in every list the entries that name
    one of those items come before the rest, so a cut list never hides the failing entry.
    Details are untrusted evidence text: this only flattens and shortens; templates escape.
    """
    named = offenders(details)
    flagged = [item for items_ in named.values() for item in items_]
    shown = []
    if named:
        lines = [f"{values.label(fact)}: {', '.join(names)}" for fact, names in named.items()]
        shown.append(("Failing", [clip(line, text) for line in lines[:items]]))
    for key, value in details.items():
        if key in ("offenders", "consistency"):  # shown above as "Failing"
            continue
        heading = key.replace("_", " ").capitalize()
        listed = value if isinstance(value, list) else [value]
        flat = sorted((_one(v) for v in listed), key=lambda line: not _mentions(line, flagged))
        lines = [clip(line, text) for line in flat[:items]]
        if len(listed) > items:
            lines.append(f"…and {len(listed) - items:,} more")
        if lines:
            shown.append((heading, lines))
    return shown


def _mentions(line: str, names: Sequence[str]) -> bool:
    return any(name and name in line for name in names)


def offenders(details: Mapping[str, Any]) -> dict[str, list[str]]:
    """What each failing count in a file counts: {fact: [items]}, from details["offenders"]."""
    named = details.get("offenders")
    if not isinstance(named, Mapping):
        return {}
    return {str(fact): [str(i) for i in items] for fact, items in named.items() if isinstance(items, list) and items}


def evidence_of(check: ScoredCheck, files: Mapping[str, FileEntry]) -> list[FileEntry]:
    """The inventory entries of the files a check read."""
    return [files[ref.path] for ref in check.evidence if ref.path in files]


def summed_counts(entries: Sequence[FileEntry]) -> dict[str, float]:
    """Numeric bare facts present in every primary file a check read, summed (as counts merge across files);
    the counts behind a rate are bare names (values._counts), so per-series facts are never summed.

    Companion files (part of another file's run), copies and other formats of a run already read are left
    out so one run is counted once; the caller only uses these counts when they reproduce the check's own
    rate exactly.
    """
    primary = [e for e in entries if e.part_of is None and e.duplicate_of is None and e.status == "parsed"]
    if not primary:
        return {}
    keys = set.intersection(*({k for k in e.facts if "{" not in k} for e in primary))
    summed: dict[str, float] = {}
    for key in sorted(keys):
        numbers = [e.facts[key] for e in primary]
        if all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers):
            summed[key] = float(sum(numbers))  # type: ignore[arg-type]
    return summed


def condition_lines(check: ScoredCheck, files: Mapping[str, FileEntry]) -> list[values.Line]:
    """Each condition of a check as a sentence with units, the counts behind a rate and the failing items."""
    entries = evidence_of(check, files)
    counts = summed_counts(entries)
    lines = []
    for result in check.conditions:
        base = result.fact.split("{", 1)[0]
        named = [n for e in entries for n in offenders(e.details).get(base, [])]
        unique = list(dict.fromkeys(named))
        lines.append(values.condition_line(result.fact, result.actual, result.expected, result.holds, counts,
                                           unique))
    return lines


def headline(check: ScoredCheck, lines: Sequence[values.Line]) -> str:
    """A check's result in one line: the conditions that do not hold, in words, or why it was not judged."""
    if check.status == "pass":
        return " · ".join(line.text for line in lines)
    failing = [line.text for line in lines if line.holds is False]
    if check.status == "fail" and failing:
        return " · ".join(failing)
    return check.reason


def fact_rows(facts: Mapping[str, Any], series_limit: int | None = None
              ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]], int]:
    """A file's facts as (words, value, fact name): the file's own facts, then its first `series_limit`
    per-series facts (all when None), and how many per-series facts it has. Only rows shown are worded."""
    own: list[tuple[str, str, str]] = []
    series: list[tuple[str, str, str]] = []
    in_series = 0
    for name, value in facts.items():
        if "{" not in name:
            own.append((values.label(name), values.show(name, value), name))
            continue
        in_series += 1
        if series_limit is None or len(series) < series_limit:
            series.append((values.label(name), values.show(name, value), name))
    return own, series, in_series


def gate_reasons(card: Scorecard) -> list[str]:
    """The gate's reasons, a required check's failure told in words and units like everywhere else."""
    files = {f.path: f for f in card.files}
    checks = {c.id: c for c in card.checks}
    shown = []
    for reason in card.gate.reasons:
        for check_id in card.gate.required:
            check = checks.get(check_id)
            if check is not None and check.status == "fail" and reason.startswith(f"required check '{check_id}' ") \
                    and reason.endswith(": " + check.reason):
                head = reason[: len(reason) - len(check.reason)]
                reason = head + headline(check, condition_lines(check, files))
                break
        shown.append(reason)
    return shown


def tally(checks: Sequence[ScoredCheck]) -> str:
    """'1 failed, 1 not proven, 2 passed': failures first, in the words every report uses."""
    counts = [(sum(c.status == "fail" for c in checks), "failed"),
              (sum(c.status in UNPROVEN for c in checks), "not proven"),
              (sum(c.status not in (*UNPROVEN, *DECIDED, "fail", "pass") for c in checks), "other"),
              (sum(c.status == "pass" for c in checks), "passed"),
              (sum(c.status in DECIDED for c in checks), "set aside")]
    return ", ".join(f"{n:,} {word}" for n, word in counts if n) or "no checks"


def status_summary(checks: Sequence[ScoredCheck]) -> str:
    """'3 checks: 1 fail, 2 pass': how many checks, then each status in report order."""
    counts = {s: sum(c.status == s for c in checks) for s in dict.fromkeys(c.status for c in checks)}
    order = sorted(counts.items(), key=lambda pair: STATUSES.index(pair[0]) if pair[0] in STATUSES else len(STATUSES))
    return count_text(len(checks), "check") + ": " + ", ".join(
        f"{n} {STATUS_LABELS.get(s, s).lower()}" for s, n in order)


def failures_first(entries: Sequence[FileEntry]) -> list[FileEntry]:
    """Unreadable files first, then files read, then files not recognised; each group in folder order."""
    order = {"invalid": 0, "parsed": 1, "ignored": 2}
    return sorted(entries, key=lambda f: order.get(f.status, 1))

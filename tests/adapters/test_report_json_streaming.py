"""Streaming large JSON reports (readiness.adapters._report_json): the streamed path gives exactly the
facts, warnings and details of the whole-file path on every real SARIF and Trivy file, and the size cap
of adapters that cannot stream names its setting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.adapters import _report_json as rj
from readiness.adapters import bandit_json, sarif, sniff, trivy
from readiness.adapters.base import HEAD_BYTES, InvalidEvidence

TESTS = Path(__file__).resolve().parent.parent
REAL = sorted(p for p in [*(TESTS / "fixtures").rglob("*"), *(TESTS / "corpus").rglob("*")]
              if p.is_file() and not p.name.endswith((".md", ".facts.json"))
              and (module := sniff(p, p.read_bytes()[:HEAD_BYTES])) is not None and module in (sarif, trivy))


def _outcome(module: object, path: Path) -> object:
    try:
        return module.parse(path).model_dump(mode="json")  # type: ignore[attr-defined]
    except InvalidEvidence as exc:
        return str(exc)


def test_there_are_real_files_of_both_kinds() -> None:
    assert {sniff(p, p.read_bytes()[:HEAD_BYTES]) for p in REAL} == {sarif, trivy}
    assert len(REAL) >= 20


@pytest.mark.parametrize("path", REAL, ids=[p.relative_to(TESTS).as_posix() for p in REAL])
def test_streamed_and_whole_file_reads_agree(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = sniff(path, path.read_bytes()[:HEAD_BYTES])
    whole = _outcome(module, path)
    monkeypatch.setenv("READINESS_JSON_STREAM_BYTES", "0")
    assert rj.streams(path)
    streamed = _outcome(module, path)
    if isinstance(whole, str) and "is not valid JSON" in whole:  # orjson and yajl word syntax errors apiece
        assert isinstance(streamed, str) and streamed.split(": ")[0] == whole.split(": ")[0]
    else:
        assert streamed == whole


def test_results_before_the_tool_wait_for_its_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = {"results": [{"ruleIndex": 0, "message": {"text": "m"}}],
           "tool": {"driver": {"name": "t", "rules": [{"id": "R1", "defaultConfiguration": {"level": "error"},
                                                       "properties": {"security-severity": "9.5"}}]}}}
    path = tmp_path / "late-tool.sarif"
    path.write_text(json.dumps({"version": "2.1.0", "runs": [run]}))
    whole = sarif.parse(path)
    monkeypatch.setenv("READINESS_JSON_STREAM_BYTES", "0")
    assert sarif.parse(path) == whole
    assert (whole.facts["security.findings.error"], whole.facts["security.critical"]) == (1, 1)


def test_load_streaming_builds_the_rest_and_hands_items_over(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"a": [1, {"b": None}], "runs": [{"k": 1.5, "results": [
        {"x": 1}, [2]]}, {"results": []}]}).encode())
    seen: list[tuple[object, tuple[object, ...], object]] = []
    document = rj.load_streaming(path, "doc", {"runs.item.results.item": lambda i, at, h: seen.append((i, at, h))})
    assert document == {"a": [1, {"b": None}], "runs": [{"k": 1.5, "results": []}, {"results": []}]}
    assert seen == [({"x": 1}, ("runs", 0, "results", 0), {"k": 1.5, "results": []}),
                    ([2], ("runs", 0, "results", 1), {"k": 1.5, "results": []})]
    path.write_text('{"a": [1, 2')
    with pytest.raises(InvalidEvidence, match="doc is not valid JSON"):
        rj.load_streaming(path, "doc", {})


def test_a_file_over_the_cap_is_refused_naming_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bandit.json"
    path.write_text(json.dumps({"results": [], "metrics": {"_totals": {}}, "errors": [], "generated_at": "x"}))
    monkeypatch.setenv("READINESS_JSON_MAX_BYTES", "10")
    with pytest.raises(InvalidEvidence, match=r"Bandit report is \d+ bytes, more than the 10 readiness reads "
                                              r"whole; set READINESS_JSON_MAX_BYTES"):
        bandit_json.parse(path)


def test_compact_fingerprint_lines_give_the_same_digest() -> None:
    from readiness.adapters.base import fingerprint, fingerprint_line, fingerprint_lines

    keys = [("B101", "a.py", "3"), ("é", "\udcff.py", ""), ("Z", "\U0001f600", "1"), ("\ud7ff", "\ue000", "2")]
    assert fingerprint_lines([fingerprint_line(k) for k in reversed(keys)]) == fingerprint(keys)

"""readiness.safeyaml: one guarded safe loader for packs and evidence, errors with their line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from readiness import safeyaml
from readiness.adapters import alertmanager
from readiness.adapters.base import InvalidEvidence
from readiness.packs import PackError, load_pack
from tests.test_cli import run

PACK = ("checks:\n  - id: x\n    category: testing\n    points: 1\n    claim: c\n"
        "    evidence: tests\n    when: [tests.failed == 0]\n")


@pytest.mark.parametrize(("value", "problem"), [
    ("2024-02-30", "unreadable value '2024-02-30': day is out of range for month"),
    ("2024-13-01", "unreadable value '2024-13-01': month must be in 1..12"),
    ("2024-01-01 25:00:00", "unreadable value '2024-01-01 25:00:00': hour must be in 0..23"),
])
def test_an_impossible_scalar_in_a_pack_is_exit_2_with_file_and_line(tmp_path: Path, value: str,
                                                                      problem: str) -> None:
    pack = tmp_path / "team.yaml"
    pack.write_text(PACK + f"    max_age: {value}\n")
    with pytest.raises(PackError) as caught:
        load_pack(pack)
    assert [str(i) for i in caught.value.issues] == [f"{pack}:8: invalid YAML: {problem}"]
    for command in (["validate", str(pack)], ["score", str(tmp_path), "--checks", str(pack)]):
        result = run(*command)
        assert result.returncode == 2, result.stderr
        assert f"{pack}:8: invalid YAML: {problem}" in result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_duplicate_keys_in_evidence_name_the_line(tmp_path: Path) -> None:
    config = tmp_path / "alertmanager.yml"
    config.write_text("route:\n  receiver: a\nreceivers:\n  - name: a\nroute:\n  receiver: a\n")
    with pytest.raises(InvalidEvidence, match=r"malformed YAML at line 5, column 1: duplicate key 'route'"):
        alertmanager.parse(config)


def test_duplicate_keys_through_a_merge_are_allowed() -> None:
    assert safeyaml.load("base: &b {a: 1}\nother:\n  <<: *b\n  a: 2\n") == {"base": {"a": 1}, "other": {"a": 2}}


def test_the_value_tag_reads_as_a_string() -> None:
    assert safeyaml.load("op: =\n") == {"op": "="}


def test_size_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safeyaml, "MAX_BYTES", 10)
    with pytest.raises(yaml.YAMLError, match="11 bytes of YAML is more than"):
        safeyaml.load("a: 123456\n\n")


def test_aliases_that_expand_without_bound_are_refused() -> None:
    laughs = "a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n"
                                       for i in range(1, 9))
    with pytest.raises(yaml.YAMLError, match="expand to more than 1,000,000 nodes"):
        safeyaml.load_all(laughs)


def test_adapters_read_yaml_only_through_safeyaml() -> None:
    adapters = Path(__file__).resolve().parent.parent / "readiness" / "adapters"
    offenders = [p.name for p in adapters.glob("*.py")
                 if re.search(r"(?<!safe)yaml\.(safe_)?load|readiness\.packs|yamlplaces", p.read_text())]
    assert offenders == []

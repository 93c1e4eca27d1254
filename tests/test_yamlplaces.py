"""Places in a YAML file: lines of keys and items, breadcrumbs, duplicate keys."""

from __future__ import annotations

from typing import Any

import yaml

from readiness import safeyaml, yamlplaces

TEXT = "checks:\n  - id: a\n    when:\n      - x > 1\n      - y < 2\n    id: b\n"


def test_lines_breadcrumbs_and_duplicates() -> None:
    lines: yamlplaces.Lines = {}
    dupes: list[tuple[tuple[Any, ...], int]] = []
    yamlplaces.line_map(yaml.compose(TEXT, Loader=yaml.SafeLoader), (), lines, dupes)
    assert lines[("checks", 0, "when", 1)] == 5
    assert yamlplaces.line_for(lines, ("checks", 0, "when", 7)) == 3  # nearest recorded parent
    assert dupes == [(("checks", 0, "id"), 6)]
    assert yamlplaces.where(("evidence", "kind")) == "evidence.kind"
    assert yamlplaces.where(("when", 1)) == "when[1]"
    assert yamlplaces.check_id({"checks": [{"id": "perf"}]}, ("checks", 0, "points")) == "perf"
    assert yamlplaces.check_id({"checks": [{}]}, ("checks", 0, "points")) == "#1"


def _laughs(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_expansion_is_measured_without_expanding() -> None:
    small = yaml.compose(_laughs(3), Loader=yaml.SafeLoader)
    assert small is not None and safeyaml.expansion_problem(small) is None
    big = yaml.compose(_laughs(9), Loader=yaml.SafeLoader)  # 10^9 leaves once expanded
    assert big is not None
    assert safeyaml.expansion_problem(big) == "YAML aliases expand to more than 1,000,000 nodes"


def test_guarded_loader_refuses_recursion_laughs_and_deep_nesting_with_a_position() -> None:
    # Deep nesting: libyaml's scanner refuses it itself; the pure-Python composer would recurse,
    # which the guard turns into "YAML nested too deeply". Either way a YAMLError, never a crash.
    for text, problem in (("a: &a [*a]\n", "a YAML alias refers to a node that contains it"),
                          (_laughs(9), "YAML aliases expand to more than 1,000,000 nodes"),
                          ("[" * 5000 + "]" * 5000, "nest")):
        try:
            yaml.load(text, Loader=safeyaml.SafeLoader)  # noqa: S506 (the guarded safe loader)
        except yaml.YAMLError as exc:
            assert problem in str(getattr(exc, "problem", ""))
        else:
            raise AssertionError(f"accepted: {text[:30]!r}")
    assert yaml.load(_laughs(3), Loader=safeyaml.SafeLoader)["a2"][0][0] == ["x"] * 10  # noqa: S506

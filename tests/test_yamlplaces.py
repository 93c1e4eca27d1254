"""Places in a YAML file: lines of keys and items, breadcrumbs, duplicate keys."""

from __future__ import annotations

from typing import Any

import yaml

from readiness import yamlplaces

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

"""Safe YAML for packs and evidence alike: safe loading only, with guards against hostile documents.

One loader for every YAML file readiness reads. It refuses, as a YAMLError that names the line:
- aliases that refer to a node containing them, or expand past NODE_LIMIT nodes ("billion laughs");
- documents nested too deeply to compose, and files over MAX_BYTES (no real pack or config is that big);
- a well-formed but impossible scalar such as the date 2024-02-30 (PyYAML raises a bare ValueError);
- with `unique_keys`, a key given twice in one mapping (Go's YAML libraries refuse those too).
YAML 1.1's bare `=` (the value tag) reads as the string "=", as YAML 1.2 does.
"""

from __future__ import annotations

from typing import Any

import yaml

NODE_LIMIT = 1_000_000  # far above any real pack or config; a "billion laughs" file expands past it
MAX_BYTES = 64 * 1024 * 1024  # the largest YAML file read; real packs and alerting configs are kilobytes
_MERGE = "tag:yaml.org,2002:merge"
_BASE: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def expansion_problem(node: yaml.Node, limit: int = NODE_LIMIT) -> str | None:
    """Why a composed document must not be constructed: an alias that contains itself, or aliases
    that expand to more than `limit` nodes (a "billion laughs" file); None when it is fine.
    Iterative, and each shared node is sized once, so the check itself stays cheap."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, finished = stack.pop()
        key = id(current)
        if finished:
            open_nodes.discard(key)
            sizes[key] = min(limit + 1, 1 + sum(sizes[id(child)] for child in _children(current)))
        elif key in open_nodes:
            return "a YAML alias refers to a node that contains it"
        elif key not in sizes:
            open_nodes.add(key)
            stack.append((current, True))
            stack.extend((child, False) for child in _children(current))
    if sizes[id(node)] > limit:
        return f"YAML aliases expand to more than {limit:,} nodes"
    return None


class ExpansionGuard:
    """Loader mixin: refuse a document whose aliases are recursive or expand without bound, and one
    nested too deeply to compose, as a YAMLError with its position, before anything is constructed."""

    def get_single_node(self) -> yaml.Node | None:
        """The document's node, checked."""
        return self._checked(super().get_single_node)  # type: ignore[misc]

    def get_node(self) -> yaml.Node | None:
        """The next document's node (load_all), checked."""
        return self._checked(super().get_node)  # type: ignore[misc]

    @staticmethod
    def _checked(compose: Any) -> yaml.Node | None:
        try:
            node = compose()
        except RecursionError:
            raise yaml.composer.ComposerError(None, None, "YAML nested too deeply", None) from None
        problem = expansion_problem(node) if node is not None else None
        if problem:
            raise yaml.composer.ComposerError(None, None, problem, node.start_mark)
        return node


class SafeLoader(ExpansionGuard, _BASE):
    """PyYAML's safe loader (C-accelerated when available) with the guards of this module."""

    unique_keys = False

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        """Construct, turning an impossible scalar (2024-02-30) into a YAMLError at its line."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as exc:
            shown = repr(node.value)[:60] if isinstance(node, yaml.ScalarNode) else node.tag
            problem = f"unreadable value {shown}: {' '.join(str(exc).split())[:160]}"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None
        except RecursionError:
            raise yaml.constructor.ConstructorError(None, None, "YAML nested too deeply", node.start_mark) from None

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        """A mapping; with unique_keys, a key given twice is a YAMLError at the second one."""
        if self.unique_keys and isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, str]] = set()
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                    continue
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key_node.value[:60]!r}", key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


SafeLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))


class UniqueKeyLoader(SafeLoader):
    """SafeLoader that refuses duplicate keys (evidence: Alertmanager and Prometheus refuse them)."""

    unique_keys = True


def too_big(size: int) -> str | None:
    """Why a YAML text of `size` bytes is not read, or None."""
    if size > MAX_BYTES:
        return f"{size:,} bytes of YAML is more than the {MAX_BYTES // (1024 * 1024)} MiB readiness reads"
    return None


def load_all(text: str, unique_keys: bool = True) -> list[Any]:
    """Every non-empty document of a YAML text; YAMLError (with a mark when known) on any problem."""
    problem = too_big(len(text))
    if problem:
        raise yaml.YAMLError(problem)
    loader = UniqueKeyLoader if unique_keys else SafeLoader
    return [doc for doc in yaml.load_all(text, Loader=loader) if doc is not None]  # noqa: S506 (safe loader)


def load(text: str, unique_keys: bool = True) -> Any:
    """The single document of a YAML text (None when empty); YAMLError on any problem."""
    problem = too_big(len(text))
    if problem:
        raise yaml.YAMLError(problem)
    return yaml.load(text, Loader=UniqueKeyLoader if unique_keys else SafeLoader)  # noqa: S506 (safe loader)


def compose_document(text: str) -> tuple[yaml.Node | None, Any]:
    """The single document's node (for line numbers) and its data, built once from the same nodes.
    Duplicate keys are kept for the caller to report with their places (see yamlplaces.line_map)."""
    problem = too_big(len(text))
    if problem:
        raise yaml.YAMLError(problem)
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def describe(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """(1-based line or None, one-line problem) of a YAMLError."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["unreadable YAML"])[0]
    return (mark.line + 1 if mark else None), problem

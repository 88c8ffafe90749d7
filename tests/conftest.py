"""Shared fixtures: where the development datasets are, and the fixture pages."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis profiles (tests/test_properties.py scales its example counts by max_examples):
# "ci" is the default, sized for 2 cores and derandomized, so a run is reproducible and a
# submission's CI cannot fail on a case no one has seen; `pytest --hypothesis-profile=long`
# runs 10x more, freshly random each time: the search for new bugs.
_PROFILE = dict(deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)
settings.register_profile("ci", max_examples=100, derandomize=True, **_PROFILE)
settings.register_profile("long", max_examples=1000, **_PROFILE)
settings.register_profile("quick", max_examples=10, **_PROFILE)
settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared`, or skip the test when the datasets are not beside the checkout."""
    if not (SHARED / "datasets").is_dir():
        pytest.skip("../shared/datasets is absent: dataset regression tests need it")
    return SHARED


def _top_level_alternatives(pattern: str) -> list[str]:
    """The alternatives of a regex at its top level (not inside groups or classes)."""
    parts, cur, depth, escaped, in_class = [], "", 0, False, False
    for ch in pattern:
        if not escaped and not in_class and ch == "|" and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        if not escaped:
            in_class = (in_class and ch != "]") or (not in_class and ch == "[")
            depth += 0 if in_class else (ch == "(") - (ch == ")")
        escaped = not escaped and ch == "\\"
        cur += ch
    return [*parts, cur]


@pytest.fixture(scope="session")
def alternatives():
    """A function: the top-level alternatives of a regex pattern."""
    return _top_level_alternatives


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many generated cases the property tests ran."""
    for name, module in list(sys.modules.items()):
        counts = getattr(module, "EXAMPLES", None)
        if name.endswith("test_properties") and counts:
            detail = ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items()))
            terminalreporter.write_line(
                f"hypothesis: {sum(counts.values()):,} generated cases ({detail})")


def load_module(name: str, path: Path) -> ModuleType:
    """Import a file that is not on the path (bench/metric.py, ../shared/tools/score.py)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module

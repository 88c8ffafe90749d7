"""Shared fixtures: where the development datasets are, and the fixture pages."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared`, or skip the test when the datasets are not beside the checkout."""
    if not (SHARED / "datasets").is_dir():
        pytest.skip("../shared/datasets is absent: dataset regression tests need it")
    return SHARED


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES

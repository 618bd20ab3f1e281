"""`fake_openai`: a fresh fake OpenAI API per test, torn down after it.

Enable with `pytest_plugins = ["tests.fakeapi.pytest_plugin"]` in a conftest.py. Seed it by marking
the test: `@pytest.mark.fake_openai(assistants=[...], files={...}, vector_stores=[...], prompts={...})`.
"""

from __future__ import annotations

from typing import Iterator

import pytest

from .server import FakeOpenAI


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fake_openai(**seed): seed data for the fake_openai fixture")


@pytest.fixture
def fake_openai(request: pytest.FixtureRequest) -> Iterator[FakeOpenAI]:
    marker = request.node.get_closest_marker("fake_openai")
    with FakeOpenAI(**(marker.kwargs if marker else {})) as api:
        yield api

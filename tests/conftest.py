import pytest


@pytest.fixture
def fake_openai():
    """A fresh fake OpenAI API on a free loopback port, torn down after the test."""
    from tests.fakeapi import FakeOpenAI

    with FakeOpenAI() as api:
        yield api


def pytest_terminal_summary(terminalreporter):
    from tests.test_examples_typecheck import REPORT

    if REPORT:
        terminalreporter.section("mypy on the examples (attr-defined, call-arg, call-overload, arg-type, union-attr, index, misc)")
        for line in REPORT:
            terminalreporter.write_line(line)

pytest_plugins = ["tests.fakeapi.pytest_plugin", "tests.fakeapi_fixtures"]


def pytest_terminal_summary(terminalreporter):
    from tests.test_examples_typecheck import REPORT

    if REPORT:
        terminalreporter.section("mypy on the examples (attr-defined, call-arg, call-overload, arg-type, union-attr, index, misc)")
        for line in REPORT:
            terminalreporter.write_line(line)


# Whole files whose tests start subprocesses, virtualenvs, mypy or pre-commit: `-m "not slow"`
# leaves them out for a quick local run (README, "Running the tests"); CI runs everything.
SLOW_MODULES = {
    "test_examples_run", "test_examples_typecheck", "test_examples_newest_sdk", "test_fakeapi_newest_sdk",
    "test_precommit", "test_engine_signals", "test_engine_interrupt",
}


def pytest_collection_modifyitems(config, items):
    import pytest

    for item in items:
        if item.module is not None and item.module.__name__.rpartition(".")[2] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)

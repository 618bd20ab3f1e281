pytest_plugins = ["tests.fakeapi.pytest_plugin", "tests.fakeapi_fixtures"]


def pytest_terminal_summary(terminalreporter):
    from tests.test_examples_typecheck import REPORT

    if REPORT:
        terminalreporter.section("mypy on the examples (attr-defined, call-arg, call-overload, arg-type, union-attr, index, misc)")
        for line in REPORT:
            terminalreporter.write_line(line)

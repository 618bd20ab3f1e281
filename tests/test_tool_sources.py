"""The call-site helper the rewrite adds for tools lists other callers need in the nested form."""

from __future__ import annotations

import typing

from transforms.tool_sources import HELPER, HELPER_CODE


def _helper():
    namespace: dict = {"typing": typing}
    exec(HELPER_CODE.format(name=HELPER), namespace)
    return namespace[HELPER]


def test_nested_function_tools_are_flattened_with_strict_written_out():
    tools = [
        {"type": "function", "function": {"name": "a", "description": "A", "parameters": {"type": "object"}}},
        {"type": "function", "function": {"name": "b", "strict": True, "parameters": {"type": "object"}}},
        {"type": "function", "function": {"name": "c", "strict": None}},
    ]
    assert _helper()(tools) == [
        {"type": "function", "name": "a", "description": "A", "parameters": {"type": "object"}, "strict": False},
        {"type": "function", "name": "b", "strict": True, "parameters": {"type": "object"}},
        {"type": "function", "name": "c", "strict": False, "parameters": None},
    ]


def test_other_tools_and_flat_tools_pass_and_the_input_is_not_changed():
    flat = {"type": "function", "name": "d", "parameters": None, "strict": False}
    tools = [{"type": "file_search", "vector_store_ids": ["vs_1"]}, flat]
    nested = [{"type": "function", "function": {"name": "e"}}]
    assert _helper()(tools) == tools
    _helper()(nested)
    assert nested == [{"type": "function", "function": {"name": "e"}}]


def test_code_interpreter_gets_a_container_and_file_search_options_are_lifted():
    tools = [
        {"type": "code_interpreter"},
        {"type": "code_interpreter", "container": "cntr_1"},
        {"type": "file_search", "vector_store_ids": ["vs_1"], "file_search": {"max_num_results": 5}},
    ]
    assert _helper()(tools) == [
        {"type": "code_interpreter", "container": {"type": "auto"}},
        {"type": "code_interpreter", "container": "cntr_1"},
        {"type": "file_search", "vector_store_ids": ["vs_1"], "max_num_results": 5},
    ]

"""The `_with_thread_resources` helper that after.py files get: a thread's files joined to the registry's tools."""

from __future__ import annotations

import typing

import pytest

from transforms.thread_resources import HELPER, HELPER_CODE


def _helper():
    namespace: dict = {"typing": typing}
    exec(HELPER_CODE.format(name=HELPER), namespace)
    return namespace[HELPER]


FUNCTION = {"type": "function", "name": "f", "parameters": None, "strict": False}


def test_the_threads_ids_join_the_assistants_in_its_tools():
    tools = [
        {"type": "file_search", "vector_store_ids": ["vs_assistant"], "max_num_results": 5},
        {"type": "code_interpreter", "container": {"type": "auto", "file_ids": ["file_assistant"]}},
        FUNCTION,
    ]
    assert _helper()(tools, vector_store_ids=["vs_thread"], file_ids=["file_thread"]) == [
        {"type": "file_search", "vector_store_ids": ["vs_assistant", "vs_thread"], "max_num_results": 5},
        {"type": "code_interpreter", "container": {"type": "auto", "file_ids": ["file_assistant", "file_thread"]}},
        FUNCTION,
    ]
    assert tools[0]["vector_store_ids"] == ["vs_assistant"]  # the registry's settings are not changed


def test_an_assistant_without_the_tool_gets_nothing():
    tools = [FUNCTION, {"type": "code_interpreter", "container": {"type": "auto"}}]
    assert _helper()(tools, vector_store_ids=["vs_thread"]) == tools
    assert _helper()([FUNCTION], file_ids=["file_thread"]) == [FUNCTION]


def test_a_file_search_tool_left_without_stores_goes():
    # It searched nothing on a run; responses.create refuses it.
    tools = [{"type": "file_search", "vector_store_ids": []}, {"type": "code_interpreter", "container": {"type": "auto"}}]
    assert _helper()(tools, file_ids=["file_thread"]) == [
        {"type": "code_interpreter", "container": {"type": "auto", "file_ids": ["file_thread"]}}
    ]


def test_a_container_chosen_by_id_cannot_take_the_files():
    with pytest.raises(ValueError):
        _helper()([{"type": "code_interpreter", "container": "cntr_1"}], file_ids=["file_thread"])
    assert _helper()([{"type": "code_interpreter", "container": "cntr_1"}], vector_store_ids=["vs"]) == [
        {"type": "code_interpreter", "container": "cntr_1"}
    ]

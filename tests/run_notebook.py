"""Run a notebook's code cells in order, the way a Jupyter kernel runs them top to bottom.

    python tests/run_notebook.py NOTEBOOK.ipynb [ARG ...]

Standard library only (it also runs under the newest-SDK virtualenv, without this project), and on
purpose independent of codemods.ipython, the code under test:
- one namespace for all cells, `__name__ == "__main__"`, `sys.argv` = [NOTEBOOK, ARG ...], and the
  notebook's folder first on `sys.path`, as for a kernel started beside it;
- top-level `await` (also `async for` / `async with`) runs on one event loop kept for the whole
  notebook, as in a kernel (an async client made in one cell is used in the next);
- the value of a cell's last expression is printed with repr() unless it is None or the line ends
  with `;` (IPython's `Out[n]`, without the prompt);
- IPython lines (`%magic`, `!shell`) are not run: each becomes `pass` at its indentation; a cell
  that starts with a cell magic (`%%bash`, ...) is not run at all.
An exception stops the run with exit status 1 and the traceback naming `NOTEBOOK:cell_N`.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import json
import os
import sys
import traceback

FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


def python_of(source: str) -> str:
    lines = []
    for line in source.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            line = line[: len(line) - len(stripped)] + "pass"
        lines.append(line)
    return "\n".join(lines)


def _run(code, namespace, loop):
    if code.co_flags & inspect.CO_COROUTINE:
        return loop.run_until_complete(eval(code, namespace))
    return eval(code, namespace)


def run_cell(source: str, name: str, namespace: dict, loop: asyncio.AbstractEventLoop) -> None:
    text = python_of(source)
    tree = compile(text, name, "exec", ast.PyCF_ONLY_AST | FLAGS, dont_inherit=True)
    shown = None
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not text.rstrip().endswith(";"):
        shown = ast.Expression(tree.body.pop().value)
    _run(compile(tree, name, "exec", FLAGS, dont_inherit=True), namespace, loop)
    if shown is not None:
        value = _run(compile(shown, name, "eval", FLAGS, dont_inherit=True), namespace, loop)
        if value is not None:
            print(repr(value))


def main(argv) -> int:
    path = argv[1]
    sys.argv = [path, *argv[2:]]
    # A kernel started beside the notebook imports the modules next to it (a prompt registry, say).
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    with open(path, encoding="utf-8") as handle:
        notebook = json.load(handle)
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    loop = asyncio.new_event_loop()
    number = 0
    try:
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            number += 1
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            if source.startswith("%%"):
                continue
            run_cell(source, f"{path}:cell_{number}", namespace, loop)
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

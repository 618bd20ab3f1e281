"""Test-only transforms and helpers: engine mechanics tested apart from the real transforms.

The engine has no hook to point the command line at another registry (and should not grow one
for tests), so engine mechanics are driven in-process through ``codemods.runner`` with the
``Job`` built here, and the command line is driven end to end with the real registry.

Transforms (constructed as the pipeline does: ``cls(StageContext, options)``):

- ``RenameBetaVectorStores``: ``X.beta.vector_stores`` -> ``X.vector_stores``;
- ``Broken``: appends a module-level ``return``, which parses but does not compile;
- ``Crashing``: raises with a two-line message.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any, Mapping, Optional, Sequence

import libcst as cst
from codemods.runner import Job, StageSpec
from codemods.stage import StageContext

MARKER = "# assistants-to-responses:"
TRIGGER = b"beta.vector_stores"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class _TestTransform:
    def __init__(self, context: StageContext, options: Optional[Mapping[str, Any]] = None) -> None:
        self.context = context
        self.options = dict(options or {})

    def transform_module(self, tree: cst.Module) -> cst.Module:
        return self.transform_module_impl(tree)

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:  # pragma: no cover - each test transform has one
        raise NotImplementedError


class _DropBeta(cst.CSTTransformer):
    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        value = updated_node.value
        if (
            updated_node.attr.value == "vector_stores"
            and isinstance(value, cst.Attribute)
            and value.attr.value == "beta"
        ):
            return updated_node.with_changes(value=value.value)
        return updated_node


class RenameBetaVectorStores(_TestTransform):
    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        return tree.visit(_DropBeta())


class Broken(_TestTransform):
    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        return tree.with_changes(body=[*tree.body, cst.SimpleStatementLine([cst.Return()])])


class Crashing(_TestTransform):
    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        raise RuntimeError("boom\nsecond line")


RENAME = StageSpec("rename-beta-vector-stores", "tests.engine_support:RenameBetaVectorStores", (TRIGGER,))
BROKEN = StageSpec("broken", "tests.engine_support:Broken", (TRIGGER,))
CRASHING = StageSpec("crashing", "tests.engine_support:Crashing", (TRIGGER,))


def make_job(*stages: StageSpec, write: bool = False, opt_out: bytes = b"") -> Job:
    """A Job running ``stages`` (default: the rename alone)."""
    return Job(stages=tuple(stages) or (RENAME,), options={}, marker=MARKER, write=write, opt_out=opt_out)


def rename_bytes(data: bytes) -> bytes:
    """What RenameBetaVectorStores must turn ``data`` into (its only edit is dropping `beta.`)."""
    return data.replace(b".beta.vector_stores", b".vector_stores")


# A file the real registry (vector-stores) and the test transform both rewrite, and its result.
HIT = 'from openai import OpenAI\n\nclient = OpenAI()\nstore = client.beta.vector_stores.create(name="docs")\n'
HIT_AFTER = 'from openai import OpenAI\n\nclient = OpenAI()\nstore = client.vector_stores.create(name="docs")\n'
NO_HIT = "import os\n\n\ndef here():\n    return os.getcwd()\n"

# A one-shot Assistants program for threads-and-runs (the real registry only): four uses, one call.
THREADS = '''from openai import OpenAI

client = OpenAI()


def ask(question):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_1")
    return client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value
'''


def cli(
    args: Sequence[str],
    cwd: Optional[str] = None,
    env: Optional[Mapping[str, str]] = None,
    python_args: Sequence[str] = (),
    timeout: float = 120,
) -> subprocess.CompletedProcess:
    """``python -m codemods ARGS`` in a subprocess with pipes (not a terminal), text output."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("PYTHONWARNINGS", None)
    full_env["PYTHONPATH"] = os.pathsep.join(p for p in (REPO, full_env.get("PYTHONPATH", "")) if p)
    return subprocess.run(
        [sys.executable, *python_args, "-m", "codemods", *args],
        cwd=cwd,
        env=full_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# Runs the CLI in-process, then prints whether libcst was imported: the import-cost guarantee.
IMPORT_PROBE = """
import sys
sys.argv = ["assistants-to-responses", *sys.argv[1:]]
from codemods.cli import app
try:
    app(prog_name="assistants-to-responses")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
sys.stdout.flush()
sys.stderr.write("\\nLIBCST-IMPORTED=%s EXIT=%s\\n" % ("libcst" in sys.modules, code))
"""


def cli_import_probe(args: Sequence[str], cwd: Optional[str] = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ}
    full_env.pop("PYTHONWARNINGS", None)
    full_env["PYTHONPATH"] = os.pathsep.join(p for p in (REPO, full_env.get("PYTHONPATH", "")) if p)
    return subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE, *args],
        cwd=cwd,
        env=full_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


class DiesInWorker(_TestTransform):
    """Kills its own process, as a crash in native code or the OOM killer would; raises in the main one."""

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        if os.getpid() == _MAIN_PID or b"die" not in tree.code.encode():
            raise RuntimeError("not in a worker")
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
        return tree


_MAIN_PID = os.getpid()
DIES = StageSpec("dies-in-worker", "tests.engine_support:DiesInWorker", (TRIGGER,))


class SwallowsInterrupt(_TestTransform):
    """Sends its own process SIGINT, then eats whatever that raises, as some libraries' cleanup
    code does, and goes on to return a rewrite anyway (the rename's)."""

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        import signal

        try:
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(10_000):  # the handler runs at a bytecode boundary
                pass
        except BaseException:  # noqa: BLE001 - the point of this transform
            pass
        return tree.visit(_DropBeta())


SWALLOWS = StageSpec("swallows-interrupt", "tests.engine_support:SwallowsInterrupt", (TRIGGER,))

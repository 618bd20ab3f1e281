#!/usr/bin/env bash
# Migrate the git repository this is run in off OpenAI's Assistants API, for one pull request.
#
# Made for `multi-gitter run` (docs/bulk.md), which runs it at the root of each clone and opens a
# pull request when it exits 0 having changed files. So:
#   exit 0, files changed, the report at $A2R_REPORT   the repository was migrated: make the PR
#   exit 0, nothing changed, no report                  nothing to migrate (or nothing the tool
#                                                       can change): no PR
#   exit 2                                              not in a git work tree, or the tool could
#                                                       not be installed: multi-gitter lists the
#                                                       repository as failed
#   exit 3                                              the tool itself failed (its output says why)
# Files the tool cannot process (a broken notebook, say) do not stop the others: the report lists them.
#
# Environment:
#   A2R_PYTHON    a Python that has assistants-to-responses installed already: use it, install nothing
#   A2R_INSTALL   what to pip install otherwise: a pip spec, a path, or "-e <path>"
#                 (default: the project's git URL, below)
#   A2R_PIP_ARGS  extra arguments for that pip install (e.g. "--no-deps")
#   A2R_REPORT    the report's path, relative to the repository root (default: migration-report.md;
#                 it is committed with the changes, so the PR carries it)
#
# Why a shell script: multi-gitter runs one command per clone, and this is that command with no
# more than bash, git and a Python; the tool itself is installed into a throw-away virtualenv
# outside the clone, so nothing of it is committed.
set -uo pipefail

DEFAULT_INSTALL="git+https://github.com/assistants-to-responses/assistants-to-responses"
REPORT="${A2R_REPORT:-migration-report.md}"

root="$(git rev-parse --show-toplevel 2>/dev/null)" || {
    echo "migrate-repo: not inside a git work tree" >&2
    exit 2
}
cd "$root" || exit 2

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

if [ -n "${A2R_PYTHON:-}" ]; then
    tool=("$A2R_PYTHON" -m codemods)
else
    python3 -m venv "$scratch/venv" || { echo "migrate-repo: cannot make a virtualenv" >&2; exit 2; }
    # shellcheck disable=SC2086 # A2R_INSTALL and A2R_PIP_ARGS may hold several words ("-e path")
    "$scratch/venv/bin/python" -m pip install --quiet ${A2R_PIP_ARGS:-} ${A2R_INSTALL:-$DEFAULT_INSTALL} || {
        echo "migrate-repo: cannot install assistants-to-responses from ${A2R_INSTALL:-$DEFAULT_INSTALL}" >&2
        exit 2
    }
    tool=("$scratch/venv/bin/python" -m codemods)
fi

# The tool's exit codes: 0 nothing to do, 1 something to do or done, 2 files it could not process.
run() {
    "${tool[@]}" "$@"
    status=$?
    if [ "$status" -gt 2 ]; then
        echo "migrate-repo: assistants-to-responses $1 failed (exit $status)" >&2
        exit 3
    fi
    return "$status"
}

echo "== audit"
run audit .
if [ "$?" -eq 0 ]; then
    echo "migrate-repo: no Assistants API use here: nothing to do"
    exit 0
fi

echo "== prompts --write"
run prompts . --write

echo "== apply --report $REPORT"
run apply . --report "$REPORT"

# Anything changed besides the report? (untracked files count: the prompt registry is new)
changed="$(git status --porcelain --untracked-files=all -- . ":(exclude)$REPORT")"
if [ -z "$changed" ]; then
    rm -f -- "$REPORT"
    echo "migrate-repo: nothing the tool can change (what is left is listed by audit): no pull request"
    exit 0
fi
echo "migrate-repo: migrated; the pull request body is in $REPORT"
exit 0

"""The docs are part of the product: every hook has a section, every Python example runs.

Like datasette's ``test_docs.py``: adding a hook without documenting it fails
here, and so does an example that no longer works. A fenced ```python block is
executed with the other blocks of its page, in order, in one namespace, with
the working directory a temporary one. A block preceded by the HTML comment
``<!-- no-exec -->`` is skipped; keep that for fragments of a plugin module.

The shell examples of the pages a reader tries first, the README and the quick
start, run too: each command of a ```console block, in order, in one empty
directory, with the ``stievents`` of this interpreter's environment, and must
exit 0. The quick start's ``nox`` commands (CI runs them itself) and ``pip
install`` lines are in blocks marked ``<!-- no-exec -->``.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from stievents import hookspecs

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
HOOKS_PAGE = DOCS / "hooks.md"
NO_EXEC = "<!-- no-exec -->"
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")


# ------------------------------------------------------------------ hook reference


def hook_names() -> list[str]:
    """Every hook the host defines: the ``stievents_*`` functions of :mod:`stievents.hookspecs`."""
    return sorted(name for name in dir(hookspecs) if name.startswith("stievents_"))


def hook_signature(name: str) -> str:
    """``def name(params) -> ret`` as the docs must show it (annotations as written in the source)."""
    signature = inspect.signature(getattr(hookspecs, name))
    params = ", ".join(
        f"{p.name}: {p.annotation}" if p.annotation is not inspect.Parameter.empty else p.name
        for p in signature.parameters.values()
    )
    returns = "" if signature.return_annotation is inspect.Signature.empty else f" -> {signature.return_annotation}"
    return f"def {name}({params}){returns}"


def sections(markdown: str) -> dict[str, str]:
    """The text of every ``## heading`` section of a page, by heading."""
    found: dict[str, str] = {}
    parts = re.split(r"^## +(.+?)\s*$", markdown, flags=re.MULTILINE)
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        found[heading.strip().strip("`")] = body
    return found


def hook_doc_problems(name: str, markdown: str) -> list[str]:
    """Why the hook reference ``markdown`` does not document hook ``name`` properly (empty when it does)."""
    body = sections(markdown).get(name)
    if body is None:
        return [f"docs/hooks.md has no '## {name}' section"]
    problems = []
    if hook_signature(name) not in body:
        problems.append(f"the '## {name}' section does not show the signature {hook_signature(name)!r}")
    if "@stievents.hookimpl" not in body:
        problems.append(f"the '## {name}' section has no example implementation")
    return problems


def test_hookspecs_are_found():
    assert "stievents_exporters" in hook_names()
    assert hook_signature("stievents_exporters") == "def stievents_exporters() -> Iterable[Exporter]"


@pytest.mark.parametrize("name", hook_names())
def test_every_hook_is_documented(name):
    assert hook_doc_problems(name, HOOKS_PAGE.read_text(encoding="utf-8")) == []


def test_a_missing_hook_section_is_reported():
    page = HOOKS_PAGE.read_text(encoding="utf-8")
    without = re.sub(r"^## stievents_importers$", "## something else", page, flags=re.MULTILINE)
    assert hook_doc_problems("stievents_importers", without) == [
        "docs/hooks.md has no '## stievents_importers' section"
    ]
    assert hook_doc_problems("stievents_exporters", "## stievents_exporters\n\nno signature\n")


def test_every_documented_hook_exists():
    """A section for a hook that was renamed or removed is as wrong as a missing one."""
    documented = {h for h in sections(HOOKS_PAGE.read_text(encoding="utf-8")) if h.startswith("stievents_")}
    assert documented <= set(hook_names())


# ------------------------------------------------------------------ executed examples


@attrs.frozen
class Block:
    """One fenced code block of a page: its language, first line number, source, and whether to run it."""

    language: str
    line: int
    source: str
    skip: bool


def code_blocks(markdown: str) -> list[Block]:
    """Every fenced code block, with ``skip`` set for those preceded by ``<!-- no-exec -->``."""
    blocks: list[Block] = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        fence = match["fence"]
        language = match["info"].strip().split(" ")[0] if match["info"].strip() else ""
        previous = next((line.strip() for line in reversed(lines[:index]) if line.strip()), "")
        body: list[str] = []
        start = index + 1
        index += 1
        while index < len(lines) and not (
            lines[index].strip().startswith(fence[0] * len(fence)) and lines[index].strip().strip(fence[0]) == ""
        ):
            body.append(lines[index])
            index += 1
        index += 1
        blocks.append(Block(language, start + 1, "\n".join(body) + "\n", previous == NO_EXEC))
    return blocks


def pages() -> list[Path]:
    """The Markdown pages whose Python examples must run: the docs and the README."""
    found = sorted({*DOCS.glob("*.md"), *DOCS.glob("**/*.md")} - set(DOCS.glob("_build/**/*.md")))
    return [*found, ROOT / "README.md"]


def python_blocks(page: Path) -> list[Block]:
    return [b for b in code_blocks(page.read_text(encoding="utf-8")) if b.language in {"python", "py"}]


def test_block_parser():
    page = (
        "text\n\n```python\nx = 1\n```\n\n<!-- no-exec -->\n```python\nfragment(\n```\n"
        "````markdown\n```python\nnested = True\n```\n````\n"
    )
    blocks = code_blocks(page)
    assert [(b.language, b.line, b.skip) for b in blocks] == [
        ("python", 4, False),
        ("python", 9, True),
        ("markdown", 12, False),
    ]
    assert blocks[0].source == "x = 1\n"
    assert "nested = True" in blocks[2].source


_RUNNER = """
import json, sys, traceback
namespace = {"__name__": "__docs__"}
for block in json.loads(sys.stdin.read()):
    try:
        exec(compile(block["source"], block["where"], "exec"), namespace)
    except BaseException:
        traceback.print_exc()
        sys.exit(f"the example at {block['where']} fails")
"""


def pages_with_examples():
    """The pages that have at least one executed Python block."""
    return [page for page in pages() if any(not b.skip for b in python_blocks(page))]


def test_pages_with_examples_are_found():
    """The collection below is not empty by accident (a broken glob would silently test nothing)."""
    names = {str(p.relative_to(ROOT)) for p in pages_with_examples()}
    assert {"README.md", "docs/hooks.md", "docs/tutorial.md"} <= names


@pytest.mark.parametrize("page", pages_with_examples(), ids=lambda p: str(p.relative_to(ROOT)))
def test_python_examples_run(page, tmp_path):
    """Run a page's examples as a reader would: in order, in a fresh interpreter, in an empty directory."""
    blocks = [
        {"source": b.source, "where": f"{page.relative_to(ROOT)}:{b.line}"} for b in python_blocks(page) if not b.skip
    ]
    result = subprocess.run(
        [sys.executable, "-c", _RUNNER],
        input=json.dumps(blocks),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]


def test_no_exec_is_used_sparingly():
    """Skipped blocks are fragments of a plugin module; most examples must run."""
    blocks = [b for page in pages() for b in python_blocks(page)]
    skipped = [b for b in blocks if b.skip]
    assert len(skipped) * 4 <= len(blocks), f"{len(skipped)} of {len(blocks)} Python blocks are not executed"


# ------------------------------------------------------------------ executed command lines

CONSOLE_PAGES = (ROOT / "README.md", DOCS / "quickstart.md")
_SHELL_LANGUAGES = {"console", "shell", "sh", "bash"}


def shell_commands(markdown: str) -> list[tuple[int, str]]:
    """``(line number, command)`` of every command in the executed shell blocks, in order.

    Blank and comment lines are left out; a line ending in a backslash continues on the next.
    """
    commands: list[tuple[int, str]] = []
    for block in code_blocks(markdown):
        if block.language not in _SHELL_LANGUAGES or block.skip:
            continue
        pending: list[str] = []
        start = block.line
        for offset, line in enumerate(block.source.splitlines()):
            stripped = line.strip()
            if not pending:
                if not stripped or stripped.startswith("#"):
                    continue
                start = block.line + offset
            if stripped.endswith("\\"):
                pending.append(stripped[:-1].rstrip())
                continue
            commands.append((start, " ".join([*pending, stripped])))
            pending = []
        if pending:
            commands.append((start, " ".join(pending)))
    return commands


def test_shell_command_parser():
    page = (
        "<!-- no-exec -->\n```console\nnox -s demo\n```\n\n"
        "```console\n# a comment\nstievents formats\n\nstievents convert \\\n  --to ics   # inline\n```\n"
        "```python\nprint()\n```\n"
    )
    assert shell_commands(page) == [(8, "stievents formats"), (10, "stievents convert --to ics   # inline")]


def test_console_pages_have_commands_and_no_installs():
    """The collection is not empty by accident, and no executed line installs anything or runs nox."""
    for page in CONSOLE_PAGES:
        commands = [command for _, command in shell_commands(page.read_text(encoding="utf-8"))]
        assert commands, f"{page.relative_to(ROOT)} has no executed console block"
        assert not [c for c in commands if "pip install" in c or "nox" in c.split()], commands


@pytest.mark.parametrize("page", CONSOLE_PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_console_examples_run(page, tmp_path):
    """Every command runs as written, in order, in an empty directory: what it needs, an earlier line made."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    bin_dir = Path(sys.executable).parent
    assert shutil.which("stievents", path=str(bin_dir)), f"no stievents script next to {sys.executable}"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    for line, command in shell_commands(page.read_text(encoding="utf-8")):
        result = subprocess.run(
            [bash, "-c", f"set -o pipefail; {command}"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        where = f"{page.relative_to(ROOT)}:{line}"
        assert result.returncode == 0, f"{where}: {command!r} exited {result.returncode}:\n{result.stderr[-3000:]}"


# ------------------------------------------------------------------ the csv plugin's page


def test_csv_page_lists_every_column():
    columns = pytest.importorskip("stievents_csv.columns")
    page = (DOCS / "formats" / "csv.md").read_text(encoding="utf-8")
    missing = [name for name in columns.COLUMNS if f"| `{name}` |" not in page]
    assert missing == [], f"docs/formats/csv.md does not describe the columns {missing}"

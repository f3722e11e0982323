"""The plugin template works: a generated plugin installs, is listed, converts, and passes its own tests.

The plugin is generated with cookiecutter (no input) into a temporary directory
and installed into a throw-away virtual environment that sees this
environment's packages (stievents, pytest, hypothesis, pip, hatchling), so the
running interpreter is never changed.
"""

from __future__ import annotations

import importlib.util
import os
import re
import site
import subprocess
import sys
from pathlib import Path

import pytest

from stievents.testing import in_ci

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "stievents-plugin"

if in_ci() and importlib.util.find_spec("cookiecutter") is None:
    pytest.fail("cookiecutter is not installed; CI must install it to test the plugin template", pytrace=False)
cookiecutter_main = pytest.importorskip("cookiecutter.main", reason="pip install cookiecutter")


def generate(tmp_path: Path, **answers: str) -> Path:
    """Generate a plugin from the template with its defaults (plus ``answers``) and return its directory."""
    config = tmp_path / "cookiecutter.yaml"
    config.write_text(
        f"cookiecutters_dir: '{tmp_path / 'cookiecutters'}'\nreplay_dir: '{tmp_path / 'replay'}'\n", encoding="utf-8"
    )
    out = tmp_path / "generated"
    project = cookiecutter_main.cookiecutter(
        str(TEMPLATE), no_input=True, output_dir=str(out), config_file=str(config), extra_context=answers or None
    )
    return Path(project)


def child_venv(tmp_path: Path) -> Path:
    """A virtual environment whose interpreter also sees this interpreter's site-packages; its python."""
    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    child_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # addsitedir (not a bare path) so that this environment's own .pth files — editable installs — apply too.
    parents = [p for p in site.getsitepackages() if Path(p).is_dir()]
    lines = "".join(f"import site; site.addsitedir({p!r})\n" for p in parents)
    Path(child_site, "_parent_environment.pth").write_text(lines, encoding="utf-8")
    return python


def run(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "STIEVENTS_STRICT_PLUGINS"}}
    env["STIEVENTS_STRICT_PLUGINS"] = "1"  # a plugin that fails to load must fail the test
    return subprocess.run(
        [str(python), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600, check=False
    )


def test_defaults_generate_the_documented_layout(tmp_path):
    project = generate(tmp_path)
    assert project.name == "stievents-agenda"
    files = sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file())
    assert files == [
        ".gitignore",
        "CHANGELOG.md",
        "README.md",
        "pyproject.toml",
        "src/stievents_agenda/__init__.py",
        "src/stievents_agenda/plugin.py",
        "src/stievents_agenda/py.typed",
        "src/stievents_agenda/writer.py",
        "tests/test_stievents_agenda.py",
    ]
    pyproject = (project / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points."stievents.plugins"]\n"agenda" = "stievents_agenda.plugin"' in pyproject
    assert "{{" not in "".join(p.read_text(encoding="utf-8") for p in project.rglob("*") if p.is_file())


def test_bad_format_name_is_refused(tmp_path):
    from cookiecutter.exceptions import FailedHookException

    with pytest.raises(FailedHookException):
        generate(tmp_path, format_name="My Format")
    assert not (tmp_path / "generated" / "stievents-My Format").exists()


def test_generated_plugin_installs_lists_converts_and_passes_its_tests(tmp_path):
    project = generate(tmp_path, format_name="agenda-check")
    python = child_venv(tmp_path)

    install = ["-m", "pip", "install", "--no-deps", "--no-input", "-q"]
    if importlib.util.find_spec("hatchling") is not None:
        install.append("--no-build-isolation")  # build offline with this environment's hatchling
    result = run(python, *install, str(project), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr

    formats = run(python, "-m", "stievents", "formats", cwd=tmp_path)
    assert formats.returncode == 0, formats.stderr
    assert re.search(r"^agenda-check\texport\ttext/plain\tstievents-agenda-check\t0\.1\.0$", formats.stdout, re.M)

    converted = run(
        python, "-m", "stievents", "convert", "--example", "oecd-co-creation-2020", "--to", "agenda-check", cwd=tmp_path
    )
    assert converted.returncode == 0, converted.stderr
    assert converted.stdout.startswith("Workshop on co-creation (Moscow, 5-6 March 2020)\n")
    assert "  from   2020-03-05 09:30 CET (Europe/Paris)\n" in converted.stdout

    preview = run(python, "-m", "stievents", "agenda-check-preview", "--example", "demo-hybrid-forum", cwd=tmp_path)
    assert preview.returncode == 0, preview.stderr
    assert preview.stdout.startswith("Demo Forum")
    listed = run(python, "-m", "stievents", "plugins", cwd=tmp_path)
    assert re.search(
        r"^agenda-check\tstievents-agenda-check\t0\.1\.0\t.*commands: agenda-check-preview$", listed.stdout, re.M
    )

    tests = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(project / "tests"), cwd=project)
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", tests.stdout)
    assert "skipped" not in tests.stdout

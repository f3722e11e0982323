"""Developer tasks: ``nox -s tests`` (the README's test command), lint, typecheck, docs, demo, build, bench."""

from __future__ import annotations

import glob
import os
import pathlib
import shutil

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.error_on_missing_interpreters = False

ROOT = pathlib.Path(__file__).parent
PLUGINS = sorted(str(pathlib.Path(p).parent) for p in glob.glob("plugins/*/pyproject.toml"))
PLUGIN_SOURCES = sorted(glob.glob("plugins/*/src"))
BENCH = ["-r", "benchmarks/requirements.txt"]
CORE_TEST = [
    "pytest>=8",
    "hypothesis>=6.100",
    "jsonschema>=4.20",
    "cookiecutter>=2.6",
    "hatchling>=1.24",
    "pip",
    "matplotlib>=3.8",  # the stats charts, the optional extras the tests exercise
    "pandas>=2.1",
    "polars>=1.0",
]


def install_all(session: nox.Session, *extra: str, test_extras: bool = True) -> None:
    """Core and every plugin in ONE install call, so each plugin's ``stievents>=`` resolves to the local core."""
    suffix = "[test]" if test_extras else ""
    session.install("-e", ".", *(f"-e{plugin}{suffix}" for plugin in PLUGINS), *extra)


def install_node_packages(session: nox.Session) -> None:
    """npm packages the tests use (e.g. ical.js), from each plugin's lock file."""
    for package_json in sorted(glob.glob("plugins/*/tests/js/package.json")):
        folder = str(pathlib.Path(package_json).parent)
        if shutil.which("npm") is None:
            session.warn(f"npm is not installed: the tests that need {folder} will skip (or fail under CI)")
            continue
        command = "ci" if pathlib.Path(folder, "package-lock.json").exists() else "install"
        session.run("npm", command, "--prefix", folder, "--no-audit", "--no-fund", external=True)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite: the core and every plugin, with the tools they check against."""
    install_all(session, *CORE_TEST, *BENCH)  # the peers too: the benchmark smoke test checks their fairness
    install_node_packages(session)
    test_dirs = ["tests", *(f"{p}/tests" for p in PLUGINS if pathlib.Path(p, "tests").is_dir())]
    session.run("pytest", "--import-mode=importlib", *test_dirs, *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and format check."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the core and every plugin's sources."""
    install_all(session, "mypy>=1.11", "types-python-dateutil", *CORE_TEST)
    session.run("mypy", "--strict", "src", *PLUGIN_SOURCES)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the docs with warnings as errors."""
    install_all(session, "sphinx>=7", "furo", "myst-parser>=3", test_extras=False)
    shutil.rmtree(ROOT / "docs" / "_build", ignore_errors=True)
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")


@nox.session
def demo(session: nox.Session) -> None:
    """The main job: the built-in example in every format, then the events site of the examples and the catalogue."""
    install_all(session, test_extras=False)
    session.run("stievents", "demo", "--example", "oecd-co-creation-2020", "-o", "stievents-demo", *session.posargs)
    # prints the page to open: stievents-demo/site/index.html (or `stievents site serve stievents-demo/site`)
    session.run("stievents", "site", "build", "--examples", "-o", "stievents-demo/site")


@nox.session
def build(session: nox.Session) -> None:
    """Build every distribution, check it with twine, install the wheels in a clean venv and run the demo."""
    session.install("build", "twine")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    for project in [".", *PLUGINS]:
        session.run("python", "-m", "build", "--outdir", str(dist), project)
    session.run("twine", "check", "--strict", *glob.glob(str(dist / "*")))
    clean = pathlib.Path(session.create_tmp()) / "clean-venv"
    shutil.rmtree(clean, ignore_errors=True)
    session.run("python", "-m", "venv", str(clean))
    bindir = clean / ("Scripts" if os.name == "nt" else "bin")
    wheels = glob.glob(str(dist / "*.whl"))
    session.run(str(bindir / "python"), "-m", "pip", "install", "--quiet", *wheels, external=True)
    out = pathlib.Path(session.create_tmp()) / "demo-out"
    session.run(str(bindir / "stievents"), "demo", "-o", str(out), external=True)
    session.run(str(bindir / "stievents"), "formats", external=True)
    session.run(str(bindir / "stievents"), "schemes", external=True)  # the scheme data files are in the wheel


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against pydantic, msgspec, icalendar, ics.py and jinja2; rewrites the docs results."""
    install_all(session, *BENCH, test_extras=False)
    args = session.posargs or ["--sizes", "1000,10000,100000"]
    session.run("python", "-m", "benchmarks.run", "--out", "docs/", *args)


@nox.session
def fuzz(session: nox.Session) -> None:
    """Atheris fuzzing of every importer, time-boxed: nox -s fuzz -- -max_total_time=600."""
    install_all(session, "atheris>=2.3", test_extras=False)
    script = str(ROOT / "fuzz" / "fuzz_importers.py")
    session.chdir(session.create_tmp())  # crash-*/timeout-* files land here, not in the repo
    session.run("python", script, *(session.posargs or ["-max_total_time=60"]))

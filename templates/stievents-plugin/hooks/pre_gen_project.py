"""Refuse answers that would generate a plugin stievents cannot load."""

import re
import sys

FORMAT_NAME = "{{ cookiecutter.format_name }}"
MODULE_NAME = "{{ cookiecutter.module_name }}"
SUFFIX = "{{ cookiecutter.suffix }}"

errors = []
if not re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", FORMAT_NAME):
    errors.append(f"format_name must be lower-kebab-case, like 'agenda' or 'my-format'; got {FORMAT_NAME!r}")
if not MODULE_NAME.isidentifier():
    errors.append(f"module_name must be a Python identifier; got {MODULE_NAME!r}")
if not SUFFIX.startswith(".") or SUFFIX.lower() != SUFFIX:
    errors.append(f"suffix must be lower case and start with '.', like '.txt'; got {SUFFIX!r}")
if errors:
    print("\n".join(f"ERROR: {e}" for e in errors), file=sys.stderr)
    sys.exit(1)

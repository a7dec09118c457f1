"""The parser, the interchange format and the SMART checker are plain Python."""

import subprocess
import sys


def test_the_plain_python_layers_import_without_django():
    modules = [
        "followthrough.interchange",
        "followthrough.parsing",
        "followthrough.smart",
        "followthrough.cli",
        "followthrough.sandbox",
    ]
    code = (
        "import sys, importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_bundled_demo_seed_is_the_shared_seed():
    from followthrough.demo.loader import seed_document
    from tests.conftest import SEED_TEXT

    assert seed_document() == SEED_TEXT.read_bytes()

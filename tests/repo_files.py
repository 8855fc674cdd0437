"""Load the repository's own scripts (tools/, book/_ext/, the root conftest) as modules in tests."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load_module(name: str, relative_path: str) -> ModuleType:
    """Import the file ``ROOT / relative_path`` as module ``name`` (registered, so dataclasses can find it)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / relative_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module

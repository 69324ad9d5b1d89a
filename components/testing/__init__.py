"""Compatibility: the offline engine's public API under its former name.

The engine now lives in ``components.engine``. This module is kept for downstream platform
libraries' tests, which import it as ``from components.testing import run_program, Plan,
diff_plans, evaluate_policies, ...``: it re-exports ``components.engine``'s public API, the
same objects under the same names. New code imports ``components.engine``.
"""

from components.engine import *  # noqa: F403
from components.engine import __all__ as __all__

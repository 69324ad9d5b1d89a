"""The recorder: run a Pulumi program under the SDK's mock monitor and record its Plan.

``program`` runs the program (``run_program``), ``stack_config`` reads a stack's config and
hands it to the program as the CLI does, ``monitor`` answers registrations like a preview and
records them, and ``wire`` decodes the monitor's wire values into plan values.
"""

from .monitor import make_urn
from .program import Program, ProgramError, run_program
from .stack_config import load_stack_config
from .stack_references import STACK_REFERENCE_TYPE, StackReferences, UnresolvedStackReference

__all__ = [
    "STACK_REFERENCE_TYPE",
    "Program",
    "ProgramError",
    "StackReferences",
    "UnresolvedStackReference",
    "load_stack_config",
    "make_urn",
    "run_program",
]

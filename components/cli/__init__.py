"""meshfleet: the command line. Each command lives in a module of its own."""

from . import diff as _diff  # noqa: F401  (registers diff and baseline)
from . import preview as _preview  # noqa: F401  (registers the command)
from . import reference as _reference  # noqa: F401  (registers the command)
from . import schema as _schema  # noqa: F401  (registers schema spec | package)
from .app import app


def main() -> None:
    """Console entry point. Usage mistakes are reported by typer itself, also with exit 2."""
    app()


__all__ = ["app", "main"]

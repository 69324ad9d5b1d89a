"""The options of `meshfleet preview`, shared by the one-shot command and `--watch`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .app import UserError


@dataclass(frozen=True)
class PreviewOptions:
    """The options of `meshfleet preview`, as given: each preview reads its files again."""

    stack: str | None
    config_file: Path | None
    build_dir: Path
    program: Path | None
    policy_pack: Path | None
    policy_config: Path | None
    no_policy: bool
    all_env: str | None = None
    """--all: every layered stack of this environment (`preview_all`), not one stack."""


def check_options(options: PreviewOptions) -> None:
    """The mistakes in the options themselves, whatever the files say (UserError)."""
    if options.no_policy and (options.policy_pack is not None or options.policy_config is not None):
        raise UserError("--no-policy cannot be combined with --policy-pack or --policy-config")
    if options.all_env is not None and (
        options.stack is not None or options.program is not None or options.config_file is not None
    ):
        raise UserError(
            "--all previews every layered stack of an environment: drop --stack, --program and --config-file"
        )

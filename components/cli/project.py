"""Finding the Pulumi project and loading a stack's config, as the Pulumi CLI would."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from components.spec import parse_platform
from components.testing import load_stack_config

from .app import UserError

PLATFORM_KEY = "meshfleet:platform"


@dataclass(frozen=True)
class Project:
    """The parts of Pulumi.yaml the offline run needs, resolved against its directory."""

    root: Path
    name: str
    main: Path
    config_dir: Path

    @classmethod
    def find(cls, start: Path) -> Project:
        for directory in (start, *start.parents):
            manifest = directory / "Pulumi.yaml"
            if manifest.is_file():
                data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
                return cls(
                    root=directory,
                    name=str(data["name"]),
                    main=directory / str(data.get("main", ".")),
                    config_dir=directory / str(data.get("stackConfigDir", ".")),
                )
        raise UserError(f"no Pulumi.yaml in {start} or any parent directory: run meshfleet inside a project")

    def stack_config(self, stack: str) -> Path:
        return self.config_dir / f"Pulumi.{stack}.yaml"


def load_platform_config(path: Path) -> dict[str, Any]:
    """A stack's config, with its platform spec validated before anything runs.

    A bad spec thus creates nothing and reads as one line (SpecError).
    """
    if not path.is_file():
        raise UserError(f"stack config {path} does not exist")
    try:
        config = load_stack_config(path)
    except yaml.YAMLError as exc:
        raise UserError(f"{path} is not valid YAML: {' '.join(str(exc).split())}") from None
    parse_platform(config.get(PLATFORM_KEY))
    return config

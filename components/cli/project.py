"""Finding the Pulumi project and loading a stack's config, as the Pulumi CLI would."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from components.spec import PlatformSpec, parse_platform
from components.spec.cluster import KubeconfigSecret
from components.spec.layers import LayerConfig

from .app import UserError
from .layers import stack_layer
from .paths import check_stack_name, inside
from .yaml_files import read_yaml

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
        """The project whose Pulumi.yaml is in `start` or the nearest parent, as the Pulumi CLI finds it."""
        for directory in (start, *start.parents):
            if (directory / "Pulumi.yaml").is_file():
                return cls.load(directory)
        raise UserError(f"no Pulumi.yaml in {start} or any parent directory: run meshfleet inside a project")

    @classmethod
    def load(cls, directory: Path) -> Project:
        """The project in `directory`; without a Pulumi.yaml, the folder itself named after it."""
        manifest = directory / "Pulumi.yaml"
        data: Any = {}
        if manifest.is_file():
            data = read_yaml(manifest)
            if not isinstance(data, dict):
                raise UserError(f"{manifest} must be a YAML mapping")
        return cls(
            root=directory,
            name=str(data.get("name") or directory.name),
            main=directory / str(data.get("main") or "."),
            config_dir=directory / str(data.get("stackConfigDir") or "."),
        )

    def stack_config(self, stack: str) -> Path:
        return self.config_dir / f"Pulumi.{stack}.yaml"


def read_stack_config(path: Path) -> dict[str, Any]:
    """A Pulumi.<stack>.yaml's config, every mistake in the file as one line (UserError).

    The config mapping as `components.engine.load_stack_config` returns it, read strictly
    (`yaml_files`) and without importing the engine, so that bad input is refused before Pulumi
    is even loaded.
    """
    if not path.is_file():
        raise UserError(f"stack config {path} does not exist")
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise UserError(f"{path}: a stack file must be a YAML mapping")
    config = data.get("config") or {}
    if not isinstance(config, dict):
        raise UserError(f"{path}: `config` must be a mapping")
    return {str(key): value for key, value in config.items()}


def load_platform_config(path: Path) -> dict[str, Any]:
    """A stack's config, with its platform spec validated before anything runs.

    A bad spec thus creates nothing and reads as one line (SpecError).
    """
    config = read_stack_config(path)
    spec = parse_platform(config.get(PLATFORM_KEY))
    _secret_kubeconfigs(path, config, spec)
    return config


def _secret_kubeconfigs(path: Path, config: dict[str, Any], spec: PlatformSpec) -> None:
    # A cluster meshfleet does not create is reached with a kubeconfig from secret config, as
    # its model says, whichever cloud it is on. The program refuses a missing or clear one too
    # (for `pulumi up`), but only as a failed program; here it is the user's mistake it is,
    # named in one line before anything runs.
    for cluster in spec.clusters:
        reach = cluster.reach()
        if not isinstance(reach, KubeconfigSecret):
            continue
        key = reach.full_key
        how = f"pulumi config set --secret {key} < kubeconfig.yaml"
        value = config.get(key)
        if value is None:
            raise UserError(
                f"{path}: {key} is missing: the kubeconfig of {cluster.cloud} cluster {cluster.name}; {how}"
            )
        if not (isinstance(value, dict) and set(value) == {"secure"}):
            raise UserError(
                f"{path}: {key} holds the kubeconfig of {cluster.cloud} cluster {cluster.name} in clear; "
                f"store it as a secret: {how}"
            )


DEFAULT_PROGRAM_STACK = "dev"


@dataclass(frozen=True)
class Target:
    """What to run: the program, its project and stack names, its config, where output goes."""

    main: Path
    project: str
    stack: str
    config: dict[str, Any]
    build_dir: Path
    """The --build-dir: nothing is written or deleted outside it."""
    output: Path
    """Where plan and manifests go, inside build_dir: <stack>/, or <project>/<stack>/ for --program."""
    meshfleet: Project | None = None
    """The meshfleet project whose stack this is (it has baselines); None for --program."""
    layer: LayerConfig | None = None
    """The layer a layered stack builds (`meshfleet:layer`); None for a whole stack."""


def stack_target(stack: str | None, config_file: Path | None, build_dir: Path) -> Target:
    """The meshfleet stack program with a stack's config, its platform spec validated first."""
    if stack is None:
        raise UserError("--stack is required (or --program DIR to preview another program)")
    check_stack_name(stack)
    project = Project.find(Path.cwd())
    config = load_platform_config(config_file or project.stack_config(stack))
    layer = stack_layer(config, stack)
    return Target(project.main, project.name, stack, config, build_dir, build_dir / stack, project, layer)


def program_target(directory: Path, stack: str | None, config_file: Path | None, build_dir: Path) -> Target:
    """Any Python Pulumi program: project name and main from its Pulumi.yaml if it has one (else the
    folder's name and the folder), config from --config-file or else its Pulumi.<stack>.yaml if
    present. Nothing meshfleet-specific is validated. Output goes to build/<project>/<stack>/."""
    project = Project.load(directory.resolve())
    main = project.main
    if not (main / "__main__.py").is_file() and not (main.is_file() and main.suffix == ".py"):
        raise UserError(f"no Python Pulumi program at {main}: __main__.py not found")
    stack = check_stack_name(stack or DEFAULT_PROGRAM_STACK)
    output = build_dir / project.name / stack
    inside(build_dir, output)  # the project name comes from the program's Pulumi.yaml
    if config_file is not None:
        config = read_stack_config(config_file)
    else:
        own = project.stack_config(stack)
        config = read_stack_config(own) if own.is_file() else {}
    return Target(main, project.name, stack, config, build_dir, output)

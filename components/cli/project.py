"""Finding the Pulumi project and loading a stack's config, as the Pulumi CLI would."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from components.spec import PlatformSpec, SpecError, parse_platform
from components.spec.cluster import KubeconfigSecret
from components.spec.layers import LayerConfig, LayerError

from .app import UserError
from .layers import stack_layer
from .paths import check_stack_name, inside
from .yaml_files import line_of, read_yaml

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

    def stacks(self) -> list[str]:
        """The stacks that have a config file, by name."""
        found = (
            p.name.removeprefix("Pulumi.").removesuffix(".yaml")
            for p in self.config_dir.glob("Pulumi.*.yaml")
        )
        return sorted(found)

    def existing_stack_config(self, stack: str, option: str = "--stack") -> Path:
        """The config file of `stack`; an unknown stack is a UserError that lists the known ones."""
        path = self.stack_config(stack)
        if not path.is_file():
            known = ", ".join(self.stacks()) or "none"
            raise UserError(f"{option} {stack}: no such stack ({path} does not exist); the stacks: {known}")
        return path


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


def load_platform_config(path: Path, stack: str | None = None) -> dict[str, Any]:
    """A stack's config, with its platform spec (and, given the `stack` it configures, its layer
    keys) validated before anything runs.

    A bad spec thus creates nothing and reads as one line per mistake, led by its `file:line`.
    """
    config = read_stack_config(path)
    try:
        spec = parse_platform(config.get(PLATFORM_KEY))
        if stack is not None:
            stack_layer(config, stack)
    except SpecError as exc:
        raise UserError(located(path, exc)) from None
    _secret_kubeconfigs(path, config, spec)
    return config


def located(path: Path, exc: SpecError) -> str:
    """Every mistake of a spec read from `path`, one line each, led by its `file:line`."""
    lines = []
    for error in exc.all:
        # A layer's config keys sit beside the platform spec, not inside it.
        key = error.key if isinstance(error, LayerError) else PLATFORM_KEY
        line = line_of(path, ("config", key, *error.loc))
        lines.append(f"{path}:{line}: {error}" if line else f"{path}: {error}")
    if exc.omitted:
        lines.append(f"{path}: {exc.omitted} more mistake(s) not shown; fix these first")
    return "\n".join(lines)


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
    config_file: Path | None = None
    """The --config-file given, if any: hints that suggest a next command repeat it."""
    config_read: Path | None = None
    """The config file that was read, if any (a missing config key names it)."""
    layer: LayerConfig | None = None
    """The layer a layered stack builds (`meshfleet:layer`); None for a whole stack."""


def stack_target(stack: str | None, config_file: Path | None, build_dir: Path) -> Target:
    """The meshfleet stack program with a stack's config, its platform spec validated first."""
    if stack is None:
        raise UserError("--stack is required (or --program DIR to preview another program)")
    check_stack_name(stack)
    project = Project.find(Path.cwd())
    path = config_file or project.existing_stack_config(stack)
    config = load_platform_config(path)
    try:
        layer = stack_layer(config, stack)
    except SpecError as exc:
        raise UserError(located(path, exc)) from None
    return Target(
        project.main,
        project.name,
        stack,
        config,
        build_dir,
        build_dir / stack,
        project,
        config_file,
        layer=layer,
    )


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
    read: Path | None = config_file
    if config_file is None:
        own = project.stack_config(stack)
        read = own if own.is_file() else None
    config = read_stack_config(read) if read is not None else {}
    return Target(main, project.name, stack, config, build_dir, output, None, config_file, read)

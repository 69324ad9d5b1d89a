"""How the Pulumi CLI starts the readiness gate's dynamic provider, reproduced from its sources.

Read from github.com/pulumi/pulumi at commit 1b5949891b3cefcb9974752b24a5ecef0acc86c8:

- `pkg/engine/project.go` (`getPwdMain`): the plugin context's working folder is the program's
  `main` folder when `main` names a folder (`stacks/` here), not the project root;
- `pkg/resource/plugin/plugin.go` (`newPlugin`): `cmd.Dir = pwd`, so the provider process runs
  there;
- `pkg/resource/plugin/provider_plugin.go` (`NewProvider`): every `runtime.options` entry of
  Pulumi.yaml reaches the process as `PULUMI_RUNTIME_<OPTION>` = `fmt.Sprintf("%v", value)`,
  raw (not resolved against the project root), with `PULUMI_PROJECT` and the engine's address
  as its one argument;
- `sdk/python/dist/pulumi-resource-pulumi-python` (the launch script the CLI ships, last changed
  in 332a620f1c384a91c3fcfb4545994e236945a416): without `PULUMI_RUNTIME_VIRTUALENV` it takes
  `.venv` for the `uv` toolchain; it strips one trailing slash, makes a relative path absolute
  against `$PWD` (the working folder above: pulumi/pulumi#7061), and runs
  `<venv>/bin/python -u -m pulumi.dynamic <args>` when that file exists, else exits 1 saying the
  virtualenv does not exist;
- `sdk/python/toolchain/pip.go` (`resolveVirtualEnvironmentPath`): the language host running the
  program itself resolves the same option against the project root instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class LaunchError(Exception):
    """The launch script would exit 1 here; the message is the script's first line."""


@dataclass(frozen=True)
class Launch:
    cwd: Path
    env: dict[str, str]
    argv: list[str]


def _go_value(value: Any) -> str:
    # fmt.Sprintf("%v") of what Go's YAML decoder made of the option.
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def plugin_pwd(root: Path, project: dict[str, Any]) -> Path:
    """`getPwdMain`: the folder `main` names, or the folder of the file it names, or the root."""
    main = project.get("main")
    if not main:
        return root
    path = (root / main).resolve() if not Path(main).is_absolute() else Path(main)
    return path if path.is_dir() else path.parent


def runtime_env(project: dict[str, Any]) -> dict[str, str]:
    """`NewProvider`: the runtime options, raw, and the project's name."""
    runtime = project.get("runtime")
    options = runtime.get("options", {}) if isinstance(runtime, dict) else {}
    env = {f"PULUMI_RUNTIME_{key.upper()}": _go_value(value) for key, value in (options or {}).items()}
    env["PULUMI_PROJECT"] = str(project["name"])
    return env


def script_virtualenv(env: dict[str, str], pwd: Path) -> Path | None:
    """The launch script's resolution of the virtualenv (None: it runs `python3` from PATH)."""
    venv = env.get("PULUMI_RUNTIME_VIRTUALENV", "")
    if not venv and env.get("PULUMI_RUNTIME_TOOLCHAIN") == "uv":
        venv = ".venv"
    if not venv:
        return None
    venv = venv.removesuffix("/")
    # The script only prefixes $PWD; it neither resolves symlinks nor normalises `..`.
    return Path(venv) if venv.startswith("/") else Path(f"{pwd}/{venv}")


def dynamic_provider_launch(root: Path, engine_address: str) -> Launch:
    """The working folder, environment and command the CLI's launch of the gate's provider gets."""
    project = yaml.safe_load((root / "Pulumi.yaml").read_text())
    pwd = plugin_pwd(root, project)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(runtime_env(project))
    venv = script_virtualenv(env, pwd)
    if venv is None:
        return Launch(pwd, env, [env.get("PULUMI_PYTHON_CMD", "python3"), "-u", "-m", "pulumi.dynamic"])
    python = venv / "bin" / "python"
    if not python.is_file():
        what = "doesn't appear to be a virtual environment" if venv.is_dir() else "doesn't exist"
        raise LaunchError(
            f'The \'virtualenv\' option in Pulumi.yaml is set to "{venv}", but "{venv}" {what}.'
        )
    env["PATH"] = f"{venv}/bin{os.pathsep}{env.get('PATH', '')}"
    return Launch(pwd, env, [str(python), "-u", "-m", "pulumi.dynamic", engine_address])


def language_host_virtualenv(root: Path) -> Path | None:
    """`resolveVirtualEnvironmentPath`: the program's own virtualenv, against the project root."""
    project = yaml.safe_load((root / "Pulumi.yaml").read_text())
    venv = (project.get("runtime", {}).get("options") or {}).get("virtualenv")
    if not venv:
        return None
    return Path(venv) if Path(venv).is_absolute() else root / venv

"""The pack as published: its files, names, descriptions, default levels and independence."""

from __future__ import annotations

import ast
import re
import sys

import pulumi_policy
import yaml

from components.engine import load_policy_pack

from .helpers import PACK_DIR, pack

# The enforcement defaults the issue sets (gateway-namespace-declared is the advisory
# companion of gateway-namespace-injection for namespaces a program does not declare).
DEFAULT_LEVELS = {
    "gateway-namespace-separation": "mandatory",
    "gateway-namespace-injection": "mandatory",
    "gateway-namespace-declared": "advisory",
    "gateway-image-auto": "mandatory",
    "gateway-selector-match": "mandatory",
    "gateway-min-tls": "mandatory",
    "traffic-director-unsupported": "mandatory",
    "route-integrity": "mandatory",
    "private-gke": "mandatory",
    "private-gke-webhook-firewall": "mandatory",
    "aks-api-server-access": "mandatory",
    "aks-addon-injection": "mandatory",
    "aks-addon-gateway-annotations": "mandatory",
    "aks-addon-gateway-not-owned": "mandatory",
    "mesh-node-capacity": "advisory",
    "east-west-exposure": "advisory",
    "protect-stateful": "advisory",
    "mci-backend-health-check": "mandatory",
    "mci-config-cluster-only": "advisory",
    "mesh-trust-shared": "mandatory",
    "multi-network-east-west": "mandatory",
    "egress-registry-only": "mandatory",
}
STACK_POLICIES = {
    "gateway-namespace-injection",
    "gateway-namespace-declared",
    "gateway-selector-match",
    "route-integrity",
    "private-gke-webhook-firewall",
    "aks-addon-injection",
    "mesh-node-capacity",
    "mci-backend-health-check",
    "mci-config-cluster-only",
    "mesh-trust-shared",
    "multi-network-east-west",
    "egress-registry-only",
}


def test_pack_is_meshguard_with_every_policy_at_its_default_level() -> None:
    loaded = pack()

    assert loaded.name == "meshguard"
    assert {
        p.name: p.enforcement_level.value for p in loaded.policies if p.enforcement_level
    } == DEFAULT_LEVELS


def test_stack_and_resource_policies() -> None:
    stack = {p.name for p in pack().policies if isinstance(p, pulumi_policy.StackValidationPolicy)}
    resource = {p.name for p in pack().policies if isinstance(p, pulumi_policy.ResourceValidationPolicy)}

    assert stack == STACK_POLICIES
    assert resource == set(DEFAULT_LEVELS) - STACK_POLICIES


def test_names_are_kebab_case_and_descriptions_one_sentence() -> None:
    for policy in pack().policies:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", policy.name), policy.name
        assert policy.description.endswith("."), policy.name
        assert ". " not in policy.description and policy.description[0].isupper(), policy.description


def test_config_schema_properties_have_defaults_and_descriptions() -> None:
    for policy in pack().policies:
        if policy.config_schema is None:
            continue
        for name, schema in policy.config_schema.properties.items():
            assert "default" in schema and "description" in schema, f"{policy.name}.{name}"


def test_project_files() -> None:
    project = yaml.safe_load((PACK_DIR / "PulumiPolicy.yaml").read_text())
    requirements = (PACK_DIR / "requirements.txt").read_text().split()

    assert project["runtime"]["name"] == "python" and project["description"]
    assert any(r.startswith("pulumi-policy>=") for r in requirements)
    assert any(r.startswith("pulumi>=") for r in requirements)


def test_main_only_builds_the_pack() -> None:
    tree = ast.parse((PACK_DIR / "__main__.py").read_text())
    statements = [node for node in tree.body if not isinstance(node, ast.Import | ast.ImportFrom | ast.Expr)]
    calls = [
        node.value for node in tree.body if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
    ]

    assert statements == []
    assert len(calls) == 1 and ast.unparse(calls[0].func) == "PolicyPack"


def test_the_pack_imports_nothing_of_meshfleet() -> None:
    for path in PACK_DIR.rglob("*.py"):
        if "venv" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "components" or n.startswith(("components.", "tests")) for n in names), path


def test_loading_leaves_pulumi_policy_and_sys_modules_as_they_were() -> None:
    before = set(sys.modules)
    load_policy_pack(PACK_DIR)

    assert pulumi_policy.PolicyPack.__module__ == "pulumi_policy.policy"
    assert not {m for m in set(sys.modules) - before if m == "meshguard" or m.startswith("meshguard.")}

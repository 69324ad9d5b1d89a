"""The offline analyzer: loading any pack by path, enforcement levels and config, unknown values."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from components.engine import (
    PolicyConfigError,
    PolicyPackError,
    PolicyRuntimeError,
    evaluate_policies,
    load_policy_pack,
    reconcile_config,
)
from components.spec.models import GatewaySpec

from .helpers import (
    components_plan,
    gateway_deployment,
    k8s_provider,
    pack,
    plan_from,
    resource,
    run_pack,
)

PACK_HEADER = """\
from pulumi_policy import (
    EnforcementLevel, PolicyPack, ResourceValidationPolicy, StackValidationPolicy, PolicyConfigSchema,
)
"""


def write_pack(directory: Path, body: str, project: str = "runtime: python\n") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "PulumiPolicy.yaml").write_text(project)
    (directory / "__main__.py").write_text(PACK_HEADER + textwrap.dedent(body))
    return directory


@pytest.fixture(scope="module")
def istio_system_plan():
    spec = GatewaySpec.model_construct(name="istio-ingressgateway", namespace="istio-system")
    return components_plan(spec)


# --- meshguard's levels through config -------------------------------------------------------


def test_all_with_per_policy_overrides() -> None:
    settings, warnings = reconcile_config(pack(), {"all": "mandatory", "private-gke": "advisory"})

    assert settings["protect-stateful"].enforcement_level == "mandatory"
    assert settings["mesh-node-capacity"].enforcement_level == "mandatory"
    assert settings["private-gke"].enforcement_level == "advisory"
    assert warnings == []


def test_a_disabled_policy_does_not_run(istio_system_plan) -> None:
    assert any(
        v.policy_name == "gateway-namespace-separation" for v in run_pack(istio_system_plan).violations
    )

    report = run_pack(istio_system_plan, {"gateway-namespace-separation": "disabled"})

    assert not any(v.policy_name == "gateway-namespace-separation" for v in report.violations)


def test_all_advisory_never_fails_the_preview(istio_system_plan) -> None:
    report = run_pack(istio_system_plan, {"all": "advisory"})

    assert report.violations and not report.mandatory_failed


def test_object_entries_carry_a_level_and_properties() -> None:
    settings, _ = reconcile_config(
        pack(),
        {
            "gateway-namespace-separation": {
                "enforcementLevel": "advisory",
                "extraReservedNamespaces": ["ops"],
            }
        },
    )

    assert settings["gateway-namespace-separation"].enforcement_level == "advisory"
    assert settings["gateway-namespace-separation"].properties == {"extraReservedNamespaces": ["ops"]}
    assert settings["traffic-director-unsupported"].properties == {
        "controlPlaneImplementation": "TRAFFIC_DIRECTOR"
    }


@pytest.mark.parametrize(
    ("config", "error"),
    [
        ({"all": "strict"}, "'strict' is not a valid enforcement level"),
        ({"private-gke": 3}, "must be a string or object"),
        ({"gateway-namespace-separation": {"extraReservedNamespaces": "ops"}}, "is not of type array"),
        ({"traffic-director-unsupported": {"controlPlaneImplementation": "TD"}}, "must be one of"),
        ({"mesh-node-capacity": {"minVcpus": "four"}}, "is not of type number"),
    ],
)
def test_bad_config_is_refused(config: dict[str, object], error: str) -> None:
    with pytest.raises(PolicyConfigError, match=error):
        reconcile_config(pack(), config)


def test_unknown_policy_names_are_ignored_with_a_warning() -> None:
    _, warnings = reconcile_config(pack(), {"privat-gke": "advisory"})

    assert warnings == ["policy config names 'privat-gke', which is no policy of meshguard; ignored"]


# --- any pack, loaded by path ----------------------------------------------------------------


def test_pack_level_and_initial_config_apply(tmp_path: Path) -> None:
    directory = write_pack(
        tmp_path / "pack",
        """
        def flag(args, report_violation):
            if args.resource_type == "kubernetes:core/v1:Namespace":
                report_violation("namespace " + args.props["metadata"]["name"])

        PolicyPack(
            name="tiny",
            enforcement_level=EnforcementLevel.MANDATORY,
            initial_config={"second": EnforcementLevel.ADVISORY, "third": {"enforcementLevel": "disabled"}},
            policies=[
                ResourceValidationPolicy(name="first", description="First.", validate=flag),
                ResourceValidationPolicy(name="second", description="Second.", validate=flag),
                ResourceValidationPolicy(name="third", description="Third.", validate=flag),
            ],
        )
        """,
    )
    plan = plan_from(resource("kubernetes:core/v1:Namespace", "ns", {"metadata": {"name": "sample"}}))

    report = evaluate_policies(directory, plan)
    overridden = evaluate_policies(directory, plan, {"third": "mandatory", "first": "disabled"})

    assert [(v.policy_name, v.enforcement_level, v.message) for v in report.violations] == [
        ("first", "mandatory", "namespace sample"),
        ("second", "advisory", "namespace sample"),
    ]
    assert [(v.policy_name, v.enforcement_level) for v in overridden.violations] == [
        ("second", "advisory"),
        ("third", "mandatory"),
    ]


def test_policies_get_options_provider_and_linked_resources(tmp_path: Path) -> None:
    directory = write_pack(
        tmp_path / "pack",
        """
        def per_resource(args, report_violation):
            if args.resource_type == "kubernetes:apps/v1:Deployment":
                report_violation(
                    f"{args.opts.protect} {args.opts.parent.rsplit('::', 1)[-1]} "
                    f"{args.provider.name} {args.provider.props['namespace']}",
                    "urn:ignored",
                )

        def per_stack(args, report_violation):
            for r in args.resources:
                if r.resource_type == "kubernetes:apps/v1:Deployment":
                    same = r.provider.urn == r.dependencies[0].urn
                    report_violation(f"{r.parent.resource_type} {same}", r.urn)
            report_violation("the stack as a whole")

        PolicyPack(name="probe", policies=[
            ResourceValidationPolicy(name="resource", description="R.", validate=per_resource),
            StackValidationPolicy(name="stack", description="S.", validate=per_stack),
        ])
        """,
    )
    provider = k8s_provider(namespace="apps")
    deployment = gateway_deployment(provider=provider, protect=True)
    deployment.dependencies = [provider.urn]

    report = evaluate_policies(directory, plan_from(provider, deployment))

    assert [(v.policy_name, v.message, v.resource_name) for v in report.violations] == [
        ("resource", "True policytest-test cluster-a apps", deployment.name),
        ("stack", "pulumi:pulumi:Stack True", deployment.name),
        ("stack", "the stack as a whole", None),
    ]


def test_unknown_values_skip_the_resource_instead_of_crashing(tmp_path: Path) -> None:
    directory = write_pack(
        tmp_path / "pack",
        """
        def naive(args, report_violation):
            if args.props.get("metadata", {}).get("namespace") == "kube-system":
                report_violation("in kube-system")

        def naive_stack(args, report_violation):
            for r in args.resources:
                if r.props.get("metadata", {}).get("namespace") == "kube-system":
                    report_violation("in kube-system", r.urn)

        PolicyPack(name="naive", policies=[
            ResourceValidationPolicy(name="naive", description="N.", validate=naive,
                                     enforcement_level=EnforcementLevel.MANDATORY),
            StackValidationPolicy(name="naive-stack", description="N.", validate=naive_stack),
        ])
        """,
    )
    plan = plan_from(
        gateway_deployment(namespace="kube-system"), gateway_deployment("other", namespace="<unknown>")
    )

    report = evaluate_policies(directory, plan)

    # As in the real analyzer, what a stack policy reported before it hit the unknown stays.
    assert [(v.policy_name, v.resource_name) for v in report.violations] == [
        ("naive", "istio-ingressgateway-deployment"),
        ("naive-stack", "istio-ingressgateway-deployment"),
    ]
    assert sorted((n.policy_name, n.urn is None) for n in report.not_checked) == [
        ("naive", False),
        ("naive-stack", True),
    ]
    assert (
        "string value at .metadata.namespace can't be known during preview" in report.not_checked[0].message
    )


def test_secrets_are_unknown_to_policies(tmp_path: Path) -> None:
    directory = write_pack(
        tmp_path / "pack",
        """
        def reads(args, report_violation):
            if args.resource_type == "pulumi:providers:kubernetes":
                report_violation(args.props["kubeconfig"])

        policy = ResourceValidationPolicy(name="reads", description="R.", validate=reads)
        PolicyPack(name="secrets", policies=[policy])
        """,
    )

    report = evaluate_policies(directory, plan_from(k8s_provider()))

    assert report.violations == [] and len(report.not_checked) == 1


def test_async_validations_not_applicable_and_remediate(tmp_path: Path) -> None:
    directory = write_pack(
        tmp_path / "pack",
        """
        async def later(args, report_violation):
            if args.resource_type == "pulumi:pulumi:Stack":
                report_violation("awaited")

        def skip(args, report_violation):
            args.not_applicable("nothing to see")

        PolicyPack(name="misc", policies=[
            ResourceValidationPolicy(name="later", description="L.", validate=later,
                                     enforcement_level=EnforcementLevel.REMEDIATE),
            StackValidationPolicy(name="skip", description="S.", validate=skip),
        ])
        """,
    )

    report = evaluate_policies(directory, plan_from())

    assert [(v.policy_name, v.enforcement_level, v.message) for v in report.violations] == [
        ("later", "mandatory", "awaited")
    ]
    assert report.not_applicable == [("skip", "nothing to see")]


def test_a_crashing_policy_is_an_error_naming_it(tmp_path: Path) -> None:
    directory = write_pack(
        tmp_path / "pack",
        """
        def boom(args, report_violation):
            raise KeyError("spec")

        policy = ResourceValidationPolicy(name="boom", description="B.", validate=boom)
        PolicyPack(name="broken", policies=[policy])
        """,
    )

    with pytest.raises(PolicyRuntimeError, match="policy boom of pack broken raised on urn:pulumi:test::"):
        evaluate_policies(directory, plan_from())


def test_packs_importing_policy_pack_from_the_policy_module_load(tmp_path: Path) -> None:
    directory = tmp_path / "pack"
    write_pack(directory, "")
    (directory / "__main__.py").write_text(
        "from pulumi_policy.policy import PolicyPack, StackValidationPolicy\n"
        "from rules import RULES\n"
        "PolicyPack(name='split', policies=RULES)\n"
    )
    (directory / "rules.py").write_text(
        "from pulumi_policy import StackValidationPolicy\n"
        "RULES = [StackValidationPolicy(name='nothing', description='N.', validate=lambda a, r: None)]\n"
    )

    loaded = load_policy_pack(directory)

    assert loaded.name == "split" and [p.name for p in loaded.policies] == ["nothing"]


@pytest.mark.parametrize(
    ("project", "body", "error"),
    [
        (None, "", "PulumiPolicy.yaml not found"),
        ("runtime: nodejs\n", "", "only Python packs run offline"),
        ("runtime: python\n", "x = 1\n", "constructed 0 PolicyPack objects"),
        ("runtime: python\n", "raise RuntimeError('bad pack')\n", "failed to load: RuntimeError: bad pack"),
        ("runtime: python\n", "PolicyPack(name='bad name', policies=[])\n", "failed to load: TypeError"),
    ],
)
def test_packs_that_cannot_load(tmp_path: Path, project: str | None, body: str, error: str) -> None:
    directory = write_pack(tmp_path / "pack", body, project or "")
    if project is None:
        (directory / "PulumiPolicy.yaml").unlink()

    with pytest.raises(PolicyPackError, match=error):
        load_policy_pack(directory)

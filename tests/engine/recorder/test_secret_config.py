"""Secret config offline: what no run can decrypt is unknown to the program, never a placeholder."""

from __future__ import annotations

import json

import pulumi
import pulumi_gcp as gcp
import pytest

from components.engine import ProgramError
from components.engine.plan import SECRET
from components.engine.recorder.secret_config import SecretConfigError

from .programs import run

NETWORK = "gcp:compute/network:Network"
SECURE = {"secure": "v1:ciphertext"}


def test_an_apply_that_parses_a_secret_never_runs_on_a_placeholder() -> None:
    def program() -> None:
        text = pulumi.Config("demo").require_secret("kubeconfig")
        gcp.compute.Network("net", description=text.apply(lambda t: json.loads(t)["server"]))

    plan = run(program, **{"demo:kubeconfig": SECURE})

    assert plan.find(NETWORK, "net").inputs["description"] == SECRET


@pytest.mark.parametrize(
    "getter", ["get_secret", "require_secret", "get_secret_object", "require_secret_int", "get_secret_bool"]
)
def test_every_secret_getter_answers_an_unknown_secret(getter: str) -> None:
    seen: list[bool] = []

    def program() -> None:
        value = getattr(pulumi.Config("demo"), getter)("value")
        value.apply(lambda v: seen.append(True))
        gcp.compute.Network("net", description=value.apply(str))

    plan = run(program, **{"demo:value": SECURE})

    assert seen == []
    assert plan.find(NETWORK, "net").secret_paths == ["description"]


def test_a_structured_value_with_a_secure_leaf_is_unknown_as_a_whole() -> None:
    def program() -> None:
        creds = pulumi.Config("demo").require_secret_object("creds")
        gcp.compute.Network("net", description=creds.apply(lambda c: c["user"]))

    plan = run(program, **{"demo:creds": {"user": "admin", "password": SECURE}})

    assert plan.find(NETWORK, "net").inputs["description"] == SECRET


def test_a_plain_read_of_a_secret_is_refused_naming_the_key_and_the_secret_getter() -> None:
    def program() -> None:
        gcp.compute.Network("net", description=pulumi.Config("demo").get("kubeconfig"))

    with pytest.raises(ProgramError) as failure:
        run(program, **{"demo:kubeconfig": SECURE})

    assert isinstance(failure.value.__cause__, SecretConfigError)
    assert str(failure.value.__cause__) == (
        "demo:kubeconfig is a secret, which an offline preview cannot decrypt; read it with "
        "Config.get_secret(), which is unknown offline, not Config.get()"
    )


def test_keys_in_clear_read_as_before() -> None:
    def program() -> None:
        config = pulumi.Config("demo")
        gcp.compute.Network("net", description=config.require("plain"), mtu=config.get_secret_int("mtu"))

    plan = run(program, **{"demo:plain": "visible", "demo:mtu": 1460})

    net = plan.find(NETWORK, "net")
    assert (net.inputs["description"], net.inputs["mtu"]) == ("visible", SECRET)


def test_outside_a_run_config_is_the_sdks() -> None:
    def program() -> None:
        pulumi.Config("demo").require_secret("token")

    run(program, **{"demo:token": SECURE})

    # No run: no key is undecryptable, and a missing key is the SDK's own error.
    with pytest.raises(pulumi.ConfigMissingError):
        pulumi.Config("demo").require("token")

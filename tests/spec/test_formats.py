"""Free-form strings that end up in objects: hosts, label keys and values, names, URI paths."""

from __future__ import annotations

import pytest

from components.spec import parse_platform
from tests.spec.fixtures import gke_cluster

from .fixtures import dev_platform, spec_message

DOMAIN_RULE = (
    "(lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit,"
    " at most 253 characters)"
)


def test_service_host_with_shell_characters_is_refused() -> None:
    raw = dev_platform()
    raw["routes"][0]["service"]["host"] = "helloworld; rm -rf $HOME"

    assert spec_message(raw) == (
        "platform.routes[0].service.host: 'helloworld; rm -rf $HOME' must be a Service name or a"
        f" domain {DOMAIN_RULE}"
    )


def test_service_host_may_be_fully_qualified() -> None:
    raw = dev_platform()
    raw["routes"][0]["service"]["host"] = "helloworld.sample.svc.cluster.local"

    assert parse_platform(raw).routes[0].service.host == "helloworld.sample.svc.cluster.local"


def test_service_host_is_not_a_wildcard() -> None:
    raw = dev_platform()
    raw["routes"][0]["service"]["host"] = "*.sample.svc.cluster.local"

    assert spec_message(raw).startswith("platform.routes[0].service.host: '*.sample.svc.cluster.local' must")


@pytest.mark.parametrize("host", ["*", "*.example.com", "hello.example.com", "helloworld"])
def test_route_host_may_be_a_star_a_wildcard_or_a_domain(host: str) -> None:
    raw = dev_platform()
    raw["routes"][0]["hosts"] = [host]

    assert parse_platform(raw).routes[0].hosts == [host]


@pytest.mark.parametrize(
    "host", ["Hello.example.com", "hello example.com", "sample/hello.example.com", "hello..com", "*.*.com"]
)
def test_route_host_that_is_no_domain_is_refused(host: str) -> None:
    raw = dev_platform()
    raw["routes"][0]["hosts"] = ["*", host]

    assert spec_message(raw).startswith(
        f"platform.routes[0].hosts[1]: {host!r} must be '*', a domain or a '*.' wildcard domain"
    )


def test_tls_host_that_is_no_domain_is_refused() -> None:
    raw = dev_platform()
    raw["routes"][0]["tls"] = {"credentialName": "hello-cert", "hosts": ["hello.example.com\n"]}

    assert spec_message(raw).startswith("platform.routes[0].tls.hosts[0]: 'hello.example.com\\n' must be")


def test_tls_credential_name_with_a_slash_is_refused() -> None:
    raw = dev_platform()
    raw["routes"][0]["tls"] = {"credentialName": "other-ns/cert", "hosts": ["hello.example.com"]}

    assert spec_message(raw).startswith(
        "platform.routes[0].tls.credentialName: 'other-ns/cert' must be a DNS"
    )


def test_subset_label_key_may_carry_a_prefix() -> None:
    raw = dev_platform()
    raw["routes"][0]["subsets"]["v1"] = {"app.kubernetes.io/version": "v1"}

    assert parse_platform(raw).routes[0].subsets["v1"] == {"app.kubernetes.io/version": "v1"}


@pytest.mark.parametrize("key", ["bad key", "-version", "a/b/c", "Example.com/version", "v" * 64])
def test_subset_label_key_that_kubernetes_refuses_is_refused(key: str) -> None:
    raw = dev_platform()
    raw["routes"][0]["subsets"]["v1"] = {key: "v1"}

    assert spec_message(raw).startswith(f"platform.routes[0].subsets.v1.{key[:60]}")
    assert "must be a Kubernetes label key" in spec_message(raw)


@pytest.mark.parametrize("value", ["v 1", "v1;", "-v1", "v" * 64])
def test_subset_label_value_that_kubernetes_refuses_is_refused(value: str) -> None:
    raw = dev_platform()
    raw["routes"][0]["subsets"]["v1"] = {"version": value}

    assert "platform.routes[0].subsets.v1.version: " in spec_message(raw)
    assert "must be a Kubernetes label value: at most 63 letters" in spec_message(raw)


def test_empty_subset_label_value_passes() -> None:
    raw = dev_platform()
    raw["routes"][0]["subsets"]["v1"] = {"version": "v1", "canary": ""}

    assert parse_platform(raw).routes[0].subsets["v1"]["canary"] == ""


def test_authorized_network_name_with_a_line_break_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][0]["authorizedNetworks"][0]["name"] = "ci\nrunner"

    assert spec_message(raw) == (
        "platform.clusters[0].authorizedNetworks[0].name: 'ci\\nrunner' must be 1 to 100 printable"
        " characters (no line breaks or tabs)"
    )


def test_authorized_network_name_may_hold_spaces() -> None:
    raw = dev_platform()
    raw["clusters"][0]["authorizedNetworks"][0]["name"] = "CI runners (Tokyo)"

    assert gke_cluster(parse_platform(raw)).authorized_networks[0].name == "CI runners (Tokyo)"


def test_uri_match_without_a_leading_slash_is_refused() -> None:
    raw = dev_platform()
    raw["routes"][0]["match"] = [{"uri": {"prefix": "hello"}}]

    assert spec_message(raw) == (
        "platform.routes[0].match[0].uri.prefix: 'hello' must be a URI path: '/' then printable ASCII"
        " without spaces, at most 2048 characters"
    )


def test_uri_match_with_a_space_is_refused() -> None:
    raw = dev_platform()
    raw["routes"][0]["match"] = [{"uri": {"exact": "/hello world"}}]

    assert spec_message(raw).startswith("platform.routes[0].match[0].uri.exact: '/hello world' must be a URI")

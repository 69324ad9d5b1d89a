"""TLS settings of Istio Gateway servers (Google's "Installing and upgrading gateways" guides)."""

from __future__ import annotations

from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from .kinds import is_istio_gateway, namespace_of, object_name
from .values import UNKNOWN, elements, get, require, text

TERMINATING_MODES = ("SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL", "ISTIO_MUTUAL")
"""TLS modes in which the gateway itself terminates TLS (PASSTHROUGH, the default, does not)."""

TLS_VERSIONS = ("TLSV1_0", "TLSV1_1", "TLSV1_2", "TLSV1_3")

TRAFFIC_DIRECTOR = "TRAFFIC_DIRECTOR"
ISTIOD = "ISTIOD"


def _gateway_servers(args: ResourceValidationArgs) -> tuple[str, list[tuple[str, Any]]] | None:
    """The Gateway's ``namespace/name`` and its servers with the TLS settings they have."""
    if not is_istio_gateway(args.resource_type):
        return None
    namespace = namespace_of(args.props, args.provider)
    name = f"{'<unknown>' if namespace is UNKNOWN else namespace}/{object_name(args.props, args.name)}"
    servers = require(elements(args.props, "spec", "servers"), "spec", "servers")
    with_tls = []
    for index, server in enumerate(servers):
        tls = get(require(server, "spec", "servers", index), "tls")
        if tls is None:
            continue
        require(tls, "spec", "servers", index, "tls")
        port = get(server, "port", "number")
        label = f"server {index}" + (f" (port {text(port)})" if text(port) else "")
        with_tls.append((label, tls))
    return name, with_tls


# --- gateway-min-tls ------------------------------------------------------------------------


def _validate_min_tls(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    found = _gateway_servers(args)
    if found is None:
        return
    name, servers = found
    floor = text(get(args.get_config(), "minimumVersion")) or "TLSV1_2"
    accepted = TLS_VERSIONS[TLS_VERSIONS.index(floor) :] if floor in TLS_VERSIONS else ("TLSV1_2", "TLSV1_3")
    for label, tls in servers:
        mode = require(get(tls, "mode", default="PASSTHROUGH"), label, "tls", "mode")
        if mode not in TERMINATING_MODES:
            continue
        version = require(get(tls, "minProtocolVersion"), label, "tls", "minProtocolVersion")
        if version not in accepted:
            report_violation(
                f"Gateway {name} {label} terminates TLS ({mode}) with minProtocolVersion "
                f"{version or 'unset'}; set minProtocolVersion to {' or '.join(accepted)}.",
                None,
            )


gateway_min_tls = ResourceValidationPolicy(
    name="gateway-min-tls",
    description="Gateway servers that terminate TLS set minProtocolVersion to TLSV1_2 or TLSV1_3.",
    validate=_validate_min_tls,
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=PolicyConfigSchema(
        properties={
            "minimumVersion": {
                "type": "string",
                "enum": ["TLSV1_2", "TLSV1_3"],
                "default": "TLSV1_2",
                "description": "The lowest minProtocolVersion accepted.",
            }
        }
    ),
)


# --- traffic-director-unsupported -----------------------------------------------------------


def _validate_traffic_director(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if text(get(args.get_config(), "controlPlaneImplementation")) not in (None, TRAFFIC_DIRECTOR):
        return
    found = _gateway_servers(args)
    if found is None:
        return
    name, servers = found
    for label, tls in servers:
        unsupported = []
        if require(get(tls, "mode"), label, "tls", "mode") == "AUTO_PASSTHROUGH":
            unsupported.append("tls.mode AUTO_PASSTHROUGH")
        for field in ("verifyCertificateSpki", "verifyCertificateHash"):
            if require(elements(tls, field), label, "tls", field):
                unsupported.append(f"tls.{field}")
        if unsupported:
            report_violation(
                f"Gateway {name} {label} uses {', '.join(unsupported)}, which the TRAFFIC_DIRECTOR "
                "control-plane implementation of Cloud Service Mesh does not support.",
                None,
            )


traffic_director_unsupported = ResourceValidationPolicy(
    name="traffic-director-unsupported",
    description=(
        "With the TRAFFIC_DIRECTOR control-plane implementation, Gateways use none of AUTO_PASSTHROUGH, "
        "verifyCertificateSpki or verifyCertificateHash."
    ),
    validate=_validate_traffic_director,
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=PolicyConfigSchema(
        properties={
            "controlPlaneImplementation": {
                "type": "string",
                "enum": [TRAFFIC_DIRECTOR, ISTIOD],
                "default": TRAFFIC_DIRECTOR,
                "description": (
                    "The mesh's control-plane implementation: TRAFFIC_DIRECTOR (managed Cloud Service "
                    "Mesh, the default for new installations) or ISTIOD (in-cluster or managed istiod, "
                    "AKS add-on); with ISTIOD the policy checks nothing."
                ),
            }
        }
    ),
)

POLICIES = [gateway_min_tls, traffic_director_unsupported]

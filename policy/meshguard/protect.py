"""Networks and clusters protected from deletion: replacing one takes every workload with it."""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from .kinds import is_cluster, is_network
from .values import fix_in_words_of, get, text


def _validate_protect(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if is_network(args.resource_type):
        what = "subnet" if "subnet" in args.resource_type.lower() else "network"
    elif is_cluster(args.resource_type):
        what = "cluster"
    else:
        return
    if not args.opts.protect:
        name = text(get(args.props, "name")) or args.name
        # A meshfleet platform spec's `protect` sets the option on every network and cluster it
        # creates; elsewhere, the option.
        how = fix_in_words_of(args.urn, "set protect: true", "set the protect resource option")
        report_violation(
            f"{what} {name} is not protected; {how} so that Pulumi refuses to delete or replace it.",
            None,
        )


protect_stateful = ResourceValidationPolicy(
    name="protect-stateful",
    description="Networks and clusters have the protect resource option set.",
    validate=_validate_protect,
    enforcement_level=EnforcementLevel.ADVISORY,
)

POLICIES = [protect_stateful]

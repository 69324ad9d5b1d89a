"""Rules on control planes: what each cluster's control plane needs from the spec."""

from __future__ import annotations

import re

from ..errors import SpecError, quoted
from ..models import PlatformSpec
from .common import duplicates

# Settings of the managed control plane alone; with no cluster running it, setting them
# would suggest they do something.
MANAGED_ONLY = ("implementation", "channel", "injection")


def _in_cluster(spec: PlatformSpec) -> list[tuple[int, str]]:
    return [(i, c.name) for i, c in enumerate(spec.clusters) if spec.control_plane(c) == "in-cluster"]


def _istiod_declared(spec: PlatformSpec) -> None:
    # The in-cluster control plane is installed from pinned charts: without a revision and
    # version there is nothing to install, and namespaces would name no revision.
    in_cluster = _in_cluster(spec)
    if in_cluster and spec.mesh.istiod is None:
        i, name = in_cluster[0]
        raise SpecError(
            ["mesh", "istiod"], f"is required: clusters[{i}] ({name}) runs the in-cluster control plane"
        )
    if not in_cluster and spec.mesh.istiod is not None:
        raise SpecError(
            ["mesh", "istiod"],
            "is set, but no cluster runs the in-cluster control plane (attached clusters,"
            " or GKE with mesh.controlPlane: in-cluster)",
        )


def _istiod_revisions(spec: PlatformSpec) -> None:
    istiod = spec.mesh.istiod
    if istiod is None:
        return
    loc: list[str | int] = ["mesh", "istiod"]
    for j, revision in enumerate(istiod.revisions):
        # istiod's chart names its Service `istiod-<revision>`, but base's defaultRevision
        # "default" points the validating webhook at `istiod`: that revision name breaks it.
        if revision.name == "default":
            raise SpecError(
                [*loc, "revisions", j, "name"],
                "'default' is Istio's name for the unrevisioned istiod; name revisions after"
                " their version, e.g. 1-24-2",
            )
    duplicates((([*loc, "revisions", j, "name"], r.name) for j, r in enumerate(istiod.revisions)), "revision")
    names = [r.name for r in istiod.revisions]
    if istiod.revision is not None and istiod.revision not in names:
        raise SpecError(
            [*loc, "revision"],
            f"{quoted(istiod.revision)} is not an installed revision in mesh.istiod.revisions"
            f" ({', '.join(names)})",
        )


ASM_RELEASE = re.compile(r"(?P<istio>[0-9]+\.[0-9]+\.[0-9]+)-asm\.[0-9]+")
"""ASM's release format, MAJOR.MINOR.POINT-asm.REV, where MAJOR.MINOR.POINT is the Istio version
it is built from (GoogleCloudPlatform/anthos-service-mesh-packages, docs/versioning.md;
asmcli's RELEASE in asmcli/lib/util.sh)."""


def _istiod_distribution(spec: PlatformSpec) -> None:
    # The version picks the images: an ASM release names ASM's build, a chart version
    # upstream's. A version of the other kind would install a build the spec did not choose.
    istiod = spec.mesh.istiod
    if istiod is None:
        return
    for j, revision in enumerate(istiod.revisions):
        loc: list[str | int] = ["mesh", "istiod", "revisions", j, "version"]
        is_asm = ASM_RELEASE.fullmatch(revision.version) is not None
        if istiod.distribution == "asm" and not is_asm:
            raise SpecError(
                loc,
                f"{quoted(revision.version)} has no ASM release format; with mesh.istiod.distribution:"
                " asm name an ASM release, MAJOR.MINOR.POINT-asm.REV (e.g. 1.28.5-asm.9)",
            )
        if istiod.distribution == "istio" and is_asm:
            raise SpecError(
                loc,
                f"{quoted(revision.version)} is an ASM release, not an Istio chart version; set"
                " mesh.istiod.distribution: asm, or name Istio's version (MAJOR.MINOR.PATCH)",
            )


def _managed_only(spec: PlatformSpec) -> None:
    if any(spec.control_plane(c) == "managed" for c in spec.clusters):
        return
    for field in MANAGED_ONLY:
        # The three are one word each, so their YAML names are the Python ones.
        if field in spec.mesh.model_fields_set:
            raise SpecError(
                ["mesh", field],
                "applies to the managed control plane only, and no cluster runs it; in-cluster"
                " control planes take their revision from mesh.istiod",
            )


# A gateway's `revision` and `canary.revision` must be revisions its clusters run: that rule
# covers every kind of control plane, so it lives with the gateways (rules/gateways.py).
RULES = (_istiod_declared, _istiod_revisions, _istiod_distribution, _managed_only)
"""Control-plane rules, in the order a reader would fix them."""

"""The meshguard policy pack: `pulumi preview --policy-pack policy`.

PolicyPack starts the analyzer's gRPC server and never returns, so this file only builds it;
the policies live in the importable `meshguard` package.
"""

from meshguard import DESCRIPTION, INITIAL_CONFIG, PACK_NAME, POLICIES
from pulumi_policy import PolicyPack

PolicyPack(
    name=PACK_NAME,
    policies=POLICIES,
    initial_config=INITIAL_CONFIG,
    description=DESCRIPTION,
)

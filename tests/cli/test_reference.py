"""The generated reference (components/REFERENCE.generated.md) is what the code says today."""

from __future__ import annotations

from components.cli.reference import GENERATED, reference_text
from tests.checkout import meshfleet


def test_the_committed_reference_matches_the_code() -> None:
    # On a failure: meshfleet reference > components/REFERENCE.generated.md, and commit it.
    assert GENERATED.read_text(encoding="utf-8") == reference_text()


def test_every_spec_model_policy_and_command_is_listed() -> None:
    text = reference_text()

    for heading in ("### PlatformSpec", "### GkeClusterSpec", "### RouteTlsSpec", "### `meshfleet diff`"):
        assert heading in text
    assert "| `protect-stateful` | advisory |" in text
    assert "| `--no-policy` | flag | Do not run the policy pack. |" in text


def test_the_command_prints_it() -> None:
    result = meshfleet("reference")

    assert (result.returncode, result.stdout) == (0, reference_text())

"""`python -m tests.standin ...`: the real meshfleet CLI, with the stand-in cloud registered."""

from components.cli import main
from components.clouds import register
from tests.standin.cloud import CLOUD, StandinClusters, StandinClusterSpec

register(CLOUD, StandinClusterSpec, lambda: StandinClusters)  # the recipe's one registration line

main()

"""Tests of the meshfleet CLI, run in a subprocess against this checkout."""

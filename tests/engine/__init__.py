"""Tests of the offline engine, mirroring components/engine."""

"""Tests of the diff of two Plans."""

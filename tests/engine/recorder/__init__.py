"""Tests of the recorder: running programs and recording their Plans."""

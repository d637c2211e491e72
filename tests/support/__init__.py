"""Helpers shared by the tests: importable modules, so no test imports from a conftest."""

"""Pytest plugin registered by the ``formify`` distribution: the ``formify_emulator`` fixture."""

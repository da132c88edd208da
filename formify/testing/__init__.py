"""A local emulator of the Formify API for tests and demos (extra: ``formify[emulator]``)."""

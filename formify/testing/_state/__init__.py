"""Floor 2 of the emulator: the emulated service itself, without HTTP serving.

Records (``models``, ``store``), rules (``lifecycle``, ``documents``, ``signees``,
``fieldvalues``, ``checks``), OAuth state (``tokens``), the clock, the rate limiter, injected
fault rules, signed-URL storage, webhook events and their delivery, error messages, and
``context`` (everything one emulator instance shares). Imports only ``_pdf`` below it.
"""

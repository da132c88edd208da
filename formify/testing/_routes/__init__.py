"""Floor 3 of the emulator: HTTP routes, one module per API tag, plus the control routes.

``http`` holds the helpers every route uses, ``views`` the JSON shapes of the answers,
``control`` the test controls and their ``/_emulator/...`` routes. Imports ``_state`` and
``_pdf`` only.
"""

"""Floor 4 of the emulator: the ASGI apps and the server that runs them.

``gate`` (auth, rate limit, faults, request log in front of the API), ``app``
(``create_app``: the routing table and the wiring), ``storage`` (the storage host's app),
``server`` (``Emulator``: both apps under uvicorn in a thread).
"""

"""The resource groups of the client: `client.files`, `.documents`, `.templates`, ..."""

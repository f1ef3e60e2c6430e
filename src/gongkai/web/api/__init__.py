"""The JSON API under /api/: reports, checks and the registers, with an OpenAPI description and
token authentication for scripts."""

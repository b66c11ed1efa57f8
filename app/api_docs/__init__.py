"""A readable page about the API, rendered on the server from the OpenAPI document."""

"""The wire shapes of the API (marshmallow schemas: validation, serialization, OpenAPI)."""

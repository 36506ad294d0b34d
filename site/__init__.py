"""The static-site generator, imported as `sitegen` (see pyproject.toml): bakes approved pages
to static files and publishes them to object storage."""

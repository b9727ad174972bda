"""Step 1, load: site.toml, data/ and content/ → the model (frozen values, no HTML)."""

"""Commands besides the build: `new`, `stamp`, `status`."""

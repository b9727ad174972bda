"""What a build may reuse from earlier builds: fingerprints, bodies, the last build's report."""

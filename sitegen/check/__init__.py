"""Step 4, check: links, anchors, assets and the Content-Security-Policy, on the output."""

"""Steps 2 and 3, render: Markdown bodies and templates → HTML (nothing is written here)."""

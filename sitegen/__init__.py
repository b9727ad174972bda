"""The engine behind build.py: content → model → rendered pages → site/."""

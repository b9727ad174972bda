"""Step 5, write: the output tree → site/ (and the Pagefind search index over it)."""

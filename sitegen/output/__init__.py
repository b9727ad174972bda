"""Step 5, write: the search index of the finished pages, and the output tree → site/ (staged, then swapped in)."""

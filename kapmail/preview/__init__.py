"""Looking at a built series: the gallery page (index.html)."""

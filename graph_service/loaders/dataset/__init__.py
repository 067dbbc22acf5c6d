"""Case-review datasets in the import format: read, validate as a whole, then write."""

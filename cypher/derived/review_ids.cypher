// Lists every review id, to derive per-review data in batches.
// Parameters: none
// Columns: id
// Visibility: internal
MATCH (r:Review)
RETURN r.id AS id

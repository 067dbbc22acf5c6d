// Lists every practice change id, to derive per-change data in batches.
// Parameters: none
// Columns: id
// Visibility: internal
MATCH (c:PracticeChange)
RETURN c.id AS id

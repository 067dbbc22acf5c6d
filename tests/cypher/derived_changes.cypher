// The derived outcome count of every practice change.
// Parameters: none
// Columns: id, outcomeCount
// Visibility: internal
MATCH (c:PracticeChange)
RETURN c.id AS id, c.outcomeCount AS outcomeCount

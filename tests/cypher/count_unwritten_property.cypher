// Counts the nodes having a property that no statement ever writes (tests only).
// Parameters: none
// Columns: nodes
// Visibility: internal
MATCH (n)
WHERE n.writtenByNoStatement IS NOT NULL
RETURN count(n) AS nodes

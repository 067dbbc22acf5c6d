// Counts every node of the graph.
// Parameters: none
// Columns: nodes
// Visibility: internal
MATCH (n)
RETURN count(n) AS nodes

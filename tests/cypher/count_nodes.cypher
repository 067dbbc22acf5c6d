// Counts every node of the graph.
// Parameters: none
// Columns: nodes
MATCH (n)
RETURN count(n) AS nodes

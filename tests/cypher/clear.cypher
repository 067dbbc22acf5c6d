// Deletes everything in the graph (tests only).
// Parameters: none
// Columns: none
MATCH (n)
DETACH DELETE n

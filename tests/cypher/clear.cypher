// Deletes everything in the graph (tests only).
// Parameters: none
// Columns: none
// Visibility: internal
MATCH (n)
DETACH DELETE n

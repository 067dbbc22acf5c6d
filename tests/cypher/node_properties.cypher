// Every node's properties (load runs left out), to compare the graph before and after a load.
// Parameters: none
// Columns: labels, properties
// Visibility: internal
MATCH (n)
WHERE NOT n:LoadRun
RETURN labels(n) AS labels, properties(n) AS properties

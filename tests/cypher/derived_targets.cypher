// Every TARGETS relationship, whatever its ends.
// Parameters: none
// Columns: source, target, label
// Visibility: internal
MATCH (a)-[x:TARGETS]->(b)
RETURN a.id AS source, b.code AS target, labels(b)[0] AS label

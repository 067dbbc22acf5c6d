// Which of the given shared resource ids already exist in the graph (for dataset validation).
// Parameters: $ids
// Columns: id
// Visibility: internal
UNWIND $ids AS wanted
MATCH (n:Resource {id: wanted})
RETURN n.id AS id

// Which of the given agencies ids already exist in the graph (for dataset validation).
// Parameters: $ids
// Columns: id
// Visibility: internal
UNWIND $ids AS wanted
MATCH (n:Agency {id: wanted})
RETURN n.id AS id

// Which of the given recommendations ids already exist in the graph (for dataset validation).
// Parameters: $ids
// Columns: id
// Visibility: internal
UNWIND $ids AS wanted
MATCH (n:Recommendation {id: wanted})
RETURN n.id AS id

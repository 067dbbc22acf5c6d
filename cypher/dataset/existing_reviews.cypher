// Which of the given reviews ids already exist in the graph (for dataset validation).
// Parameters: $ids
// Columns: id
// Visibility: internal
UNWIND $ids AS wanted
MATCH (n:Review {id: wanted})
RETURN n.id AS id

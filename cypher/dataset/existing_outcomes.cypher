// Which of the given outcome ids already exist in the graph (for dataset validation).
// Parameters: $ids
// Columns: id
// Visibility: internal
UNWIND $ids AS wanted
MATCH (n:Outcome {id: wanted})
RETURN n.id AS id

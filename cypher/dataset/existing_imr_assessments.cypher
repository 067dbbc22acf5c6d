// Which of the given IMR assessment ids already exist in the graph (for dataset validation).
// Parameters: $ids
// Columns: id
// Visibility: internal
UNWIND $ids AS wanted
MATCH (n:ImrAssessment {id: wanted})
RETURN n.id AS id

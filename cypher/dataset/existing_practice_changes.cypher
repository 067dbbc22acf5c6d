// Which of the given practice changes ids already exist in the graph (for dataset validation).
// Parameters: $ids
// Columns: id
// Visibility: internal
UNWIND $ids AS wanted
MATCH (n:PracticeChange {id: wanted})
RETURN n.id AS id

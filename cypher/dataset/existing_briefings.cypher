// Which of the given briefings ids already exist in the graph (for dataset validation).
// Parameters: $ids
// Columns: id
// Visibility: internal
UNWIND $ids AS wanted
MATCH (n:Briefing {id: wanted})
RETURN n.id AS id

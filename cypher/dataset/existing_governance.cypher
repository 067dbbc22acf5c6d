// Which of the given governance record ids (FORCE:YYYY-MM-DD) already exist in the graph (for
// dataset validation).
// Parameters: $ids
// Columns: id
// Visibility: internal
UNWIND $ids AS wanted
MATCH (n:GovernanceRecord {id: wanted})
RETURN n.id AS id

// Looks up practice changes by id; unknown ids give no row.
// Parameters: $ids
// Columns: key, node
// Visibility: public
UNWIND $ids AS id
MATCH (n:PracticeChange {id: id})
RETURN n.id AS key, n {.id, .agencyId, .description, .changeType, .status, .startedOn, .completedOn, .evidence} AS node

// Looks up outcomes by id; unknown ids give no row.
// Parameters: $ids
// Columns: key, node
// Visibility: public
UNWIND $ids AS id
MATCH (n:Outcome {id: id})
RETURN n.id AS key, n {.id, .changeId, .description, .direction, .observedOn, .measure, .value, .baseline, .evidenceUrl} AS node

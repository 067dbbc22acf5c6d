// The outcomes of each practice change, by change id.
// Parameters: $ids
// Columns: key, node
// Visibility: public
UNWIND $ids AS id
MATCH (:PracticeChange {id: id})-[:RESULTED_IN]->(x:Outcome)
WITH id, x
RETURN id AS key, x {.id, .changeId, .description, .direction, .observedOn, .measure, .value, .baseline, .evidenceUrl} AS node
ORDER BY key, node.id

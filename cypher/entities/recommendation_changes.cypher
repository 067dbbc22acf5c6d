// The practice changes implementing each recommendation, by recommendation id.
// Parameters: $ids
// Columns: key, node
// Visibility: parent
UNWIND $ids AS id
MATCH (:Recommendation {id: id})<-[:IMPLEMENTS]-(x:PracticeChange)
WITH id, x
RETURN id AS key, x {.id, .agencyId, .description, .changeType, .status, .startedOn, .completedOn, .evidence} AS node
ORDER BY key, node.id

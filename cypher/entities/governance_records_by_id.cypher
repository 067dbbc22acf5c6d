// Looks up governance records by id; unknown ids give no row.
// Parameters: $ids
// Columns: key, node
// Visibility: public
UNWIND $ids AS id
MATCH (n:GovernanceRecord {id: id})
RETURN n.id AS key, n {.id, .forceId, .recordedOn, .hasReviewTeam, .reviewLeadRole, .oversightBoard, .recommendationTracking, .imrSignoffRole, .notes} AS node

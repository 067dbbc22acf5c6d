// The governance records of each force, newest first, by force code.
// Parameters: $ids
// Columns: key, node
// Visibility: public
UNWIND $ids AS id
MATCH (:Force {code: id})<-[:OF_FORCE]-(x:GovernanceRecord)
WITH id, x
RETURN id AS key, x {.id, .forceId, .recordedOn, .hasReviewTeam, .reviewLeadRole, .oversightBoard, .recommendationTracking, .imrSignoffRole, .notes} AS node
ORDER BY key, node.recordedOn DESC

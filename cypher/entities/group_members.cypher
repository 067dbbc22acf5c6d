// The visible members of each group of near-identical recommendations, by group id.
// Parameters: $ids, $includeRestricted
// Columns: key, node
// Visibility: derived
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH figures
WHERE $includeRestricted OR coalesce(figures.stale, false) = false
UNWIND $ids AS id
MATCH (:RecommendationGroup {id: id})<-[:IN_GROUP]-(x:Recommendation)
WITH id, x
WHERE $includeRestricted OR x.restricted = false
RETURN id AS key, x {.id, .reviewId, .text, .level, .status, .madeOn, .statusUpdatedOn, .implemented} AS node
ORDER BY key, node.id

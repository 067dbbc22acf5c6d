// Deletes every group of near-identical recommendations, with its IN_GROUP relationships,
// before the groups are derived again.
// Parameters: none
// Columns: groups
// Visibility: internal
OPTIONAL MATCH (g:RecommendationGroup)
DETACH DELETE g
RETURN count(*) AS groups

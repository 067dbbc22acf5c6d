// Deletes the groups of near-identical recommendations that are not the current ones (left by
// a derivation that stopped before switching to its groups), with their IN_GROUP
// relationships, before the groups are derived again.
// Parameters: none
// Columns: groups
// Visibility: internal
OPTIONAL MATCH (current:DerivedState {id: 'groups'})
OPTIONAL MATCH (g:RecommendationGroup)
WHERE coalesce(g.generation, '') <> coalesce(current.generation, '')
DETACH DELETE g
RETURN count(*) AS groups

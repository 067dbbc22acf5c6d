// Deletes the groups of near-identical recommendations that are not the current ones (left by
// a derivation that stopped before switching to its groups), with their IN_GROUP
// relationships, before the groups are derived again; returns the current generation.
// Parameters: none
// Columns: current
// Visibility: internal
OPTIONAL MATCH (state:DerivedState {id: 'groups'})
WITH state, coalesce(state.generation, '') AS current
OPTIONAL MATCH (g:RecommendationGroup)
WHERE coalesce(g.generation, '') <> current
DETACH DELETE g
RETURN DISTINCT current

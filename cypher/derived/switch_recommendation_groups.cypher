// Makes the groups of near-identical recommendations of one derivation ($generation) the
// current ones and deletes the others, in one write: readers of the groups see the old set
// or the new one, never a set half built.
// Parameters: $generation
// Columns: dropped
// Visibility: internal
MERGE (current:DerivedState {id: 'groups'})
SET current.generation = $generation
WITH current
OPTIONAL MATCH (old:RecommendationGroup)
WHERE coalesce(old.generation, '') <> $generation
DETACH DELETE old
RETURN count(*) AS dropped

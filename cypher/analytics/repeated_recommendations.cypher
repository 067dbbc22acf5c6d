// Lists the groups of near-identical recommendations formed among the recommendations the
// caller may see (groups are derived separately over every recommendation and over those of
// unrestricted reviews only), made in at least $minReviews reviews, with their counts and
// the id and text of their lowest member; only the current groups (a derivation builds the
// next ones beside them and switches in one write).
// Parameters: $includeRestricted, $minReviews
// Columns: group, id, text, recommendations, reviews
// Visibility: derived
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH figures
WHERE $includeRestricted OR coalesce(figures.stale, false) = false
OPTIONAL MATCH (current:DerivedState {id: 'groups'})
WITH current
MATCH (g:RecommendationGroup)
WHERE coalesce(g.generation, '') = coalesce(current.generation, '')
    AND g.scope = CASE WHEN $includeRestricted THEN 'all' ELSE 'open' END
    AND g.reviews >= $minReviews AND g.reviews > 0
RETURN g.id AS group, g.firstId AS id, g.text AS text, g.recommendations AS recommendations,
    g.reviews AS reviews

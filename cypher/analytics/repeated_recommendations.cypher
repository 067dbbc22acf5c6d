// Lists the groups of near-identical recommendations whose visible members come from at least
// $minReviews visible reviews, with the group's visible counts, id and text (those of its
// lowest visible member), from the derived group nodes.
// Parameters: $includeRestricted, $minReviews
// Columns: group, id, text, recommendations, reviews
MATCH (g:RecommendationGroup)
WITH g,
    CASE WHEN $includeRestricted THEN g.reviews ELSE g.openReviews END AS reviews,
    CASE WHEN $includeRestricted THEN g.recommendations ELSE g.openRecommendations END
        AS recommendations
WHERE reviews >= $minReviews AND reviews > 0
RETURN g.id AS group,
    CASE WHEN $includeRestricted THEN g.id ELSE g.openId END AS id,
    CASE WHEN $includeRestricted THEN g.text ELSE g.openText END AS text,
    recommendations, reviews

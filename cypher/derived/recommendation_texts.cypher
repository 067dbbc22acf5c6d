// Lists every recommendation's id, text, review and restriction, in id order, for grouping
// near-identical recommendations.
// Parameters: none
// Columns: id, text, reviewId, restricted
// Visibility: internal
MATCH (r:Recommendation)
RETURN r.id AS id, r.text AS text, r.reviewId AS reviewId, r.restricted AS restricted
ORDER BY id

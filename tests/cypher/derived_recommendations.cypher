// The derived properties of every recommendation.
// Parameters: none
// Columns: id, restricted, reviewType, year, changeCount, implemented
// Visibility: internal
MATCH (r:Recommendation)
RETURN r.id AS id, r.restricted AS restricted, r.reviewType AS reviewType, r.year AS year,
    r.changeCount AS changeCount, r.implemented AS implemented

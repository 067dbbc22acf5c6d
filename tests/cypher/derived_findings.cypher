// The properties every finding copies from its review.
// Parameters: none
// Columns: id, restricted, reviewType, year
// Visibility: internal
MATCH (f:Finding)
RETURN f.id AS id, f.restricted AS restricted, f.reviewType AS reviewType, f.year AS year

// Counts agencies, police forces included that pass the same filters as entities/agencies.
// Parameters: $sectors
// Columns: total
// Visibility: public
MATCH (n:Agency)
WHERE ($sectors IS NULL OR n.sector IN $sectors)
RETURN count(n) AS total

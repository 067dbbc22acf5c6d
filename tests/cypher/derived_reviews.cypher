// The derived properties of every review.
// Parameters: none
// Columns: id, forceCodes, strandCodes, findingCount
// Visibility: internal
MATCH (r:Review)
RETURN r.id AS id, r.forceCodes AS forceCodes, r.strandCodes AS strandCodes,
    r.findingCount AS findingCount

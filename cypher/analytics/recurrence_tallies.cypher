// Reads the derived recurrence tallies of one dimension for the reviews a caller may see,
// narrowed by year, review type and jurisdiction (filters that the tallies are keyed by).
// Parameters: $dimension, $includeRestricted, $yearFrom, $yearTo, $reviewTypes, $jurisdiction
// Columns: code, reviewType, year, reviews, findings, firstSeen, lastSeen, forces
MATCH (t:RecurrenceTally)
WHERE t.dimension = $dimension
    AND ($includeRestricted OR t.restricted = false)
    AND ($yearFrom IS NULL OR t.year >= $yearFrom)
    AND ($yearTo IS NULL OR t.year <= $yearTo)
    AND ($reviewTypes IS NULL OR t.reviewType IN $reviewTypes)
    AND ($jurisdiction IS NULL OR t.jurisdiction = $jurisdiction)
RETURN t.code AS code, t.reviewType AS reviewType, t.year AS year, t.reviews AS reviews,
    t.findings AS findings, t.firstSeen AS firstSeen, t.lastSeen AS lastSeen, t.forces AS forces

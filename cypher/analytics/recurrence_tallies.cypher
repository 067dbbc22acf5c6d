// Reads the derived recurrence tallies of one dimension for the caller's visibility, narrowed
// by year, review type and jurisdiction (filters that the tallies are keyed by). Each tally
// holds its figures over every review and (open...) over unrestricted reviews only.
// Parameters: $dimension, $includeRestricted, $yearFrom, $yearTo, $reviewTypes, $jurisdiction
// Columns: code, reviewType, year, reviews, findings, firstSeen, lastSeen, forces
MATCH (t:RecurrenceTally)
WHERE t.dimension = $dimension
    AND ($yearFrom IS NULL OR t.year >= $yearFrom)
    AND ($yearTo IS NULL OR t.year <= $yearTo)
    AND ($reviewTypes IS NULL OR t.reviewType IN $reviewTypes)
    AND ($jurisdiction IS NULL OR t.jurisdiction = $jurisdiction)
WITH t, CASE WHEN $includeRestricted THEN t.reviews ELSE t.openReviews END AS reviews
WHERE reviews > 0
RETURN t.code AS code, t.reviewType AS reviewType, t.year AS year, reviews,
    CASE WHEN $includeRestricted THEN t.findings ELSE t.openFindings END AS findings,
    CASE WHEN $includeRestricted THEN t.firstSeen ELSE t.openFirstSeen END AS firstSeen,
    CASE WHEN $includeRestricted THEN t.lastSeen ELSE t.openLastSeen END AS lastSeen,
    CASE WHEN $includeRestricted THEN t.forces ELSE t.openForces END AS forces

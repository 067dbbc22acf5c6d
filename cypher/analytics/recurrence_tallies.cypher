// Sums the derived recurrence tallies of one dimension for the caller's visibility, narrowed
// by year, review type and jurisdiction (filters that the tallies are keyed by). Each tally
// holds its figures over every review and (open...) over unrestricted reviews only. Rows per
// code: its reviews and findings per review type (part 'type', key = review type) and per
// year (part 'year', key = year), then its first and last dates and the distinct force lists
// of its tallies (part 'code'; each list ';'-terminated in one string). Summing here returns
// a few hundred rows instead of thousands of tallies.
// Parameters: $dimension, $includeRestricted, $yearFrom, $yearTo, $reviewTypes, $jurisdiction
// Columns: part, code, key, reviews, findings, firstSeen, lastSeen, forces
// Visibility: derived
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH figures
WHERE $includeRestricted OR coalesce(figures.stale, false) = false
MATCH (t:RecurrenceTally)
WHERE t.dimension = $dimension
    AND ($yearFrom IS NULL OR t.year >= $yearFrom)
    AND ($yearTo IS NULL OR t.year <= $yearTo)
    AND ($reviewTypes IS NULL OR t.reviewType IN $reviewTypes)
    AND ($jurisdiction IS NULL OR t.jurisdiction = $jurisdiction)
WITH t, CASE WHEN $includeRestricted THEN t.reviews ELSE t.openReviews END AS reviews
WHERE reviews > 0
RETURN 'type' AS part, t.code AS code, t.reviewType AS key, sum(reviews) AS reviews,
    sum(CASE WHEN $includeRestricted THEN t.findings ELSE t.openFindings END) AS findings,
    null AS firstSeen, null AS lastSeen, null AS forces
UNION ALL
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH figures
WHERE $includeRestricted OR coalesce(figures.stale, false) = false
MATCH (t:RecurrenceTally)
WHERE t.dimension = $dimension
    AND ($yearFrom IS NULL OR t.year >= $yearFrom)
    AND ($yearTo IS NULL OR t.year <= $yearTo)
    AND ($reviewTypes IS NULL OR t.reviewType IN $reviewTypes)
    AND ($jurisdiction IS NULL OR t.jurisdiction = $jurisdiction)
WITH t, CASE WHEN $includeRestricted THEN t.reviews ELSE t.openReviews END AS reviews
WHERE reviews > 0
RETURN 'year' AS part, t.code AS code, t.year AS key, sum(reviews) AS reviews,
    sum(CASE WHEN $includeRestricted THEN t.findings ELSE t.openFindings END) AS findings,
    null AS firstSeen, null AS lastSeen, null AS forces
UNION ALL
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH figures
WHERE $includeRestricted OR coalesce(figures.stale, false) = false
MATCH (t:RecurrenceTally)
WHERE t.dimension = $dimension
    AND ($yearFrom IS NULL OR t.year >= $yearFrom)
    AND ($yearTo IS NULL OR t.year <= $yearTo)
    AND ($reviewTypes IS NULL OR t.reviewType IN $reviewTypes)
    AND ($jurisdiction IS NULL OR t.jurisdiction = $jurisdiction)
WITH t, CASE WHEN $includeRestricted THEN t.reviews ELSE t.openReviews END AS reviews
WHERE reviews > 0
RETURN 'code' AS part, t.code AS code, null AS key, null AS reviews, null AS findings,
    min(CASE WHEN $includeRestricted THEN t.firstSeen ELSE t.openFirstSeen END) AS firstSeen,
    max(CASE WHEN $includeRestricted THEN t.lastSeen ELSE t.openLastSeen END) AS lastSeen,
    collect(DISTINCT CASE WHEN $includeRestricted THEN t.forces ELSE t.openForces END) AS forces

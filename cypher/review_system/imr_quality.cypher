// IMR quality tallies, for imrQuality: how many scores of each value (0, 1, 2, 3) each
// criterion got, per group ($groupBy: NONE, FORCE, REVIEW_TYPE or YEAR), over the IMR
// assessments the caller may see ($includeImr, and reviews the caller may see) that pass the
// filters: the review's type, the assessed force, the review's year. FORCE keeps police IMRs
// only (the assessed agency is a force) and groups by that force; YEAR groups by the review's
// year (null: no year). Reads the derived IMR tallies.
// Parameters: $includeImr, $includeRestricted, $reviewTypes, $forces, $yearFrom, $yearTo, $groupBy
// Columns: key, criterion, distribution
// Visibility: derived
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH figures
WHERE $includeRestricted OR coalesce(figures.stale, false) = false
MATCH (t:ImrTally)
WHERE $includeImr
    AND ($reviewTypes IS NULL OR t.reviewType IN $reviewTypes)
    AND ($forces IS NULL OR t.force IN $forces)
    AND ($yearFrom IS NULL OR t.year >= $yearFrom)
    AND ($yearTo IS NULL OR t.year <= $yearTo)
    AND ($groupBy <> 'FORCE' OR t.force IS NOT NULL)
WITH CASE $groupBy
        WHEN 'FORCE' THEN t.force
        WHEN 'REVIEW_TYPE' THEN t.reviewType
        WHEN 'YEAR' THEN t.year
    END AS key,
    t.criterion AS criterion,
    CASE WHEN $includeRestricted THEN t.scores ELSE t.openScores END AS scores
WITH key, criterion, sum(scores[0]) AS scored0, sum(scores[1]) AS scored1,
    sum(scores[2]) AS scored2, sum(scores[3]) AS scored3
WHERE scored0 + scored1 + scored2 + scored3 > 0
RETURN key, criterion, [scored0, scored1, scored2, scored3] AS distribution

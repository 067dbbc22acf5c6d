// IMR quality tallies, for imrQuality: how many scores of each value (0, 1, 2, 3) each
// criterion got, per group ($groupBy: NONE, FORCE, REVIEW_TYPE or YEAR), over the IMR
// assessments the caller may see ($includeImr, and reviews the caller may see) that pass the
// filters: the review's type, the assessed agency, the review's year. FORCE keeps police IMRs
// only (the assessed agency is a force) and groups by that force; YEAR groups by the review's
// year (null: no year).
// Parameters: $includeImr, $includeRestricted, $reviewTypes, $forces, $yearFrom, $yearTo, $groupBy
// Columns: key, criterion, distribution
MATCH (i:ImrAssessment)-[:FOR_REVIEW]->(r:Review)
WHERE $includeImr AND ($includeRestricted OR r.restricted = false)
    AND ($reviewTypes IS NULL OR r.reviewType IN $reviewTypes)
    AND ($forces IS NULL OR i.agencyId IN $forces)
    AND ($yearFrom IS NULL OR r.year >= $yearFrom)
    AND ($yearTo IS NULL OR r.year <= $yearTo)
OPTIONAL MATCH (force:Force {code: i.agencyId})
WITH i, r, force
WHERE $groupBy <> 'FORCE' OR force IS NOT NULL
WITH i, CASE $groupBy
        WHEN 'FORCE' THEN force.code
        WHEN 'REVIEW_TYPE' THEN r.reviewType
        WHEN 'YEAR' THEN r.year
    END AS key
MATCH (i)-[s:SCORED]->(c:ImrCriterion)
WITH key, c.code AS criterion, s.score AS score
WITH key, criterion,
    sum(CASE score WHEN 0 THEN 1 ELSE 0 END) AS scored0,
    sum(CASE score WHEN 1 THEN 1 ELSE 0 END) AS scored1,
    sum(CASE score WHEN 2 THEN 1 ELSE 0 END) AS scored2,
    sum(CASE score WHEN 3 THEN 1 ELSE 0 END) AS scored3
RETURN key, criterion, [scored0, scored1, scored2, scored3] AS distribution

// Counts findings of reviews the caller may see that pass the same filters as entities/findings.
// Parameters: $includeRestricted, $reviews, $reviewTypes, $yearFrom, $yearTo, $kinds, $issues, $themes, $factors, $factorEffect, $agencies, $sectors
// Columns: total
// Visibility: review
MATCH (n:Finding)
WHERE ($includeRestricted OR n.restricted = false)
    AND ($reviews IS NULL OR n.reviewId IN $reviews)
    AND ($reviewTypes IS NULL OR n.reviewType IN $reviewTypes)
    AND ($yearFrom IS NULL OR n.year >= $yearFrom)
    AND ($yearTo IS NULL OR n.year <= $yearTo)
    AND ($kinds IS NULL OR n.kind IN $kinds)
    AND ($issues IS NULL OR any(x IN n.issueCodes WHERE x IN $issues))
    AND ($themes IS NULL OR any(x IN n.themeCodes WHERE x IN $themes))
    AND ($factors IS NULL OR any(x IN n.factorEffects WHERE split(x, ':')[0] IN $factors AND ($factorEffect IS NULL OR split(x, ':')[1] = $factorEffect)))
    AND ($factorEffect IS NULL OR any(x IN n.factorEffects WHERE split(x, ':')[1] = $factorEffect))
    AND ($agencies IS NULL OR any(x IN n.agencyIds WHERE x IN $agencies))
    AND ($sectors IS NULL OR any(x IN n.sectorCodes WHERE x IN $sectors))
RETURN count(n) AS total

// Counts reviews the caller may see that pass the same filters as entities/reviews.
// Parameters: $includeRestricted, $reviewTypes, $jurisdiction, $statuses, $yearFrom, $yearTo, $publishedFrom, $publishedTo, $forces, $agencies, $sectors, $strands, $issues, $themes, $factors
// Columns: total
// Visibility: derived if $issues, $themes, $factors
// The issue, theme and factor filters read codes a review derives from its findings: for a
// reader, while those may still count a finding that was hidden since, they match nothing.
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH $includeRestricted OR coalesce(figures.stale, false) = false AS codesCurrent
MATCH (n:Review)
WHERE ($includeRestricted OR n.restricted = false)
    AND ($reviewTypes IS NULL OR n.reviewType IN $reviewTypes)
    AND ($jurisdiction IS NULL OR n.jurisdiction = $jurisdiction)
    AND ($statuses IS NULL OR n.status IN $statuses)
    AND ($yearFrom IS NULL OR n.year >= $yearFrom)
    AND ($yearTo IS NULL OR n.year <= $yearTo)
    AND ($publishedFrom IS NULL OR n.publishedOn >= $publishedFrom)
    AND ($publishedTo IS NULL OR n.publishedOn <= $publishedTo)
    AND ($forces IS NULL OR any(x IN n.forceCodes WHERE x IN $forces))
    AND ($agencies IS NULL OR any(x IN n.agencyIds WHERE x IN $agencies))
    AND ($sectors IS NULL OR any(x IN n.sectorCodes WHERE x IN $sectors))
    AND ($strands IS NULL OR any(x IN n.strandCodes WHERE x IN $strands))
    AND ($issues IS NULL OR codesCurrent AND any(x IN n.issueCodes WHERE x IN $issues))
    AND ($themes IS NULL OR codesCurrent AND any(x IN n.themeCodes WHERE x IN $themes))
    AND ($factors IS NULL OR codesCurrent AND any(x IN n.factorCodes WHERE x IN $factors))
RETURN count(n) AS total

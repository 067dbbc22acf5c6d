// One page of reviews the caller may see, filtered, in keyset order ($sort: published, title or id).
// Parameters: $includeRestricted, $reviewTypes, $jurisdiction, $statuses, $yearFrom, $yearTo, $publishedFrom, $publishedTo, $forces, $agencies, $sectors, $strands, $issues, $themes, $factors, $sort, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
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
WITH n, CASE $sort WHEN 'title' THEN n.title WHEN 'published' THEN coalesce(n.publishedOn, '') ELSE n.id END AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
WITH n, key
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN n.id END ASC, CASE WHEN $ascending THEN null ELSE n.id END DESC
LIMIT $limit
RETURN key, n.id AS id, n {.id, .title, .reviewType, .jurisdiction, .status, .restricted, .publishedOn, .initiatedOn, .year, .subjectAgeGroup, .summary, .sourceUrl, .commissionedBy} AS node

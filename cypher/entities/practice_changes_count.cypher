// Counts practice changes that pass the same filters as entities/practice_changes.
// Parameters: $includeRestricted, $agencies, $changeTypes, $statuses, $issues, $withOutcome
// Columns: total
// Visibility: derived if $issues
// A reader's issue filter reads the issues derived for readers: while those are stale, it
// matches nothing.
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH $includeRestricted OR coalesce(figures.stale, false) = false AS issuesCurrent
MATCH (n:PracticeChange)
WHERE ($agencies IS NULL OR n.agencyId IN $agencies)
    AND ($changeTypes IS NULL OR n.changeType IN $changeTypes)
    AND ($statuses IS NULL OR n.status IN $statuses)
    AND ($issues IS NULL OR issuesCurrent AND any(x IN CASE WHEN $includeRestricted THEN n.issueCodes ELSE n.openIssueCodes END WHERE x IN $issues))
    AND ($withOutcome IS NULL OR (n.outcomeCount > 0) = $withOutcome)
RETURN count(n) AS total

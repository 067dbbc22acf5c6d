// Copies, for the findings of a batch of reviews, the review's type and year, and lists the codes and ids finding filters read: perennial issues, themes, systems factors
// (as CODE:effect), agencies concerned and their sectors. Only findings whose values changed
// are written (FalkorDB re-indexes a node on every write); returns how many were. The
// restriction is not derived: every write of a finding or its review sets it, from the review
// the finding names.
// Parameters: $ids
// Columns: findings
// Visibility: internal
UNWIND $ids AS id
MATCH (r:Review {id: id})-[:IDENTIFIES]->(f:Finding)
// A finding whose row names another review (its link not yet moved by a load that stopped)
// is that review's.
WHERE f.reviewId = r.id
OPTIONAL MATCH (f)-[:EXEMPLIFIES]->(issue:PerennialIssue)
WITH r, f, collect(issue.code) AS issues
OPTIONAL MATCH (f)-[:ABOUT_THEME]->(theme:Theme)
WITH r, f, issues, collect(theme.code) AS themes
OPTIONAL MATCH (f)-[shaped:SHAPED_BY]->(factor:SystemsFactor)
WITH r, f, issues, themes, collect(factor.code + ':' + shaped.effect) AS factors
OPTIONAL MATCH (f)-[:CONCERNS_AGENCY]->(agency:Agency)
WITH r, f, issues, themes, factors, collect(agency.id) AS agencies,
    collect(DISTINCT agency.sector) AS sectors
// A review without a year compares as year 0: a list holding null never equals another.
WHERE NOT coalesce(
    [f.reviewType, coalesce(f.year, 0), f.issueCodes, f.themeCodes, f.factorEffects,
        f.agencyIds, f.sectorCodes]
    = [r.reviewType, coalesce(r.year, 0), issues, themes, factors, agencies, sectors], false)
SET f.reviewType = r.reviewType, f.year = r.year,
    f.issueCodes = issues, f.themeCodes = themes, f.factorEffects = factors,
    f.agencyIds = agencies, f.sectorCodes = sectors
RETURN count(f) AS findings

// Copies, for the findings of a batch of reviews, the review's restriction, type and year,
// and lists the codes and ids finding filters read: perennial issues, themes, systems factors
// (as CODE:effect), agencies concerned and their sectors.
// Parameters: $ids
// Columns: findings
UNWIND $ids AS id
MATCH (r:Review {id: id})-[:IDENTIFIES]->(f:Finding)
WITH r, f, [(f)-[:EXEMPLIFIES]->(issue:PerennialIssue) | issue.code] AS issues,
    [(f)-[:ABOUT_THEME]->(theme:Theme) | theme.code] AS themes,
    [(f)-[shaped:SHAPED_BY]->(factor:SystemsFactor) | factor.code + ':' + shaped.effect]
        AS factors,
    [(f)-[:CONCERNS_AGENCY]->(agency:Agency) | agency] AS agencies
SET f.restricted = r.restricted, f.reviewType = r.reviewType, f.year = r.year,
    f.issueCodes = issues, f.themeCodes = themes, f.factorEffects = factors,
    f.agencyIds = [a IN agencies | a.id],
    f.sectorCodes = reduce(seen = [], a IN agencies |
        CASE WHEN a.sector IN seen THEN seen ELSE seen + a.sector END)
RETURN count(f) AS findings

// Derives, for a batch of reviews, the codes and ids lists filter on (forces, strands,
// agencies involved and their sectors, perennial issues raised) and the finding count, and
// replaces their RAISES relationships to perennial issues with one per issue their findings
// exemplify, carrying how many findings do.
// Parameters: $ids
// Columns: reviews
UNWIND $ids AS id
MATCH (r:Review {id: id})
OPTIONAL MATCH (r)-[old:RAISES]->(:PerennialIssue)
DELETE old
WITH DISTINCT r
WITH r, [(r)-[:IN_FORCE_AREA]->(force:Force) | force.code] AS forces,
    [(r)-[:CONCERNS]->(strand:Strand) | strand.code] AS strands,
    [(r)-[:INVOLVED]->(agency:Agency) | agency] AS agencies,
    size([(r)-[identified:IDENTIFIES]->(:Finding) | identified]) AS findings
SET r.forceCodes = forces, r.strandCodes = strands, r.findingCount = findings,
    r.agencyIds = [a IN agencies | a.id],
    r.sectorCodes = reduce(seen = [], a IN agencies |
        CASE WHEN a.sector IN seen THEN seen ELSE seen + a.sector END)
WITH r
OPTIONAL MATCH (r)-[:IDENTIFIES]->(:Finding)-[coded:EXEMPLIFIES]->(issue:PerennialIssue)
WITH r, issue, count(coded) AS findings
FOREACH (_ IN CASE WHEN issue IS NULL THEN [] ELSE [1] END |
    CREATE (r)-[:RAISES {findings: findings}]->(issue))
WITH r, collect(issue.code) AS issues
SET r.issueCodes = issues
RETURN count(r) AS reviews

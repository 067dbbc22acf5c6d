// Derives, for a batch of reviews, the codes and ids lists filter on (forces, strands,
// agencies involved and their sectors, perennial issues raised; codes in code order, agencies
// in id order) and the finding count, and replaces their RAISES relationships to perennial
// issues with one per issue their findings exemplify, carrying how many findings do. Only
// reviews whose values changed are written (FalkorDB re-indexes a node on every write);
// returns how many were.
// Parameters: $ids
// Columns: reviews
// Visibility: internal
UNWIND $ids AS id
MATCH (r:Review {id: id})
OPTIONAL MATCH (r)-[old:RAISES]->(:PerennialIssue)
DELETE old
WITH DISTINCT r
OPTIONAL MATCH (r)-[:IDENTIFIES]->(f:Finding)-[coded:EXEMPLIFIES]->(issue:PerennialIssue)
// One whose row names another review counts there.
WHERE f.reviewId = r.id
WITH r, issue, count(coded) AS findings
FOREACH (_ IN CASE WHEN issue IS NULL THEN [] ELSE [1] END |
    CREATE (r)-[:RAISES {findings: findings}]->(issue))
WITH r, issue ORDER BY issue.code
WITH r, collect(issue.code) AS issues
OPTIONAL MATCH (r)-[:IN_FORCE_AREA]->(force:Force)
WITH r, issues, force ORDER BY force.code
WITH r, issues, collect(force.code) AS forces
OPTIONAL MATCH (r)-[:CONCERNS]->(strand:Strand)
WITH r, issues, forces, strand ORDER BY strand.code
WITH r, issues, forces, collect(strand.code) AS strands
OPTIONAL MATCH (r)-[:INVOLVED]->(agency:Agency)
WITH r, issues, forces, strands, agency ORDER BY agency.id
WITH r, issues, forces, strands, collect(agency.id) AS agencies,
    collect(DISTINCT agency.sector) AS sectors
OPTIONAL MATCH (r)-[identified:IDENTIFIES]->(counted:Finding)
WHERE counted.reviewId = r.id
WITH r, issues, forces, strands, agencies, sectors, count(identified) AS findings
WHERE NOT coalesce(
    [r.forceCodes, r.strandCodes, r.findingCount, r.agencyIds, r.sectorCodes, r.issueCodes]
    = [forces, strands, findings, agencies, sectors, issues], false)
SET r.forceCodes = forces, r.strandCodes = strands, r.findingCount = findings,
    r.agencyIds = agencies, r.sectorCodes = sectors, r.issueCodes = issues
RETURN count(r) AS reviews

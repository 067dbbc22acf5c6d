// Derives, for a batch of reviews, the codes and ids lists filter on (forces and strands in
// code order,
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
OPTIONAL MATCH (r)-[:IN_FORCE_AREA]->(force:Force)
WITH r, force ORDER BY force.code
WITH r, collect(force.code) AS forces
OPTIONAL MATCH (r)-[:CONCERNS]->(strand:Strand)
WITH r, forces, strand ORDER BY strand.code
WITH r, forces, collect(strand.code) AS strands
OPTIONAL MATCH (r)-[:INVOLVED]->(agency:Agency)
WITH r, forces, strands, collect(agency.id) AS agencies,
    collect(DISTINCT agency.sector) AS sectors
OPTIONAL MATCH (r)-[identified:IDENTIFIES]->(:Finding)
WITH r, forces, strands, agencies, sectors, count(identified) AS findings
SET r.forceCodes = forces, r.strandCodes = strands, r.findingCount = findings,
    r.agencyIds = agencies, r.sectorCodes = sectors
WITH r
OPTIONAL MATCH (r)-[:IDENTIFIES]->(:Finding)-[coded:EXEMPLIFIES]->(issue:PerennialIssue)
WITH r, issue, count(coded) AS findings
FOREACH (_ IN CASE WHEN issue IS NULL THEN [] ELSE [1] END |
    CREATE (r)-[:RAISES {findings: findings}]->(issue))
WITH r, collect(issue.code) AS issues
SET r.issueCodes = issues
RETURN count(r) AS reviews

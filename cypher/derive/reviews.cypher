// Derives, for a batch of reviews, their force and strand codes and finding count, and
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
    size([(r)-[identified:IDENTIFIES]->(:Finding) | identified]) AS findings
SET r.forceCodes = forces, r.strandCodes = strands, r.findingCount = findings
WITH r
OPTIONAL MATCH (r)-[:IDENTIFIES]->(:Finding)-[coded:EXEMPLIFIES]->(issue:PerennialIssue)
WITH r, issue, count(coded) AS findings
FOREACH (_ IN CASE WHEN issue IS NULL THEN [] ELSE [1] END |
    CREATE (r)-[:RAISES {findings: findings}]->(issue))
RETURN count(DISTINCT r) AS reviews

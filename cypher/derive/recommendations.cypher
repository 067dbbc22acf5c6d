// Derives, for the recommendations of a batch of reviews, the review's restriction, type and
// year, the agencies each is directed to and their sectors, how many practice changes
// implement it and whether one is implemented or embedded; and replaces their TARGETS
// relationships with one per perennial issue of the findings they address (also listed).
// Parameters: $ids
// Columns: recommendations
UNWIND $ids AS id
MATCH (r:Review {id: id})-[:MAKES]->(rec:Recommendation)
OPTIONAL MATCH (rec)-[old:TARGETS]->(:PerennialIssue)
DELETE old
WITH DISTINCT r, rec
OPTIONAL MATCH (rec)<-[:IMPLEMENTS]-(change:PracticeChange)
WITH r, rec, collect(change.status) AS statuses
OPTIONAL MATCH (rec)-[:DIRECTED_TO]->(agency:Agency)
WITH r, rec, statuses, collect(agency.id) AS agencies,
    collect(DISTINCT agency.sector) AS sectors
SET rec.restricted = r.restricted, rec.reviewType = r.reviewType, rec.year = r.year,
    rec.agencyIds = agencies, rec.sectorCodes = sectors, rec.changeCount = size(statuses),
    rec.implemented = size([s IN statuses WHERE s IN ['implemented', 'embedded']]) > 0
WITH rec
OPTIONAL MATCH (rec)-[:ADDRESSES]->(:Finding)-[:EXEMPLIFIES]->(issue:PerennialIssue)
WITH DISTINCT rec, issue
FOREACH (_ IN CASE WHEN issue IS NULL THEN [] ELSE [1] END |
    CREATE (rec)-[:TARGETS]->(issue))
WITH rec, collect(issue.code) AS issues
SET rec.issueCodes = issues
RETURN count(rec) AS recommendations

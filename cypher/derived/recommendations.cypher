// Derives, for the recommendations of a batch of reviews, the review's type and year, the
// agencies each is directed to and their sectors, how many practice changes
// implement it and whether one is implemented or embedded; and replaces their TARGETS
// relationships with one per perennial issue of the findings they address (also listed, in
// code order). Only recommendations whose values changed are written (FalkorDB re-indexes a
// node on every write); returns how many were. The restriction is not derived: every write of
// a recommendation or its review sets it, from the review the recommendation names.
// Parameters: $ids
// Columns: recommendations
// Visibility: internal
UNWIND $ids AS id
MATCH (r:Review {id: id})-[:MAKES]->(rec:Recommendation)
// One whose row names another review is that review's.
WHERE rec.reviewId = r.id
OPTIONAL MATCH (rec)-[old:TARGETS]->(:PerennialIssue)
DELETE old
WITH DISTINCT r, rec
OPTIONAL MATCH (rec)-[:ADDRESSES]->(:Finding)-[:EXEMPLIFIES]->(issue:PerennialIssue)
WITH DISTINCT r, rec, issue
FOREACH (_ IN CASE WHEN issue IS NULL THEN [] ELSE [1] END |
    CREATE (rec)-[:TARGETS]->(issue))
WITH r, rec, issue ORDER BY issue.code
WITH r, rec, collect(issue.code) AS issues
OPTIONAL MATCH (rec)<-[:IMPLEMENTS]-(change:PracticeChange)
WITH r, rec, issues, collect(change.status) AS statuses
OPTIONAL MATCH (rec)-[:DIRECTED_TO]->(agency:Agency)
WITH r, rec, issues, size(statuses) AS changes,
    size([s IN statuses WHERE s IN ['implemented', 'embedded']]) > 0 AS implemented,
    collect(agency.id) AS agencies, collect(DISTINCT agency.sector) AS sectors
// A review without a year compares as year 0: a list holding null never equals another.
WHERE NOT coalesce(
    [rec.reviewType, coalesce(rec.year, 0), rec.changeCount, rec.implemented, rec.agencyIds,
        rec.sectorCodes, rec.issueCodes]
    = [r.reviewType, coalesce(r.year, 0), changes, implemented, agencies, sectors, issues],
    false)
SET rec.reviewType = r.reviewType, rec.year = r.year,
    rec.changeCount = changes, rec.implemented = implemented, rec.agencyIds = agencies,
    rec.sectorCodes = sectors, rec.issueCodes = issues
RETURN count(rec) AS recommendations

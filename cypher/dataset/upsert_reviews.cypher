// Creates or updates reviews from dataset rows. Rows whose content changed (their hash
// differs) are linked to this load run in place of the run that wrote them before. When a
// review's restriction changes (or it is new), the same write copies it onto the findings,
// recommendations and IMR assessments that name the review, so that none is ever visible
// while its review is not; a review that stops being visible also marks the figures derived
// for readers as stale until the next derivation.
// Parameters: $rows, $runId
// Columns: changed, created
// Visibility: internal
UNWIND $rows AS row
MERGE (n:Review {id: row.id})
WITH n, row, n.rowHash AS before, n.restricted AS wasRestricted
SET n.title = row.title, n.reviewType = row.reviewType, n.jurisdiction = row.jurisdiction,
        n.status = row.status, n.restricted = row.restricted, n.publishedOn = row.publishedOn,
        n.initiatedOn = row.initiatedOn, n.year = row.year, n.subjectAgeGroup =
        row.subjectAgeGroup, n.summary = row.summary, n.sourceUrl = row.sourceUrl,
        n.commissionedBy = row.commissionedBy, n.rowHash = row.hash
WITH n, row, before, wasRestricted,
    (wasRestricted IS NULL OR wasRestricted <> row.restricted) AS moved
OPTIONAL MATCH (finding:Finding {reviewId: n.id})
WHERE moved
WITH n, row, before, wasRestricted, moved, collect(finding) AS findings
FOREACH (x IN findings | SET x.restricted = n.restricted)
WITH n, row, before, wasRestricted, moved
OPTIONAL MATCH (rec:Recommendation {reviewId: n.id})
WHERE moved
WITH n, row, before, wasRestricted, moved, collect(rec) AS recommendations
FOREACH (x IN recommendations | SET x.restricted = n.restricted)
WITH n, row, before, wasRestricted, moved
OPTIONAL MATCH (imr:ImrAssessment {reviewId: n.id})
WHERE moved
WITH n, row, before, wasRestricted, collect(imr) AS assessments
FOREACH (x IN assessments | SET x.restricted = n.restricted)
FOREACH (_ IN CASE WHEN wasRestricted = false AND row.restricted <> false THEN [1] ELSE [] END |
    MERGE (figures:DerivedState {id: 'open'})
    SET figures.stale = true, figures.version = coalesce(figures.version, 0) + 1)
WITH n, row, before
WHERE before IS NULL OR before <> row.hash
OPTIONAL MATCH (n)-[old:LOADED_BY]->(:LoadRun)
DELETE old
WITH DISTINCT n, before
MATCH (run:LoadRun {id: $runId})
MERGE (n)-[:LOADED_BY]->(run)
RETURN count(n) AS changed, sum(CASE WHEN before IS NULL THEN 1 ELSE 0 END) AS created

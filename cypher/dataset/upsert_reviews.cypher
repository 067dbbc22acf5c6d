// Creates or updates reviews from dataset rows. Rows whose content changed (their hash
// differs) are linked to this load run in place of the run that wrote them before. When a
// review's restriction changes (or it is new), the same write copies it onto the findings,
// recommendations and IMR assessments that name the review, so that none is ever visible
// while its review is not; a review that stops being visible also marks the figures derived
// for readers as stale until the next derivation.
// Change tracking, read by the change feed: the ordinal of the run that created the node
// (createdIn) and of the last run that changed its row or visibility (changedIn); per field of
// the import format, the row's hash (fieldHashes) and the run that last changed it
// (fieldChangedIn). A node written before tracking existed has every field changed. everPublic
// says whether the node was ever visible to readers (one retired and loaded again, under its
// earlier life too, as its tombstone says: a reader who saw it must hear if it comes back
// restricted), publicSince from which run it last became visible (null while restricted). A dependent whose restriction the copy changes is changed in
// this run too. A review whose restriction moves records the run (visibilityMovedIn): at the
// end of the run, the rows that link to it change for readers.
// Parameters: $rows, $runId
// Columns: changed, created
// Visibility: internal
OPTIONAL MATCH (this:LoadRun {id: $runId})
WITH this.ordinal AS ordinal
UNWIND $rows AS row
MERGE (n:Review {id: row.id})
WITH ordinal, n, row
OPTIONAL MATCH (gone:Retired {key: 'reviews/' + row.id})
WITH ordinal, n, row,
    n {.rowHash, .restricted, .createdIn, .changedIn, .fieldHashes, .fieldChangedIn,
        .publicSince, .visibilityMovedIn,
        everPublic: coalesce(n.everPublic, gone.everPublic)} AS old
WITH ordinal, n, row, old,
    old.rowHash IS NULL OR old.rowHash <> row.hash AS rowChanged,
    old.restricted IS NOT NULL AND old.restricted <> row.restricted AS moved
SET n.title = row.title, n.reviewType = row.reviewType, n.jurisdiction = row.jurisdiction,
    n.status = row.status, n.restricted = row.restricted, n.publishedOn = row.publishedOn,
    n.initiatedOn = row.initiatedOn, n.year = row.year, n.subjectAgeGroup = row.subjectAgeGroup,
    n.summary = row.summary, n.sourceUrl = row.sourceUrl, n.commissionedBy = row.commissionedBy,
    n.rowHash = row.hash,
    n.createdIn = coalesce(old.createdIn, ordinal),
    n.changedIn = CASE WHEN rowChanged OR moved OR old.fieldHashes IS NULL
        THEN ordinal ELSE old.changedIn END,
    n.fieldHashes = row.fieldHashes,
    n.fieldChangedIn = [i IN range(0, size(coalesce(row.fieldHashes, [])) - 1) |
        CASE WHEN old.fieldHashes[i] = row.fieldHashes[i]
            THEN coalesce(old.fieldChangedIn[i], ordinal) ELSE ordinal END],
    n.everPublic = coalesce(old.everPublic, false) OR NOT coalesce(old.restricted, true)
        OR NOT row.restricted,
    n.publicSince = CASE WHEN row.restricted THEN null WHEN coalesce(old.restricted, true)
        THEN ordinal ELSE coalesce(old.publicSince, ordinal) END,
    n.visibilityMovedIn = CASE WHEN moved THEN ordinal ELSE old.visibilityMovedIn END
WITH ordinal, n, row, old, rowChanged,
    (old.restricted IS NULL OR old.restricted <> row.restricted) AS copies
OPTIONAL MATCH (finding:Finding {reviewId: n.id})
WHERE copies
WITH ordinal, n, row, old, rowChanged, copies, collect(finding) AS findings
// everPublic first: it reads the restriction the copy replaces.
FOREACH (x IN [f IN findings WHERE f.restricted IS NULL OR f.restricted <> row.restricted] |
    SET x.everPublic = coalesce(x.everPublic, false) OR NOT coalesce(x.restricted, true)
            OR NOT row.restricted,
        x.restricted = row.restricted, x.changedIn = ordinal,
        x.publicSince = CASE WHEN row.restricted THEN null ELSE ordinal END)
WITH ordinal, n, row, old, rowChanged, copies
OPTIONAL MATCH (rec:Recommendation {reviewId: n.id})
WHERE copies
WITH ordinal, n, row, old, rowChanged, copies, collect(rec) AS recommendations
FOREACH (x IN [r IN recommendations
        WHERE r.restricted IS NULL OR r.restricted <> row.restricted] |
    SET x.everPublic = coalesce(x.everPublic, false) OR NOT coalesce(x.restricted, true)
            OR NOT row.restricted,
        x.restricted = row.restricted, x.changedIn = ordinal,
        x.publicSince = CASE WHEN row.restricted THEN null ELSE ordinal END)
WITH ordinal, n, row, old, rowChanged, copies
OPTIONAL MATCH (imr:ImrAssessment {reviewId: n.id})
WHERE copies
WITH ordinal, n, row, old, rowChanged, collect(imr) AS assessments
FOREACH (x IN [a IN assessments
        WHERE a.restricted IS NULL OR a.restricted <> row.restricted] |
    SET x.everPublic = coalesce(x.everPublic, false) OR NOT coalesce(x.restricted, true)
            OR NOT row.restricted,
        x.restricted = row.restricted, x.changedIn = ordinal,
        x.publicSince = CASE WHEN row.restricted THEN null ELSE ordinal END)
FOREACH (_ IN CASE WHEN old.restricted = false AND row.restricted THEN [1] ELSE [] END |
    MERGE (figures:DerivedState {id: 'open'})
    SET figures.stale = true, figures.version = coalesce(figures.version, 0) + 1)
WITH n, old, rowChanged
WHERE rowChanged
OPTIONAL MATCH (n)-[link:LOADED_BY]->(:LoadRun)
DELETE link
WITH DISTINCT n, old.rowHash IS NULL AND old.createdIn IS NULL AS created
MATCH (run:LoadRun {id: $runId})
MERGE (n)-[:LOADED_BY]->(run)
RETURN count(n) AS changed, sum(CASE WHEN created THEN 1 ELSE 0 END) AS created

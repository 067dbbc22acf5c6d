// Creates or updates findings from dataset rows. Rows whose content changed (their hash
// differs) are linked to this load run in place of the run that wrote them before. Each takes
// its review's restriction in the same write (restricted while the review is not in the graph
// yet); one that stops being visible marks the figures derived for readers as stale until the
// next derivation. Change tracking, read by the change feed: the ordinal of the run that
// created the node (createdIn) and of the last run that changed its row or visibility
// (changedIn); per field of the import format, the row's hash (fieldHashes) and the run that
// last changed it (fieldChangedIn). A node written before tracking existed has every field
// changed. A change of restriction is a change (changedIn); everPublic says whether the node
// was ever visible to readers (one retired and loaded again, under its earlier life too, as
// its tombstone says), publicSince from which run it last became visible (null while
// restricted). One whose restriction moves records the run (visibilityMovedIn): at the end of
// the run, the rows that link to it change for readers.
// Parameters: $rows, $runId
// Columns: changed, created
// Visibility: internal
OPTIONAL MATCH (this:LoadRun {id: $runId})
WITH this.ordinal AS ordinal
UNWIND $rows AS row
MERGE (n:Finding {id: row.id})
WITH ordinal, n, row
OPTIONAL MATCH (review:Review {id: row.reviewId})
OPTIONAL MATCH (gone:Retired {key: 'findings/' + row.id})
WITH ordinal, n, row, coalesce(review.restricted, true) AS restricted,
    n {.rowHash, .restricted, .createdIn, .changedIn, .fieldHashes, .fieldChangedIn,
        .publicSince, .visibilityMovedIn,
        everPublic: coalesce(n.everPublic, gone.everPublic)} AS old
WITH ordinal, n, row, restricted, old,
    old.rowHash IS NULL OR old.rowHash <> row.hash AS rowChanged,
    old.restricted IS NOT NULL AND old.restricted <> restricted AS moved
SET n.reviewId = row.reviewId, n.text = row.text, n.kind = row.kind, n.rowHash = row.hash,
    n.restricted = restricted,
    n.createdIn = coalesce(old.createdIn, ordinal),
    n.changedIn = CASE WHEN rowChanged OR moved OR old.fieldHashes IS NULL
        THEN ordinal ELSE old.changedIn END,
    n.fieldHashes = row.fieldHashes,
    n.fieldChangedIn = [i IN range(0, size(coalesce(row.fieldHashes, [])) - 1) |
        CASE WHEN old.fieldHashes[i] = row.fieldHashes[i]
            THEN coalesce(old.fieldChangedIn[i], ordinal) ELSE ordinal END],
    n.everPublic = coalesce(old.everPublic, false) OR NOT coalesce(old.restricted, true)
        OR NOT restricted,
    n.publicSince = CASE WHEN restricted THEN null WHEN coalesce(old.restricted, true)
        THEN ordinal ELSE coalesce(old.publicSince, ordinal) END,
    n.visibilityMovedIn = CASE WHEN moved THEN ordinal ELSE old.visibilityMovedIn END
FOREACH (_ IN CASE WHEN old.restricted = false AND restricted THEN [1] ELSE [] END |
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

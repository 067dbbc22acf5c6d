// Creates or updates briefings from dataset rows. Rows whose content changed (their hash
// differs) are linked to this load run in place of the run that wrote them before. Change
// tracking, read by the change feed: the ordinal of the run that created the node (createdIn)
// and of the last run that changed its row or visibility (changedIn); per field of the import
// format, the row's hash (fieldHashes) and the run that last changed it (fieldChangedIn). A
// node written before tracking existed has every field changed. The kind has no restriction:
// always visible to readers (everPublic), since its creation (publicSince).
// Parameters: $rows, $runId
// Columns: changed, created
// Visibility: internal
OPTIONAL MATCH (this:LoadRun {id: $runId})
WITH this.ordinal AS ordinal
UNWIND $rows AS row
MERGE (n:Briefing {id: row.id})
WITH ordinal, n, row,
    n {.rowHash, .createdIn, .changedIn, .fieldHashes, .fieldChangedIn, .publicSince} AS old
WITH ordinal, n, row, old, old.rowHash IS NULL OR old.rowHash <> row.hash AS rowChanged
SET n.title = row.title, n.kind = row.kind, n.publishedOn = row.publishedOn,
    n.url = row.url, n.rowHash = row.hash,
    n.createdIn = coalesce(old.createdIn, ordinal),
    n.changedIn = CASE WHEN rowChanged OR old.fieldHashes IS NULL
        THEN ordinal ELSE old.changedIn END,
    n.fieldHashes = row.fieldHashes,
    n.fieldChangedIn = [i IN range(0, size(coalesce(row.fieldHashes, [])) - 1) |
        CASE WHEN old.fieldHashes[i] = row.fieldHashes[i]
            THEN coalesce(old.fieldChangedIn[i], ordinal) ELSE ordinal END],
    n.everPublic = true,
    n.publicSince = coalesce(old.publicSince, old.createdIn, ordinal)
WITH n, old, rowChanged
WHERE rowChanged
OPTIONAL MATCH (n)-[link:LOADED_BY]->(:LoadRun)
DELETE link
WITH DISTINCT n, old.rowHash IS NULL AND old.createdIn IS NULL AS created
MATCH (run:LoadRun {id: $runId})
MERGE (n)-[:LOADED_BY]->(run)
RETURN count(n) AS changed, sum(CASE WHEN created THEN 1 ELSE 0 END) AS created

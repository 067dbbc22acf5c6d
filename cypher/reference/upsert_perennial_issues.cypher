// Creates or updates perennial issues and moves each under the theme its row names
// (the previous UNDER_THEME link is replaced). The themes must already exist.
// Parameters: $rows, $version
// Columns: written
// Visibility: internal
UNWIND $rows AS row
MERGE (i:PerennialIssue {code: row.code})
SET i.name = row.name, i.definition = row.definition, i.provisional = row.provisional,
    i.source = row.source, i.taxonomyVersion = $version,
    i.retired = false, i.successors = null
WITH i, row
OPTIONAL MATCH (i)-[old:UNDER_THEME]->(:Theme)
DELETE old
WITH DISTINCT i, row
MATCH (t:Theme {code: row.theme})
MERGE (i)-[:UNDER_THEME]->(t)
RETURN count(i) AS written

// Links each Outcome row to the practice change it resulted from (row.changeId), replacing its
// previous RESULTED_IN link.
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Outcome {id: row.id})
OPTIONAL MATCH (:PracticeChange)-[old:RESULTED_IN]->(n)
DELETE old
WITH DISTINCT n, row
MATCH (t:PracticeChange {id: row.changeId})
MERGE (t)-[:RESULTED_IN]->(n)
RETURN count(*) AS linked

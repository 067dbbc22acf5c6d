// Moves HELPS_WITH links from retired perennial issues to every code that replaces them
// (a split links to each successor), so no coding is lost.
// Parameters: $crosswalk
// Columns: moved
// Visibility: internal
UNWIND $crosswalk AS entry
MATCH (source)-[r:HELPS_WITH]->(:PerennialIssue {code: entry.from})
UNWIND entry.to AS target
MATCH (successor:PerennialIssue {code: target})
MERGE (source)-[:HELPS_WITH]->(successor)
WITH DISTINCT r
DELETE r
RETURN count(*) AS moved

// Moves UNDER_THEME links from retired themes to every code that replaces them
// (a split links to each successor), so no coding is lost.
// Parameters: $crosswalk
// Columns: moved
// Visibility: internal
UNWIND $crosswalk AS entry
MATCH (source)-[r:UNDER_THEME]->(:Theme {code: entry.from})
UNWIND entry.to AS target
MATCH (successor:Theme {code: target})
MERGE (source)-[:UNDER_THEME]->(successor)
WITH DISTINCT r
DELETE r
RETURN count(*) AS moved

// Moves CONCERNS links from retired strands to every code that replaces them
// (a split links to each successor), so no coding is lost.
// Parameters: $crosswalk
// Columns: moved
// Visibility: internal
UNWIND $crosswalk AS entry
MATCH (source)-[r:CONCERNS]->(:Strand {code: entry.from})
UNWIND entry.to AS target
MATCH (successor:Strand {code: target})
MERGE (source)-[:CONCERNS]->(successor)
WITH DISTINCT r
DELETE r
RETURN count(*) AS moved

// Moves SHAPED_BY links from retired systems factors to every code that replaces them
// (a split links to each successor), so no coding is lost.
// Parameters: $crosswalk
// Columns: moved
UNWIND $crosswalk AS entry
MATCH (source)-[r:SHAPED_BY]->(:SystemsFactor {code: entry.from})
UNWIND entry.to AS target
MATCH (successor:SystemsFactor {code: target})
MERGE (source)-[:SHAPED_BY {effect: r.effect}]->(successor)
WITH DISTINCT r
DELETE r
RETURN count(*) AS moved

// Moves SHAPED_BY links from retired systems factors to every code that replaces them
// (a split links to each successor), so no coding is lost. A source already linked to a
// successor keeps that link's effect: one link per pair, never two that disagree.
// Parameters: $crosswalk
// Columns: moved
// Visibility: internal
UNWIND $crosswalk AS entry
MATCH (source)-[r:SHAPED_BY]->(:SystemsFactor {code: entry.from})
UNWIND entry.to AS target
MATCH (successor:SystemsFactor {code: target})
MERGE (source)-[moved:SHAPED_BY]->(successor)
ON CREATE SET moved.effect = r.effect
WITH DISTINCT r
DELETE r
RETURN count(*) AS moved

// Moves SCORED links from retired imr criteria to every code that replaces them
// (a split links to each successor), so no coding is lost.
// Parameters: $crosswalk
// Columns: moved
UNWIND $crosswalk AS entry
MATCH (source)-[r:SCORED]->(:ImrCriterion {code: entry.from})
UNWIND entry.to AS target
MATCH (successor:ImrCriterion {code: target})
MERGE (source)-[:SCORED {score: r.score}]->(successor)
WITH DISTINCT r
DELETE r
RETURN count(*) AS moved

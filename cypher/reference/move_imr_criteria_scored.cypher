// Moves SCORED links from retired imr criteria to every code that replaces them
// (a split links to each successor), so no coding is lost. A source already linked to a
// successor keeps that link's score: one link per pair, never two that disagree.
// Parameters: $crosswalk
// Columns: moved
// Visibility: internal
UNWIND $crosswalk AS entry
MATCH (source)-[r:SCORED]->(:ImrCriterion {code: entry.from})
UNWIND entry.to AS target
MATCH (successor:ImrCriterion {code: target})
MERGE (source)-[moved:SCORED]->(successor)
ON CREATE SET moved.score = r.score
WITH DISTINCT r
DELETE r
RETURN count(*) AS moved

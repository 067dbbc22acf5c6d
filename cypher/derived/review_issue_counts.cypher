// Derives on each review the number of distinct perennial issues it raises, which the
// co-occurrence lift divides by. Run after RAISES is derived. Written only when changed
// (FalkorDB re-indexes a node on every write); returns how many were.
// Parameters: none
// Columns: reviews
// Visibility: internal
MATCH (r:Review)
OPTIONAL MATCH (r)-[raised:RAISES]->(:PerennialIssue)
WITH r, count(raised) AS issues
WHERE NOT coalesce(r.issueCount = issues, false)
SET r.issueCount = issues
RETURN count(r) AS reviews

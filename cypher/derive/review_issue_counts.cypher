// Derives on each review the number of distinct perennial issues it raises, which the
// co-occurrence lift divides by. Run after RAISES is derived.
// Parameters: none
// Columns: reviews
MATCH (r:Review)
OPTIONAL MATCH (r)-[raised:RAISES]->(:PerennialIssue)
WITH r, count(raised) AS issues
SET r.issueCount = issues
RETURN count(r) AS reviews

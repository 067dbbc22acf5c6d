// Derives on each review the number of distinct perennial issues it raises, which the
// co-occurrence lift divides by. Run after RAISES is derived.
// Parameters: none
// Columns: reviews
MATCH (r:Review)
WITH r, size([(r)-[raised:RAISES]->(:PerennialIssue) | raised]) AS issues
SET r.issueCount = issues
RETURN count(r) AS reviews

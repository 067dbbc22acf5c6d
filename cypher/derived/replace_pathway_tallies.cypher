// Replaces every issue's pathway tallies with the given ones: one node per issue, review type
// ('*' for all) and scope ('all', or 'open' for unrestricted material only).
// Parameters: $tallies
// Columns: tallies
// Visibility: internal
OPTIONAL MATCH (old:PathwayTally)
DELETE old
WITH count(*) AS cleared
UNWIND $tallies AS tally
CREATE (t:PathwayTally)
SET t = tally
RETURN count(t) AS tallies

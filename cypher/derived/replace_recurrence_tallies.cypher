// Replaces the recurrence tallies of one dimension with the given ones (figures over every
// review and, open..., over unrestricted ones). Each tally's forces
// are ';'-terminated codes in one string, which reads back far faster than a list.
// Parameters: $dimension, $tallies
// Columns: tallies
// Visibility: internal
OPTIONAL MATCH (old:RecurrenceTally {dimension: $dimension})
DELETE old
WITH count(*) AS cleared
UNWIND $tallies AS tally
CREATE (t:RecurrenceTally)
SET t = tally, t.dimension = $dimension
RETURN count(t) AS tallies

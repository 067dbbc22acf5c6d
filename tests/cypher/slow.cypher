// Counts to $n, slowly enough to outlast a statement limit of a millisecond.
// Parameters: $n
// Columns: total
UNWIND range(1, $n) AS i
RETURN count(i) AS total

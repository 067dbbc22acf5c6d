// Counts to $n, slowly enough to outlast a statement limit of a millisecond.
// Parameters: $n
// Columns: total
// Visibility: internal
UNWIND range(1, $n) AS i
RETURN count(i) AS total

// Marks every review's code index entry as built over the code space whose fingerprint is
// $spaceKey: relatedReviews may then compare the entries alone.
// Parameters: $spaceKey
// Columns: marked
// Visibility: internal
MERGE (s:CodeSpace {of: 'Review'})
SET s.complete = true, s.key = $spaceKey
RETURN count(s) AS marked

// Marks the review code index (each review's codes as a vector, or as a bit mask, over the code
// space) as being rebuilt. Until derived/code_vectors_done, relatedReviews also intersects the
// code lists of reviews whose entry is missing or was built over another code space, so that its
// answer stays exact while a refresh runs or after one was interrupted.
// Parameters: none
// Columns: marked
// Visibility: internal
MERGE (s:CodeSpace {of: 'Review'})
SET s.complete = false
RETURN count(s) AS marked

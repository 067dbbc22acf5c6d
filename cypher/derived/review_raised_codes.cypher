// Derives, for a batch of reviews, one list of every code they raise, each prefixed with its
// kind ('PerennialIssue:', 'Theme:', 'SystemsFactor:'), which relatedReviews compares in one
// pass. Run after the per-kind code lists. Written only when changed (FalkorDB re-indexes a
// node on every write); returns how many were. A change drops the review's code vector, which
// a dialect that ranks related reviews by vector distance rebuilds next.
// Parameters: $ids
// Columns: reviews
// Visibility: internal
UNWIND $ids AS id
MATCH (r:Review {id: id})
WITH r, [c IN r.issueCodes | 'PerennialIssue:' + c] + [c IN r.themeCodes | 'Theme:' + c]
    + [c IN r.factorCodes | 'SystemsFactor:' + c] AS codes
WHERE NOT coalesce(r.raisedCodes = codes, false)
SET r.raisedCodes = codes, r.codeVector = null, r.codeSpace = null
RETURN count(r) AS reviews

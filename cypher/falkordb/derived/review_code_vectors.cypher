// Builds, for a batch of reviews, the review's raised codes as a vector of 0s and 1s over the
// code space ($space, whose fingerprint is $spaceKey), for reviews whose vector is missing
// (their codes changed, which also clears their space) or was built over another space. relatedReviews reads the number of
// codes two reviews share from the Euclidean distance of their vectors (distance squared =
// codes raised by only one of them), which the engine computes natively and far faster than
// intersecting lists. Returns how many vectors were written.
// Parameters: $ids, $space, $spaceKey
// Columns: reviews
// Visibility: internal
UNWIND $ids AS id
MATCH (r:Review {id: id})
WITH r
WHERE NOT coalesce(r.codeSpace = $spaceKey, false)
SET r.codeVector = vecf32([c IN $space | CASE WHEN c IN r.raisedCodes THEN 1.0 ELSE 0.0 END]),
    r.codeSpace = $spaceKey
RETURN count(r) AS reviews

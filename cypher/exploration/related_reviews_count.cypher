// How many reviews relatedReviews ranks for one review: those the caller may see, other than
// the review, raising at least one code it raises (from the code lists derived onto reviews).
// Parameters: $id, $includeRestricted
// Columns: total
// Visibility: derived
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH figures
WHERE $includeRestricted OR coalesce(figures.stale, false) = false
MATCH (r:Review {id: $id})
WITH r
WHERE $includeRestricted OR r.restricted = false
WITH r.raisedCodes AS codes
MATCH (other:Review)
WHERE other.id <> $id AND ($includeRestricted OR other.restricted = false)
    AND any(c IN other.raisedCodes WHERE c IN codes)
RETURN count(other) AS total

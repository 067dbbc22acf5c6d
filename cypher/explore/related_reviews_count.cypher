// How many reviews relatedReviews ranks for one review: those the caller may see, other than
// the review, raising at least one code it raises (from the code lists derived onto reviews).
// Parameters: $id, $includeRestricted
// Columns: total
MATCH (r:Review {id: $id})
WHERE $includeRestricted OR r.restricted = false
WITH r.issueCodes AS issues, r.themeCodes AS themes, r.factorCodes AS factors
MATCH (other:Review)
WHERE other.id <> $id AND ($includeRestricted OR other.restricted = false)
    AND size([c IN other.issueCodes WHERE c IN issues])
        + size([c IN other.themeCodes WHERE c IN themes])
        + size([c IN other.factorCodes WHERE c IN factors]) > 0
RETURN count(other) AS total

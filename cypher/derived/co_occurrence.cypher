// Replaces the CO_OCCURS relationships: for each pair of perennial issues (a.code < b.code)
// raised by the same reviews, how many reviews raise both, and how many unrestricted ones
// (counted, not summed: FalkorDB's sum is a float).
// Parameters: none
// Columns: pairs
// Visibility: internal
OPTIONAL MATCH (:PerennialIssue)-[old:CO_OCCURS]->(:PerennialIssue)
DELETE old
WITH count(*) AS cleared
MATCH (a:PerennialIssue)<-[:RAISES]-(r:Review)-[:RAISES]->(b:PerennialIssue)
WHERE a.code < b.code
WITH a, b, count(r) AS reviews,
    count(CASE WHEN r.restricted = false THEN r END) AS openReviews
CREATE (a)-[pair:CO_OCCURS {reviews: reviews, openReviews: openReviews}]->(b)
RETURN count(pair) AS pairs

// Replaces, for a batch of reviews, their RAISES relationships to systems factors with one per
// factor behind their findings, carrying how many findings it shaped, and how many it
// supported and hindered, and lists their codes in code order on the review (written only
// when changed: FalkorDB re-indexes a node on every write).
// Parameters: $ids
// Columns: reviews
// Visibility: internal
UNWIND $ids AS id
MATCH (r:Review {id: id})
OPTIONAL MATCH (r)-[old:RAISES]->(:SystemsFactor)
DELETE old
WITH DISTINCT r
OPTIONAL MATCH (r)-[:IDENTIFIES]->(f:Finding)-[shaped:SHAPED_BY]->(factor:SystemsFactor)
// One whose row names another review counts there.
WHERE f.reviewId = r.id
// A finding has at most one SHAPED_BY link per factor (loads refuse a factor listed twice,
// crosswalks keep one link per pair), so counting links counts findings.
WITH r, factor, count(shaped) AS findings,
    count(CASE WHEN shaped.effect = 'supports' THEN shaped END) AS supports,
    count(CASE WHEN shaped.effect = 'hinders' THEN shaped END) AS hinders
FOREACH (_ IN CASE WHEN factor IS NULL THEN [] ELSE [1] END |
    CREATE (r)-[:RAISES {findings: findings, supports: supports, hinders: hinders}]->(factor))
WITH r, factor ORDER BY factor.code
WITH r, collect(factor.code) AS codes
WHERE NOT coalesce(r.factorCodes = codes, false)
SET r.factorCodes = codes
RETURN count(r) AS reviews

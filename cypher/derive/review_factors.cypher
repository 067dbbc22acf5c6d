// Replaces, for a batch of reviews, their RAISES relationships to systems factors with one per
// factor behind their findings, carrying how many findings it shaped, and how many it
// supported and hindered.
// Parameters: $ids
// Columns: reviews
UNWIND $ids AS id
MATCH (r:Review {id: id})
OPTIONAL MATCH (r)-[old:RAISES]->(:SystemsFactor)
DELETE old
WITH DISTINCT r
OPTIONAL MATCH (r)-[:IDENTIFIES]->(f:Finding)-[shaped:SHAPED_BY]->(factor:SystemsFactor)
WITH r, factor, count(DISTINCT f) AS findings,
    count(DISTINCT CASE WHEN shaped.effect = 'supports' THEN f END) AS supports,
    count(DISTINCT CASE WHEN shaped.effect = 'hinders' THEN f END) AS hinders
FOREACH (_ IN CASE WHEN factor IS NULL THEN [] ELSE [1] END |
    CREATE (r)-[:RAISES {findings: findings, supports: supports, hinders: hinders}]->(factor))
WITH r, collect(factor.code) AS codes
SET r.factorCodes = codes
RETURN count(r) AS reviews

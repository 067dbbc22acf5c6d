// Replaces, for a batch of reviews, their RAISES relationships to themes with one per theme
// their findings are about, carrying how many findings are, and lists their codes in code
// order on the review (written only when changed: FalkorDB re-indexes a node on every write).
// Parameters: $ids
// Columns: reviews
// Visibility: internal
UNWIND $ids AS id
MATCH (r:Review {id: id})
OPTIONAL MATCH (r)-[old:RAISES]->(:Theme)
DELETE old
WITH DISTINCT r
OPTIONAL MATCH (r)-[:IDENTIFIES]->(f:Finding)-[coded:ABOUT_THEME]->(theme:Theme)
// One whose row names another review counts there.
WHERE f.reviewId = r.id
WITH r, theme, count(coded) AS findings
FOREACH (_ IN CASE WHEN theme IS NULL THEN [] ELSE [1] END |
    CREATE (r)-[:RAISES {findings: findings}]->(theme))
WITH r, theme ORDER BY theme.code
WITH r, collect(theme.code) AS codes
WHERE NOT coalesce(r.themeCodes = codes, false)
SET r.themeCodes = codes
RETURN count(r) AS reviews

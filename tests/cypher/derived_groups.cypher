// Every current recommendation group with its members (its id without the derivation's
// generation), and every IN_GROUP relationship's ends (a relationship to something other than
// a group shows up with a null group id).
// Parameters: none
// Columns: id, scope, firstId, text, recommendations, reviews, members
// Visibility: internal
OPTIONAL MATCH (current:DerivedState {id: 'groups'})
WITH current
MATCH (g:RecommendationGroup)
WHERE g.generation = current.generation
OPTIONAL MATCH (m:Recommendation)-[x:IN_GROUP]->(g)
WITH g, collect(m.id) AS members
RETURN g.scope + ':' + g.firstId AS id, g.scope AS scope, g.firstId AS firstId, g.text AS text,
    g.recommendations AS recommendations, g.reviews AS reviews, members
UNION ALL
MATCH (a)-[x:IN_GROUP]->(b)
WHERE NOT (a:Recommendation AND b:RecommendationGroup)
RETURN null AS id, null AS scope, null AS firstId, a.id AS text, null AS recommendations,
    null AS reviews, labels(a) + labels(b) AS members

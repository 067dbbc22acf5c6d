// Creates a batch of groups of near-identical recommendations of one derivation
// ($generation: they become the current groups when it switches to them), each linked from
// its members, with its scope ('all': grouped over every recommendation; 'open': over those of
// unrestricted reviews only), its counts, and the id and text of its lowest member.
// Parameters: $groups, $generation
// Columns: groups
// Visibility: internal
UNWIND $groups AS group
CREATE (g:RecommendationGroup {id: $generation + ':' + group.id, generation: $generation,
    scope: group.scope, firstId: group.firstId,
    text: group.text, recommendations: group.recommendations, reviews: group.reviews})
WITH g, group
UNWIND group.members AS member
MATCH (rec:Recommendation {id: member})
CREATE (rec)-[:IN_GROUP]->(g)
RETURN count(DISTINCT g) AS groups

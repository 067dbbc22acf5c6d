// Creates a batch of groups of near-identical recommendations, each linked from its members,
// with its counts over all members and over members of unrestricted reviews, and the id and
// text of its lowest member and of its lowest unrestricted member.
// Parameters: $groups
// Columns: groups
UNWIND $groups AS group
CREATE (g:RecommendationGroup {id: group.id, text: group.text,
    recommendations: group.recommendations, reviews: group.reviews,
    openRecommendations: group.openRecommendations, openReviews: group.openReviews})
SET g.openId = group.openId, g.openText = group.openText
WITH g, group
UNWIND group.members AS member
MATCH (rec:Recommendation {id: member})
CREATE (rec)-[:IN_GROUP]->(g)
RETURN count(DISTINCT g) AS groups

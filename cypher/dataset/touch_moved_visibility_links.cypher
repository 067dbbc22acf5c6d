// At the end of a load run's entity writes: the rows that show a link to material whose
// restriction moved in the run change for readers, who see no link to restricted material.
// Marks them changed in the run (changedIn) for that reason (linksChangedIn): reviews related
// to a moved review either way, briefings citing it or its findings, practice changes
// implementing its recommendations; and the same for findings and recommendations that moved
// on their own (to another review).
// Parameters: $runId
// Columns: touched
// Visibility: internal
MATCH (this:LoadRun {id: $runId})
WITH this.ordinal AS ordinal
OPTIONAL MATCH (:Review {visibilityMovedIn: ordinal})-[:RELATED_TO]-(related:Review)
WITH ordinal, collect(DISTINCT related) AS relatedReviews
OPTIONAL MATCH (:Review {visibilityMovedIn: ordinal})<-[:CITES]-(citing:Briefing)
WITH ordinal, relatedReviews, collect(DISTINCT citing) AS citingBriefings
OPTIONAL MATCH (:Review {visibilityMovedIn: ordinal})-[:IDENTIFIES]->(:Finding)
    <-[:DISSEMINATES]-(disseminating:Briefing)
WITH ordinal, relatedReviews, citingBriefings,
    collect(DISTINCT disseminating) AS disseminatingBriefings
OPTIONAL MATCH (:Finding {visibilityMovedIn: ordinal})<-[:DISSEMINATES]-(quoting:Briefing)
WITH ordinal, relatedReviews, citingBriefings, disseminatingBriefings,
    collect(DISTINCT quoting) AS quotingBriefings
OPTIONAL MATCH (:Review {visibilityMovedIn: ordinal})-[:MAKES]->(:Recommendation)
    <-[:IMPLEMENTS]-(implementing:PracticeChange)
WITH ordinal, relatedReviews, citingBriefings, disseminatingBriefings, quotingBriefings,
    collect(DISTINCT implementing) AS implementingChanges
OPTIONAL MATCH (:Recommendation {visibilityMovedIn: ordinal})
    <-[:IMPLEMENTS]-(acting:PracticeChange)
WITH ordinal, relatedReviews, citingBriefings, disseminatingBriefings, quotingBriefings,
    implementingChanges, collect(DISTINCT acting) AS actingChanges
UNWIND relatedReviews + citingBriefings + disseminatingBriefings + quotingBriefings
    + implementingChanges + actingChanges AS n
WITH DISTINCT ordinal, n
SET n.changedIn = ordinal, n.linksChangedIn = ordinal
RETURN count(n) AS touched

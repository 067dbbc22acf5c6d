// At the end of a load run's entity writes: the rows that show a link to material whose
// restriction moved in the run change for readers, who see no link to restricted material.
// Marks them changed in the run (changedIn) for that reason (linksChangedIn): reviews related
// to a moved review either way, briefings citing it or its findings, practice changes
// implementing its recommendations; and the same for findings and recommendations that moved
// on their own (to another review). Moves made by runs since the last completed one count
// too: a run that failed or stopped may have moved them without getting here, and the next
// run finds them unchanged.
// Parameters: $runId
// Columns: touched
// Visibility: internal
MATCH (this:LoadRun {id: $runId})
OPTIONAL MATCH (ended:LoadRun {status: 'completed'})
WHERE ended.ordinal < this.ordinal
WITH this.ordinal AS ordinal, coalesce(max(ended.ordinal), 0) AS since
OPTIONAL MATCH (moved:Review)-[:RELATED_TO]-(related:Review)
WHERE moved.visibilityMovedIn > since
WITH ordinal, since, collect(DISTINCT related) AS relatedReviews
OPTIONAL MATCH (moved:Review)<-[:CITES]-(citing:Briefing)
WHERE moved.visibilityMovedIn > since
WITH ordinal, since, relatedReviews, collect(DISTINCT citing) AS citingBriefings
OPTIONAL MATCH (moved:Review)-[:IDENTIFIES]->(:Finding)<-[:DISSEMINATES]-(disseminating:Briefing)
WHERE moved.visibilityMovedIn > since
WITH ordinal, since, relatedReviews, citingBriefings,
    collect(DISTINCT disseminating) AS disseminatingBriefings
OPTIONAL MATCH (moved:Finding)<-[:DISSEMINATES]-(quoting:Briefing)
WHERE moved.visibilityMovedIn > since
WITH ordinal, since, relatedReviews, citingBriefings, disseminatingBriefings,
    collect(DISTINCT quoting) AS quotingBriefings
OPTIONAL MATCH (moved:Review)-[:MAKES]->(:Recommendation)
    <-[:IMPLEMENTS]-(implementing:PracticeChange)
WHERE moved.visibilityMovedIn > since
WITH ordinal, since, relatedReviews, citingBriefings, disseminatingBriefings, quotingBriefings,
    collect(DISTINCT implementing) AS implementingChanges
OPTIONAL MATCH (moved:Recommendation)<-[:IMPLEMENTS]-(acting:PracticeChange)
WHERE moved.visibilityMovedIn > since
WITH ordinal, relatedReviews, citingBriefings, disseminatingBriefings, quotingBriefings,
    implementingChanges, collect(DISTINCT acting) AS actingChanges
UNWIND relatedReviews + citingBriefings + disseminatingBriefings + quotingBriefings
    + implementingChanges + actingChanges AS n
WITH DISTINCT ordinal, n
SET n.changedIn = ordinal, n.linksChangedIn = ordinal
RETURN count(n) AS touched

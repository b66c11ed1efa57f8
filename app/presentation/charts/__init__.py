"""The charts: a member's week chart (`week_chart`) and a team's heatmap (`heatmap`).

Each turns a domain fact (`app.domain.member_week.MemberWeek`,
`app.domain.team_week.TeamWeek`) into what its template draws, memoised by the fact's
value: the same fact gives the same chart object, so `render_partial` prints its
stored HTML. `text` holds the captions' wording shared by both.
"""

//! Every team's standing on every activity, compact: what the activity, level and group pages ask of all
//! teams at once (the state reached, and whether the activity is open) in four bytes a cell. The pages
//! held every team's full `score::values` instead (32 bytes a cell: 80 MB at 10,000 teams); team pages
//! compute their own team's values when they need them.

use crate::model::Org;
use crate::score;
#[cfg(test)]
use crate::score::Values;
use crate::util::date::Date;

/// A cell of an activity that does not apply to the team.
const NOT_APPLICABLE: u32 = u32::MAX;
/// Set in a cell whose value is below 1 (the activity is open: not done, or expired).
const OPEN: u32 = 1 << 31;

/// One cell a team and activity, teams in name order (as `Org::teams`), activities in catalogue order.
pub(super) struct Standings<'a> {
    teams: Vec<&'a str>,
    activities: usize,
    cells: Vec<u32>,
}

/// The cell of one value: not applicable, or the state index with the `OPEN` bit.
fn cell((value, state, _): (Option<f64>, usize, Option<Date>)) -> u32 {
    match value {
        None => NOT_APPLICABLE,
        // State indexes are far below 2^31 (a handful of progress states); saturate rather than wrap.
        Some(v) => {
            u32::try_from(state).unwrap_or(OPEN - 1).min(OPEN - 1) | if v < 1.0 { OPEN } else { 0 }
        }
    }
}

impl<'a> Standings<'a> {
    pub(super) fn new(org: &'a Org, as_of: Date) -> Standings<'a> {
        let activities = org.catalog.activities.len();
        let mut cells = Vec::with_capacity(activities * org.teams.len());
        for t in org.teams.values() {
            cells.extend(score::values(org, t, as_of).into_iter().map(cell));
        }
        Standings {
            teams: org.teams.keys().map(String::as_str).collect(),
            activities,
            cells,
        }
    }

    /// From values given per team (in team order), for tests.
    #[cfg(test)]
    fn of(teams: Vec<&'a str>, vals: &[Values]) -> Standings<'a> {
        Standings {
            activities: vals.first().map_or(0, Vec::len),
            cells: vals
                .iter()
                .flat_map(|v| v.iter().copied().map(cell))
                .collect(),
            teams,
        }
    }

    fn column(&self, activity: usize) -> impl Iterator<Item = (&'a str, u32)> + '_ {
        self.teams
            .iter()
            .enumerate()
            .map(move |(t, name)| (*name, self.cells[t * self.activities + activity]))
    }

    /// The teams (in name order) at state `state` of `activity`, where it applies.
    pub(super) fn at_state(
        &self,
        activity: usize,
        state: usize,
    ) -> impl Iterator<Item = &'a str> + '_ {
        self.column(activity)
            .filter(move |(_, c)| *c != NOT_APPLICABLE && (c & !OPEN) as usize == state)
            .map(|(t, _)| t)
    }

    /// The teams (in name order) where `activity` applies and its value is below 1.
    pub(super) fn open(&self, activity: usize) -> impl Iterator<Item = &'a str> + '_ {
        self.column(activity)
            .filter(|(_, c)| *c != NOT_APPLICABLE && c & OPEN != 0)
            .map(|(t, _)| t)
    }

    /// Whether `activity` applies to `team` and its value is below 1 (false for an unknown team).
    pub(super) fn is_open(&self, team: &str, activity: usize) -> bool {
        self.teams.binary_search(&team).is_ok_and(|t| {
            let c = self.cells[t * self.activities + activity];
            c != NOT_APPLICABLE && c & OPEN != 0
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The questions the pages asked of the full values, asked of the values themselves.
    fn at_state_full(names: &[&str], vals: &[Values], i: usize, s: usize) -> Vec<String> {
        names
            .iter()
            .zip(vals)
            .filter(|(_, v)| v[i].0.is_some() && v[i].1 == s)
            .map(|(t, _)| t.to_string())
            .collect()
    }
    fn open_full(names: &[&str], vals: &[Values], i: usize) -> Vec<String> {
        names
            .iter()
            .zip(vals)
            .filter(|(_, v)| v[i].0.is_some_and(|x| x < 1.0))
            .map(|(t, _)| t.to_string())
            .collect()
    }

    #[test]
    fn answers_as_the_full_values() {
        let d = Date::parse("2026-01-02");
        let names = vec!["a", "b", "c"];
        // Per team, per activity: value, state, date.
        let vals: Vec<Values> = vec![
            vec![
                (Some(1.0), 3, d),
                (None, 0, None),
                (Some(0.0), 0, None),
                (Some(0.5), 2, d),
            ],
            vec![
                (Some(0.0), 3, d),
                (Some(0.2), 1, d),
                (None, 0, None),
                (Some(1.0), 3, None),
            ],
            vec![
                (Some(0.0), 0, None),
                (Some(1.0), 3, d),
                (Some(0.0), 0, None),
                (None, 2, d),
            ],
        ];
        let s = Standings::of(names.clone(), &vals);
        for i in 0..4 {
            for st in 0..4 {
                let got: Vec<String> = s.at_state(i, st).map(String::from).collect();
                assert_eq!(
                    got,
                    at_state_full(&names, &vals, i, st),
                    "activity {i} state {st}"
                );
            }
            let got: Vec<String> = s.open(i).map(String::from).collect();
            assert_eq!(got, open_full(&names, &vals, i), "open {i}");
            for (t, name) in names.iter().enumerate() {
                assert_eq!(
                    s.is_open(name, i),
                    vals[t][i].0.is_some_and(|x| x < 1.0),
                    "{name} {i}"
                );
            }
            assert!(!s.is_open("nobody", i));
        }
    }
}

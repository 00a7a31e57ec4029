//! Limits that keep a run bounded on absurd input, such as 100,000 teams in one DSOMM teams list.

use super::Builder;
use crate::util::diag::{Diagnostics, Pos};
use std::collections::BTreeMap;

/// More teams than this is an input error. Only the first ones (by name) are kept, so scoring the rest of
/// the run stays bounded in time and memory (a team costs about 20 KB of scores).
pub const MAX_TEAMS: usize = 50_000;
/// The same for groups.
pub const MAX_GROUPS: usize = 50_000;
/// How many unknown group members get a "did you mean" suggestion (each is compared with every team).
pub const MAX_SUGGESTIONS: usize = 100;

/// Creates the teams that are declared without results, then reports and drops the teams over
/// [`MAX_TEAMS`] with their group memberships (the one error covers them).
pub(crate) fn teams(b: &mut Builder, diags: &mut Diagnostics) {
    for (team, (file, _)) in b.declared.clone() {
        if !b.teams.contains_key(&team) {
            b.team(&team, &file);
        }
    }
    let total = b.teams.len();
    let Some(cut) = b.teams.keys().nth(MAX_TEAMS).cloned() else {
        return;
    };
    let dropped = b.teams.split_off(&cut);
    let (file, pos) = match b.declared.get(&cut) {
        Some((file, pos)) => (file.clone(), *pos),
        None => (dropped[&cut].source.clone(), Pos::default()),
    };
    diags
        .error(
            &file,
            pos,
            "too-many-teams",
            format!(
                "the input has {total} teams, over the limit of {MAX_TEAMS}; teams from `{cut}` on are not checked"
            ),
        )
        .hint("split the organisation into several inputs, or remove team names that are not real teams");
    b.declared.retain(|t, _| !dropped.contains_key(t));
    for members in b.groups.values_mut() {
        members.retain(|(t, _, _)| !dropped.contains_key(t));
    }
}

/// Reports and drops the groups over [`MAX_GROUPS`].
pub(crate) fn groups(
    b: &mut Builder,
    groups: &mut BTreeMap<String, Vec<String>>,
    diags: &mut Diagnostics,
) {
    let total = groups.len();
    let Some(cut) = groups.keys().nth(MAX_GROUPS).cloned() else {
        return;
    };
    let dropped = groups.split_off(&cut);
    let file = dropped[&cut]
        .first()
        .and_then(|t| b.teams.get(t))
        .map(|t| t.source.clone())
        .unwrap_or_default();
    diags
        .error(
            &file,
            Pos::default(),
            "too-many-groups",
            format!(
                "the input has {total} groups, over the limit of {MAX_GROUPS}; groups from `{cut}` on are not checked"
            ),
        )
        .hint("list fewer groups; a group is a business unit or community of several teams");
    for team in b.teams.values_mut() {
        team.groups.retain(|g| !dropped.contains_key(g));
    }
}

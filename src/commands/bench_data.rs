//! `maturity bench-data N`: a synthetic organisation of N teams with realistic state and date
//! distributions, in the native or the DSOMM-export format, for benchmarks and scale tests.

mod scorecard;

use crate::model::Catalog;
use crate::util::date::Date;
use crate::util::error::Result;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Number of teams.
    pub teams: usize,
    #[arg(long, short)]
    pub out: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Native)]
    pub format: Format,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Repositories per team with synthetic OpenSSF Scorecard results (native format only).
    #[arg(long, default_value_t = 0)]
    pub repos: usize,
    /// Records (dated states, evidence items, not-applicable marks) per assessed team to aim for: the
    /// extra ones are explicit `Not implemented` assessments of activities the team has not started,
    /// then earlier states of the ones it has. Scores do not change. Default: none added (about 70-75).
    #[arg(long)]
    pub records: Option<usize>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let Args {
        teams,
        out,
        format,
        seed,
        repos,
        records,
    } = args;
    let (cat, _) = crate::read_catalog(None)?;
    let files = generate(&cat, teams, format, seed, repos, records);
    crate::output::write(&out, &files)?;
    crate::util::term::stderr(&format!(
        "wrote {} files for {teams} teams to {}\n",
        files.len(),
        out.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// Output layout of the generated organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Native,
    Dsomm,
}

/// A small deterministic PRNG (xorshift64*), so the same seed gives the same organisation.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).expect("string")
}

/// One activity of a generated team: (activity index, [(state index, date)], not applicable, evidence).
type ActData = (usize, Vec<(usize, Date)>, bool, bool);

/// Dated states of one activity.
type Records = Vec<(usize, Date)>;

/// One team's generated records.
struct TeamData {
    name: String,
    group: String,
    target: u8,
    acts: Vec<ActData>,
}

/// Share of teams that have recorded nothing (not assessed).
const NOT_ASSESSED: f64 = 0.10;

/// Share of the assessed teams that have completed each level 0..=5: most at 0-2, some at 3, a few at 4.
const COMPLETED: [f64; 6] = [0.40, 0.29, 0.18, 0.09, 0.035, 0.005];

/// The level an assessed team has completed, drawn from [`COMPLETED`].
fn completed_level(rng: &mut Rng) -> u8 {
    let u = rng.unit();
    let mut sum = 0.0;
    for (level, share) in COMPLETED.iter().enumerate() {
        sum += share;
        if u < sum {
            return level as u8;
        }
    }
    5
}

/// A team's records. A level needs every applicable activity up to it fully implemented (`score`), so
/// each assessed team gets a completed level: every activity up to it ends fully implemented (or not
/// applicable), one level after another over the years, plus partial work on the next two levels.
fn team(rng: &mut Rng, cat: &Catalog, i: usize, groups: usize, start: Date, end: Date) -> TeamData {
    let span = (end.days() - start.days()).max(1);
    let assessed = rng.unit() >= NOT_ASSESSED;
    let done = if assessed { completed_level(rng) } else { 0 };
    // How far the team has got into the next level (a few activities up to most of them).
    let effort = rng.unit();
    // When it finished its level (as a share of the years recorded): from late 2024 to September 2026,
    // about one team in four in the last six months; the levels below it one after another before that.
    let finish = 0.3 + 0.68 * rng.unit();
    let mut acts = Vec::new();
    let mut chosen = vec![false; cat.activities.len()];
    // Prerequisites of a completed activity are completed too, even where DSOMM puts them a level higher.
    let mut required = vec![false; cat.activities.len()];
    let mut order: Vec<usize> = (0..cat.activities.len()).collect();
    order.sort_by_key(|&i| (cat.activities[i].level, i));
    for ai in order.into_iter().filter(|_| assessed) {
        let a = &cat.activities[ai];
        let complete = a.level <= done || required[ai];
        if complete {
            for j in a.depends_on.iter().filter_map(|u| cat.by_uuid(u)) {
                required[j] = true;
            }
        }
        let p = if complete {
            1.0
        } else if a.level == done + 1 {
            0.12 + 0.2 * effort
        } else if a.level == done + 2 {
            0.04 * effort
        } else {
            0.0
        };
        // Teams mostly follow DSOMM's dependencies: start an activity only after its prerequisites.
        let deps_met = complete
            || a.depends_on
                .iter()
                .all(|u| cat.by_uuid(u).is_none_or(|j| chosen[j]));
        if rng.unit() >= p || !deps_met {
            continue;
        }
        chosen[ai] = true;
        if rng.unit() < 0.02 {
            acts.push((ai, Vec::new(), true, false));
            continue;
        }
        let mut states = Vec::new();
        if complete {
            // Level k's activities are finished in the k-th share of the time up to `finish`; one in ten
            // shows an earlier partial state.
            let slot = (f64::from(a.level.min(done)) - rng.unit()) / f64::from(done);
            let day = start.add_days((slot * finish * f64::from(span)) as i32);
            if rng.unit() < 0.1 {
                let before = day.add_days(-(30 + rng.below(150) as i32));
                states.push((1 + rng.below(2) as usize, before.max(start)));
            }
            states.push((3, day));
        } else {
            // Climb through the states in order with dates that only move forward, mostly recently.
            let top = 1 + rng.below(3) as usize;
            let from = span / 3;
            let mut day = start.add_days(from + rng.below((span - from) as u64 * 2 / 3) as i32);
            for s in 1..=top {
                if rng.unit() < 0.35 && s < top {
                    continue;
                }
                if day > end {
                    break;
                }
                states.push((s, day));
                day = day.add_days(14 + rng.below(120) as i32);
            }
        }
        if !states.is_empty() {
            acts.push((ai, states, false, rng.unit() < 0.15));
        }
    }
    acts.sort_by_key(|x| x.0);
    // Most aim one level above what they have; some have reached their target, some aim two higher.
    let target = match rng.below(10) {
        0 | 1 if done >= 1 => done,
        0..=7 => done + 1,
        _ => done + 2,
    };
    TeamData {
        name: format!("Team {i:05}"),
        group: format!("Business Unit {:03}", i % groups.max(1)),
        target: target.clamp(1, 5),
        acts,
    }
}

/// Records of one generated activity: dated states, a not-applicable mark, an evidence item.
fn record_count(acts: &[ActData]) -> usize {
    acts.iter()
        .map(|(_, r, na, ev)| r.len() + usize::from(*na) + usize::from(*ev))
        .sum()
}

/// Adds records to an assessed team up to about `want` without changing its scores: first explicit
/// `Not implemented` assessments of activities it has not started (any date in the span), then an
/// earlier, lower state before the first one of an activity. A team that has recorded nothing stays so.
fn pad(t: &mut TeamData, cat: &Catalog, want: usize, rng: &mut Rng, start: Date, end: Date) {
    if t.acts.is_empty() {
        return;
    }
    let mut have = record_count(&t.acts);
    let span = (end.days() - start.days()).max(1);
    let mut free: Vec<usize> = (0..cat.activities.len())
        .filter(|i| t.acts.iter().all(|a| a.0 != *i))
        .collect();
    while have < want && !free.is_empty() {
        let ai = free.swap_remove(rng.below(free.len() as u64) as usize);
        let day = start.add_days(rng.below(span as u64) as i32);
        t.acts.push((ai, vec![(0, day)], false, false));
        have += 1;
    }
    let mut added = true;
    while have < want && added {
        added = false;
        for (_, recs, _, _) in t.acts.iter_mut() {
            let Some(&(state, day)) = recs.first() else {
                continue;
            };
            if have >= want || state == 0 || day.days() - start.days() <= 30 {
                continue;
            }
            let before = day.add_days(-(14 + rng.below(30) as i32)).max(start);
            recs.insert(0, (state - 1, before));
            have += 1;
            added = true;
        }
    }
    t.acts.sort_by_key(|x| x.0);
}

/// Generates the files (relative path, content) of an organisation with `n` teams; with `repos` > 0
/// (native format), each team owns that many repositories with quarterly OpenSSF Scorecard results.
pub fn generate(
    cat: &Catalog,
    n: usize,
    format: Format,
    seed: u64,
    repos: usize,
    records: Option<usize>,
) -> Vec<(String, Vec<u8>)> {
    let mut rng = Rng(seed.max(1));
    let (start, end) = (
        Date::from_ymd(2024, 1, 1).expect("date"),
        Date::from_ymd(2026, 9, 30).expect("date"),
    );
    let groups = (n / 10).clamp(1, 200);
    let mut teams: Vec<TeamData> = (0..n)
        .map(|i| team(&mut rng, cat, i, groups, start, end))
        .collect();
    if let Some(want) = records {
        // A stream of its own per team: the organisation without `--records` stays as it was.
        for (i, t) in teams.iter_mut().enumerate() {
            let mut own = Rng((seed ^ (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)).max(1));
            pad(t, cat, want, &mut own, start, end);
        }
    }
    let states = [
        "Not implemented",
        "Started",
        "Partly implemented",
        "Fully implemented",
    ];
    let mut files = Vec::new();
    match format {
        Format::Native => {
            files.push((
                "maturity.yaml".into(),
                if repos > 0 {
                    format!("name: Synthetic Org ({n} teams)\nscorecard: results/scorecard\n")
                } else {
                    format!("name: Synthetic Org ({n} teams)\n")
                }
                .into_bytes(),
            ));
            for (i, t) in teams.iter().enumerate() {
                let mut y = format!(
                    "name: {}\ngroups: [{}]\ntarget_level: {}\n",
                    quote(&t.name),
                    quote(&t.group),
                    t.target
                );
                if repos > 0 {
                    let list: Vec<String> = scorecard::repos(i, repos)
                        .iter()
                        .map(|r| quote(r))
                        .collect();
                    let _ = writeln!(y, "repositories: [{}]", list.join(", "));
                }
                y.push_str("activities:\n");
                for (ai, recs, na, ev) in &t.acts {
                    let _ = writeln!(y, "  {}:", quote(&cat.activities[*ai].name));
                    if *na {
                        y.push_str("    not_applicable: Not relevant for this team's stack.\n");
                    }
                    for (s, d) in recs {
                        let _ = writeln!(y, "    {}: {d}", states[*s]);
                    }
                    if let (true, Some((_, d))) = (*ev, recs.last()) {
                        let _ = writeln!(
                            y,
                            "    evidence:\n      - title: Review record\n        date: {d}\n        description: Checked by the security champion.\n        links: [https://wiki.example.com/{}]",
                            t.name.replace(' ', "-")
                        );
                    }
                }
                files.push((
                    format!("teams/{}.yaml", t.name.replace(' ', "-").to_lowercase()),
                    y.into_bytes(),
                ));
            }
            if repos > 0 {
                files.extend(scorecard::files(&mut rng, cat, &teams, repos));
            }
        }
        Format::Dsomm => {
            let mut meta = String::from(
                "# A synthetic DSOMM app data folder, written by `maturity bench-data`.\nactivityFiles: [activities.yaml]\nteamProgressFile: team-progress.yaml\nteamEvidenceFile: team-evidence.yaml\nprogressDefinition:\n  Not implemented: {score: 0%, definition: Not started}\n  Started: {score: 20%, definition: Begun}\n  Partly implemented: {score: 50%, definition: Half}\n  Fully implemented: {score: 100%, definition: Done}\nteams:\n",
            );
            for t in &teams {
                let _ = writeln!(meta, "  - {}", quote(&t.name));
            }
            meta.push_str("teamGroups:\n");
            let mut by_group: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
            for t in &teams {
                by_group.entry(&t.group).or_default().push(&t.name);
            }
            for (g, members) in by_group {
                let _ = writeln!(
                    meta,
                    "  {}: [{}]",
                    quote(g),
                    members
                        .iter()
                        .map(|m| quote(m))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let mut prog = String::from("progress:\n");
            let mut by_act: Vec<Vec<(&TeamData, &Records)>> =
                vec![Vec::new(); cat.activities.len()];
            for t in &teams {
                for (ai, recs, _, _) in t.acts.iter().filter(|x| !x.1.is_empty()) {
                    by_act[*ai].push((t, recs));
                }
            }
            for (a, rows) in cat.activities.iter().zip(by_act) {
                if rows.is_empty() {
                    continue;
                }
                let _ = writeln!(prog, "  {}: # {}", a.uuid, a.name.replace('\n', " "));
                for (t, recs) in rows {
                    let _ = writeln!(prog, "    {}:", quote(&t.name));
                    for (s, d) in recs {
                        let _ = writeln!(prog, "      {}: {d}", states[*s]);
                    }
                }
            }
            // Evidence: one item per team and activity that has some, with a stable id.
            let mut ev = String::from("evidence:\n");
            let mut with_evidence: Vec<Vec<(usize, &TeamData, Date)>> =
                vec![Vec::new(); cat.activities.len()];
            for (ti, t) in teams.iter().enumerate() {
                for (ai, recs, _, has) in &t.acts {
                    if let (true, Some((_, d))) = (*has, recs.last()) {
                        with_evidence[*ai].push((ti, t, *d));
                    }
                }
            }
            for ((a_idx, a), items) in cat.activities.iter().enumerate().zip(with_evidence) {
                if items.is_empty() {
                    continue;
                }
                let _ = writeln!(ev, "  {}: # {}", a.uuid, a.name.replace('\n', " "));
                for (ti, t, d) in items {
                    let _ = writeln!(
                        ev,
                        "    - id: bench-{ti}-{a_idx}\n      teams: [{}]\n      title: Review record\n      evidenceRecorded: {d}\n      description: Checked by the security champion.\n      attachment:\n        - type: link\n          externalLink: https://wiki.example.com/{}",
                        quote(&t.name),
                        t.name.replace(' ', "-")
                    );
                }
            }
            files.push(("meta.yaml".into(), meta.into_bytes()));
            files.push(("team-progress.yaml".into(), prog.into_bytes()));
            files.push(("team-evidence.yaml".into(), ev.into_bytes()));
            files.push((
                "activities.yaml".into(),
                crate::commands::dsomm::activity_file::file(
                    cat,
                    "written by `maturity bench-data`",
                )
                .into_bytes(),
            ));
        }
    }
    files
}

//! Progress definitions (state name -> score) from maturity.yaml or a DSOMM meta.yaml, in both of DSOMM's forms.

use super::fields::Ctx;
use crate::load::Input;
use crate::load::yaml::Node;
use crate::model::{Progress, State};
use crate::util::diag::Diagnostics;

/// The project's `progress`, else the first DSOMM meta's `progressDefinition`, else DSOMM's default states.
pub fn choose(input: &Input, diags: &mut Diagnostics) -> Progress {
    let mut found: Vec<(String, Progress)> = Vec::new();
    if let Some(p) = &input.project
        && let Some(n) = p.root().and_then(|r| r.get("progress"))
        && let Some(pr) = parse(&mut Ctx::new(&p.file, diags), n)
    {
        found.push((p.file.clone(), pr));
    }
    for d in &input.dsomm {
        if let Some((file, n)) = d.get("progressDefinition")
            && let Some(pr) = parse(&mut Ctx::new(file, diags), n)
        {
            found.push((file.to_string(), pr));
        }
    }
    let Some((first_file, first)) = found.first().cloned() else {
        return Progress::dsomm_default();
    };
    for (file, other) in &found[1..] {
        let same = other.states.len() == first.states.len()
            && other
                .states
                .iter()
                .zip(&first.states)
                .all(|(a, b)| a.name == b.name && a.score == b.score);
        if !same {
            diags
                .warning(
                    file,
                    Default::default(),
                    "progress-mismatch",
                    format!(
                        "progress states differ from those in {first_file}; the first ones are used"
                    ),
                )
                .hint("use the same state names and scores in every input");
        }
    }
    first
}

/// The keys of a progress state written as a mapping.
pub(crate) const STATE_KEYS: &[&str] = &["score", "definition"];

/// Parses `{State: {score: 20%, definition: ...}}` or `{State: 20%}`; scores as `20%`, `20` or `0.2`.
pub fn parse(cx: &mut Ctx, node: &Node) -> Option<Progress> {
    let mut states = Vec::new();
    let entries = cx.map(node, "progress definition");
    for (k, v) in entries {
        let Some(name) = cx.key(k) else { continue };
        let (score_node, definition) = if v.map().is_some() {
            cx.unknown_keys(v.map().unwrap_or_default(), STATE_KEYS, "a progress state");
            (
                v.get("score"),
                v.get("definition")
                    .and_then(|d| cx.text(d, "definition"))
                    .unwrap_or_default(),
            )
        } else {
            (Some(v), String::new())
        };
        let Some(sn) = score_node else {
            cx.error(
                v.pos,
                "invalid-progress",
                format!("state `{name}` has no score"),
                "write e.g. `score: 50%`",
            );
            continue;
        };
        let raw = cx.text(sn, "score").unwrap_or_default();
        match score(&raw) {
            Some(score) => states.push(State {
                name,
                score,
                definition: definition.trim().to_string(),
            }),
            None => cx.error(
                sn.pos,
                "invalid-progress",
                format!("`{raw}` is not a score for state `{name}`"),
                "write a percentage from 0% to 100%",
            ),
        }
    }
    states.sort_by(|a, b| a.score.total_cmp(&b.score));
    let ok = states.first().is_some_and(|s| s.score == 0.0)
        && states.last().is_some_and(|s| s.score == 1.0);
    if !ok {
        cx.error(
            node.pos,
            "invalid-progress",
            "the progress definition needs one state at 0% and one at 100%",
            "e.g. `Not implemented: 0%` and `Fully implemented: 100%`",
        );
        return None;
    }
    Some(Progress { states })
}

fn score(raw: &str) -> Option<f64> {
    let t = raw.trim();
    let (num, pct) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    let v: f64 = num.parse().ok()?;
    let v = if pct || v > 1.0 { v / 100.0 } else { v };
    (0.0..=1.0).contains(&v).then_some(v)
}

#[cfg(test)]
mod tests {
    #[test]
    fn scores() {
        for (raw, want) in [
            ("20%", Some(0.2)),
            ("100%", Some(1.0)),
            ("0.5", Some(0.5)),
            ("50", Some(0.5)),
            ("1", Some(1.0)),
            ("120%", None),
            ("x", None),
        ] {
            assert_eq!(super::score(raw), want, "{raw}");
        }
    }
}

//! scores.json, the JSON contract of `score --format json` and of every build: pretty JSON with every
//! object's keys sorted.

use crate::score::Scores;

/// The scores as pretty JSON with every object's keys sorted; byte-identical for the same input.
pub fn json(scores: &Scores) -> String {
    let v = serde_json::to_value(scores).expect("scores serialize");
    serde_json::to_string_pretty(&v).expect("json value prints") + "\n"
}

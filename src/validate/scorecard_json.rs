//! Parses OpenSSF Scorecard JSON v2 results (`scorecard --format json`): one object per file, NDJSON
//! (`--repos`/`--org`), or a JSON array (scorecard-monitor). Every problem is a diagnostic at
//! file:line:col: serde_json locates syntax and type errors, and a bad value is found by its key.
//! A syntax error in NDJSON skips to the next line that starts with `{`, so one bad line hides no others.

use super::json_pos::{Lines, offset_of, plain, value_start};
use crate::model::scorecard::{Check, RunResult, repo_key};
use crate::util::date::Date;
use crate::util::diag::{Diagnostics, Pos};
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny};

#[derive(Deserialize)]
struct Raw {
    date: RawDate,
    repo: RawRepo,
    #[serde(default)]
    scorecard: Option<RawTool>,
    #[serde(default)]
    score: Option<f64>,
    checks: Vec<RawCheck>,
}

#[derive(Deserialize)]
struct RawRepo {
    name: String,
    #[serde(default)]
    commit: Option<String>,
}

#[derive(Deserialize)]
struct RawTool {
    #[serde(default)]
    version: Option<String>,
}

#[derive(Deserialize)]
struct RawCheck {
    name: String,
    score: RawScore,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    details: Option<Vec<String>>,
}

/// RFC 3339 (`2026-09-28T04:11:09Z`) or a date alone; it counts on its UTC day (`util::date`).
struct RawDate(Date, String);

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match parse_date(&s) {
            Some(day) => Ok(RawDate(day, s)),
            None => Err(de::Error::custom(format!(
                "{DATE_MARK}`{s}` is not an RFC 3339 date-time or a YYYY-MM-DD date"
            ))),
        }
    }
}

/// A check score: a whole number from 0 to 10, or -1 (inconclusive).
struct RawScore(i8);

impl<'de> Deserialize<'de> for RawScore {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        if v.fract() == 0.0 && (-1.0..=10.0).contains(&v) {
            Ok(RawScore(v as i8))
        } else {
            Err(de::Error::custom(format!(
                "{SCORE_MARK}check score {v} is not a whole number from 0 to 10 or -1"
            )))
        }
    }
}

const DATE_MARK: &str = "\u{1}date:";
const SCORE_MARK: &str = "\u{1}score:";

fn parse_date(s: &str) -> Option<Date> {
    let t = s.trim();
    let rest = t.get(10..)?;
    let time_ok = rest.is_empty()
        || (rest.len() >= 9
            && rest.starts_with(['T', 't', ' '])
            && rest[1..]
                .bytes()
                .all(|b| b.is_ascii_digit() || b":.+-Zz".contains(&b)));
    if time_ok { Date::parse(t) } else { None }
}

/// A serde_json error inside `text[base..]`, as code, message and byte offset in `text`.
fn located(text: &str, base: usize, e: &serde_json::Error) -> (&'static str, String, usize) {
    let full = e.to_string();
    let msg = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    let msg = plain(&msg);
    let at = base + offset_of(&text[base..], e.line(), e.column());
    // Custom errors point after the value; move back to its first character where possible.
    if let Some(m) = msg.strip_prefix(DATE_MARK) {
        return ("invalid-date", m.to_string(), value_start(text, base, at));
    }
    if let Some(m) = msg.strip_prefix(SCORE_MARK) {
        return ("invalid-value", m.to_string(), value_start(text, base, at));
    }
    let code = match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => "json-syntax",
        serde_json::error::Category::Io => "unreadable-file",
        serde_json::error::Category::Data if msg.starts_with("missing field") => "missing-field",
        serde_json::error::Category::Data if msg.starts_with("invalid type") => "wrong-type",
        serde_json::error::Category::Data => "invalid-value",
    };
    (code, msg, at)
}

/// The top-level values of a result file, as byte ranges; syntax errors are reported.
fn split(file: &str, text: &str, lines: &Lines, diags: &mut Diagnostics) -> Vec<(usize, usize)> {
    let start = text.len()
        - text
            .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
            .len();
    if text[start..].starts_with('[') {
        if let Err(e) = serde_json::from_str::<IgnoredAny>(&text[start..]) {
            report(file, text, lines, start, &e, diags);
            return Vec::new();
        }
        return array_items(text, start);
    }
    let mut out = Vec::new();
    let mut from = start;
    while from < text.len() {
        let mut stream =
            serde_json::Deserializer::from_str(&text[from..]).into_iter::<IgnoredAny>();
        let mut resume = None;
        loop {
            let begin = from + stream.byte_offset();
            match stream.next() {
                None => break,
                Some(Ok(_)) => {
                    let end = from + stream.byte_offset();
                    let lead = text[begin..end].len() - text[begin..end].trim_start().len();
                    out.push((begin + lead, end));
                }
                Some(Err(e)) => {
                    let (_, _, at) = report(file, text, lines, from, &e, diags);
                    resume = text[at..].find("\n{").map(|i| at + i + 1);
                    break;
                }
            }
        }
        match resume {
            Some(r) => from = r,
            None => break,
        }
    }
    out
}

fn report(
    file: &str,
    text: &str,
    lines: &Lines,
    base: usize,
    e: &serde_json::Error,
    diags: &mut Diagnostics,
) -> (&'static str, String, usize) {
    let (code, msg, at) = located(text, base, e);
    let hint = match code {
        "json-syntax" => {
            "fix the JSON at this position, or write the file again with `scorecard --format json`"
        }
        "missing-field" => {
            "Scorecard JSON v2 results have `date`, `repo.name` and `checks` with `name` and `score`"
        }
        "invalid-date" => "write the date as 2026-09-28T04:11:09Z or 2026-09-28",
        _ => "see the Scorecard JSON v2 format (`scorecard --format json`)",
    };
    let message = if code == "json-syntax" {
        format!("invalid JSON ({msg})")
    } else {
        msg.clone()
    };
    diags
        .error(file, lines.pos(text, at), code, message)
        .hint(hint);
    (code, msg, at)
}

/// The byte ranges of the items of the (syntactically valid) array starting at `start`.
fn array_items(text: &str, start: usize) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let (mut depth, mut in_str, mut esc) = (0usize, false, false);
    let mut out = Vec::new();
    let mut item: Option<usize> = None;
    for (i, &c) in b.iter().enumerate().skip(start) {
        if in_str {
            match c {
                _ if esc => esc = false,
                b'\\' => esc = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => {
                in_str = true;
                item.get_or_insert(i);
            }
            b'[' | b'{' => {
                if depth >= 1 {
                    item.get_or_insert(i);
                }
                depth += 1;
            }
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    if let Some(s) = item.take() {
                        out.push((s, i));
                    }
                    break;
                }
            }
            b',' if depth == 1 => {
                if let Some(s) = item.take() {
                    out.push((s, i));
                }
            }
            b' ' | b'\t' | b'\r' | b'\n' => {}
            _ => {
                item.get_or_insert(i);
            }
        }
    }
    out.into_iter()
        .map(|(s, e)| (s, s + text[s..e].trim_end().len()))
        .collect()
}

/// Every result of one file, in file order; `Err` for each rejected value (already reported).
pub fn parse(file: &str, text: &str, diags: &mut Diagnostics) -> Vec<Result<RunResult, ()>> {
    let lines = Lines::new(text);
    split(file, text, &lines, diags)
        .into_iter()
        .map(|(s, e)| {
            let slice = &text[s..e];
            let raw: Raw = match serde_json::from_str(slice) {
                Ok(r) => r,
                Err(err) => {
                    report(file, text, &lines, s, &err, diags);
                    return Err(());
                }
            };
            let line = lines.pos(text, s).line;
            if raw.repo.name.trim().is_empty() {
                let at = slice.find("\"name\"").map_or(s, |i| s + i);
                diags
                    .error(
                        file,
                        lines.pos(text, at),
                        "missing-field",
                        "`repo.name` is empty",
                    )
                    .hint("name the repository as Scorecard does, e.g. github.com/acme/checkout");
                return Err(());
            }
            Ok(RunResult {
                repo: repo_key(&raw.repo.name),
                date: raw.date.0,
                stamp: raw.date.1,
                commit: raw.repo.commit.unwrap_or_default(),
                version: raw.scorecard.and_then(|t| t.version).unwrap_or_default(),
                score: raw.score.unwrap_or(-1.0),
                checks: raw
                    .checks
                    .into_iter()
                    .map(|c| Check {
                        name: c.name,
                        score: c.score.0,
                        reason: c.reason.unwrap_or_default(),
                        details: c.details.unwrap_or_default(),
                    })
                    .collect(),
                source: format!("{file}:{line}"),
            })
        })
        .collect()
}

/// Where the `"date"` key of the result that starts on `line` is, for later warnings.
pub fn date_pos(text: &str, lines: &Lines, line: u32) -> Pos {
    let start = lines.start(line);
    match text[start..].find("\"date\"") {
        Some(i) => lines.pos(text, start + i),
        None => lines.pos(text, start),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Vec<Result<RunResult, ()>>, Vec<String>) {
        let mut d = Diagnostics::default();
        let out = parse("f.json", text, &mut d);
        let msgs = d
            .sorted()
            .iter()
            .map(|d| format!("{}:{} {} {}", d.line, d.col, d.code, d.message))
            .collect();
        (out, msgs)
    }

    const ONE: &str = r#"{"date":"2026-09-28","repo":{"name":"github.com/a/b"},"checks":[{"name":"SAST","score":-1,"reason":"r","details":null}]}"#;

    #[test]
    fn accepts_object_ndjson_and_array() {
        assert_eq!(run(ONE).0.len(), 1);
        assert_eq!(run(&format!("{ONE}\n{ONE}\n")).0.len(), 2);
        let (out, msgs) = run(&format!("[\n {ONE},\n {ONE}\n]"));
        assert_eq!(out.len(), 2);
        assert!(msgs.is_empty(), "{msgs:?}");
        let r = out[0].as_ref().unwrap();
        assert_eq!(r.checks[0].score, -1);
        assert!(r.checks[0].details.is_empty());
        assert_eq!(r.source, "f.json:2");
    }

    #[test]
    fn errors_are_located() {
        let cases = [
            ("{\"date\": 5}", "1:10 wrong-type"),
            (
                "{\"date\":\"2026-13-01\",\"repo\":{\"name\":\"x\"},\"checks\":[]}",
                "1:9 invalid-date",
            ),
            (
                "{\"date\":\"2026-01-01\",\n\"checks\":[]}",
                "2:12 missing-field",
            ),
            ("{\"date\":", "1:8 json-syntax"),
            (
                "{\"date\":\"2026-01-01\",\"repo\":{\"name\":\"x\"},\"checks\":[{\"name\":\"A\",\"score\":11}]}",
                "1:72 invalid-value",
            ),
        ];
        for (text, want) in cases {
            let (_, msgs) = run(text);
            assert!(
                msgs.first().is_some_and(|m| m.starts_with(want)),
                "{text}: {msgs:?}"
            );
        }
    }

    #[test]
    fn ndjson_resumes_after_a_bad_line() {
        let (out, msgs) = run(&format!("{ONE}\n{{\"date\": nope}}\n{ONE}\n"));
        assert_eq!(out.iter().filter(|r| r.is_ok()).count(), 2, "{msgs:?}");
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].starts_with("2:11 json-syntax"), "{msgs:?}");
    }

    #[test]
    fn array_items_survive_strings_with_brackets() {
        let text = r#"[{"a":"],{"}, {"b":[1,2]}]"#;
        let items = array_items(text, 0);
        assert_eq!(
            items.iter().map(|(s, e)| &text[*s..*e]).collect::<Vec<_>>(),
            [r#"{"a":"],{"}"#, r#"{"b":[1,2]}"#]
        );
    }
}

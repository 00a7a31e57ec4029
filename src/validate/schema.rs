//! The shape of the native input files (a team file, maturity.yaml) as types, from which `maturity schema`
//! derives JSON Schema (draft 2020-12) for editors. The validator reads YAML node by node (for
//! file:line:col); the tests below tie every object's keys here to the key lists it accepts, so the
//! schema cannot drift from what `validate` reads.

use schemars::JsonSchema;
use std::collections::BTreeMap;

/// A list, or one item written on its own (`groups: Payments` is `groups: [Payments]`).
#[derive(JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "ListOf{T}")]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

/// A date, written YYYY-MM-DD.
#[derive(JsonSchema)]
#[schemars(transparent)]
pub struct Date(#[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))] pub String);

/// A scalar read as text: numbers and booleans count as written.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Text {
    Text(String),
    Number(f64),
    Bool(bool),
}

/// A team file (`teams/<team>.yaml`): one team's DSOMM results, edited by hand.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "maturity team file")]
pub struct TeamFile {
    /// The team's name (default: the file name without `.yaml`); unique across the organisation.
    pub name: Option<Text>,
    /// Groups this team joins, in addition to those of maturity.yaml.
    pub groups: Option<OneOrMany<Text>>,
    /// The level the team aims for (0-5).
    #[schemars(range(min = 0, max = 5))]
    pub target_level: Option<u8>,
    /// A sentence or two about the team (markdown).
    pub description: Option<Text>,
    /// Per activity (its exact name or uuid): the date each progress state was reached, evidence,
    /// comments, regressions, or `not_applicable` with a reason.
    pub activities: Option<BTreeMap<String, Option<ActivityEntry>>>,
    /// Addresses that get this team's PDF from `maturity send` (`Name <a@example.com>` or `a@example.com`).
    pub contacts: Option<OneOrMany<Text>>,
    /// Repositories the team owns (matched against OpenSSF Scorecard results), e.g. `github.com/org/repo`.
    pub repositories: Option<OneOrMany<Text>>,
}

/// One activity of a team: `<progress state>: YYYY-MM-DD` for each state reached, and the keys below.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = {
    "description": "a progress state (e.g. `Started`, `Fully implemented`) and the date it was reached",
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}$"
}))]
pub struct ActivityEntry {
    /// Why the activity does not apply to this team (a reason is required).
    pub not_applicable: Option<Text>,
    /// Evidence: markdown text, or a mapping with a title, date, reviewer, description and links.
    pub evidence: Option<OneOrMany<Evidence>>,
    /// Steps down: `{date, to: <state>, reason}`.
    pub regressions: Option<OneOrMany<Regression>>,
    /// Free-text comments shown with the activity.
    pub comment: Option<OneOrMany<Text>>,
    /// The same as `comment`.
    pub comments: Option<OneOrMany<Text>>,
}

/// An evidence item.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Evidence {
    /// Markdown; its first line is the title.
    Markdown(String),
    Item(EvidenceItem),
}

/// An evidence item as a mapping.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceItem {
    /// A stable id (kept by `import-dsomm` / `export-dsomm`).
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub date: Option<Date>,
    pub reviewer: Option<Text>,
    /// Markdown.
    pub description: Option<Text>,
    /// Addresses, or `{url, type}` with the DSOMM attachment type (document, image, link).
    pub links: Option<OneOrMany<Link>>,
    /// One address.
    pub link: Option<Text>,
}

/// A link of an evidence item.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Link {
    Url(String),
    Typed {
        url: String,
        #[serde(rename = "type")]
        kind: Option<String>,
    },
}

/// A step down to a lower state.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Regression {
    pub date: Date,
    /// The state the activity fell back to (default: the lowest).
    pub to: Option<Text>,
    pub reason: Option<Text>,
}

/// `maturity.yaml`: the organisation, its groups, catalogue, policies and report recipients.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "maturity project file (maturity.yaml)")]
pub struct ProjectFile {
    /// The organisation's name, used in report titles.
    pub name: Option<Text>,
    /// `builtin` (the latest built-in DSOMM), `dsomm-5.0.1`, `dsomm-4.3.1`, or a path inside the project
    /// (a DSOMM model.yaml or meta.yaml, or a catalogue folder); or `{base, extend, exclude}`.
    pub catalog: Option<CatalogSetting>,
    /// Dates the catalogue changed, marked on the trend charts.
    pub catalog_upgrades: Option<OneOrMany<CatalogUpgrade>>,
    /// The progress states and their scores (default: DSOMM's four states); `{State: 20%}` or
    /// `{State: {score: 20%, definition: ...}}`.
    pub progress: Option<BTreeMap<String, ProgressState>>,
    /// Named sets of teams; each member is a team name as written in its team file.
    pub groups: Option<BTreeMap<String, Option<OneOrMany<Text>>>>,
    /// A DSOMM app data folder inside the project (the one with meta.yaml).
    pub dsomm: Option<String>,
    /// A DSOMM v3 generated.yaml inside the project.
    pub v3: Option<String>,
    /// The folder of team files (default: `teams`).
    pub teams_dir: Option<String>,
    /// Quality gates for `maturity check`.
    pub policies: Option<OneOrMany<Policy>>,
    /// The http(s) address of this folder in its repository (links from the site to the files).
    pub repo_url: Option<String>,
    /// Who gets which PDF from `maturity send`.
    pub send: Option<Send>,
    /// DSOMM app settings kept by `import-dsomm` for `export-dsomm`.
    pub dsomm_app: Option<DsommApp>,
    /// OpenSSF Scorecard results: a folder inside the project, or `{results, contradicted_counts_as}`.
    pub scorecard: Option<ScorecardSetting>,
    /// Scorecard check name -> the activities it gives evidence for (replaces or adds to the built-in mapping).
    pub scorecard_mapping: Option<BTreeMap<String, MappingRule>>,
    /// Team name -> its repositories, for teams whose files do not list them.
    pub repositories: Option<BTreeMap<String, OneOrMany<Text>>>,
    /// Maximum age of a fully implemented activity, in days, per level or per activity.
    pub freshness: Option<Freshness>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
pub enum CatalogSetting {
    Named(String),
    Extended(CatalogExtension),
}

/// A base catalogue with activity files added and activities left out.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogExtension {
    /// The catalogue to start from (as `catalog:` alone).
    pub base: Option<OneOrMany<String>>,
    /// Activity files inside the project that add or override activities.
    pub extend: Option<OneOrMany<String>>,
    /// Activities (names or uuids) to leave out.
    pub exclude: Option<OneOrMany<Text>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogUpgrade {
    pub date: Date,
    pub label: Option<Text>,
}

/// A state's score (`20%`, `20` or `0.2`), alone or with a definition.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum ProgressState {
    Score(Text),
    Full(ProgressDefinition),
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressDefinition {
    pub score: Text,
    pub definition: Option<Text>,
}

/// A policy: applies to `groups`, `teams`, or (neither) every team.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Unique; reports and JUnit test suites are named after it.
    pub name: Text,
    pub groups: Option<OneOrMany<Text>>,
    pub teams: Option<OneOrMany<Text>>,
    #[schemars(range(min = 1, max = 5))]
    pub min_level: Option<u8>,
    /// Activities (names or uuids) that must be fully implemented or not applicable.
    pub require: Option<OneOrMany<Text>>,
    #[schemars(range(min = 1, max = 36500))]
    pub max_evidence_age_days: Option<u32>,
    /// A percentage from 0 to 100, e.g. `80%`.
    pub min_evidence_coverage: Option<Text>,
    /// Fail teams whose claims Scorecard contradicts.
    pub no_contradictions: Option<bool>,
    /// Enforced from this date on; reported as upcoming before.
    pub by: Option<Date>,
}

/// `send:` of maturity.yaml.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Send {
    /// The sender, `Name <a@example.com>` or `a@example.com`.
    pub from: Option<Text>,
    /// Addresses that get the executive summary.
    pub executive: Option<OneOrMany<Text>>,
    /// Group name -> addresses that get its group report.
    pub groups: Option<BTreeMap<String, OneOrMany<Text>>>,
    /// Team name -> addresses that get its team report.
    pub teams: Option<BTreeMap<String, OneOrMany<Text>>>,
    /// The subject; may use `{org}`, `{as_of}`, `{scope}` and `{title}`.
    pub subject: Option<Text>,
    /// The published site (links to each scope's page).
    pub site_url: Option<String>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DsommApp {
    pub teams: Option<OneOrMany<Text>>,
    /// meta.yaml keys `maturity` does not use, kept as they were.
    pub meta: Option<serde_json::Value>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
pub enum ScorecardSetting {
    /// The folder of Scorecard JSON results.
    Folder(String),
    Full(ScorecardOptions),
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScorecardOptions {
    pub results: Option<String>,
    /// A number from 0 to 1 or a progress state: what a claim that Scorecard contradicts counts as.
    pub contradicted_counts_as: Option<Text>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MappingRule {
    /// Activities (uuids or names); `[]` removes the mapping.
    pub activities: OneOrMany<MappedActivity>,
    /// The check's score (0-10) from which it gives evidence (default 8).
    #[schemars(range(min = 0, max = 10))]
    pub threshold: Option<u8>,
    pub why: Option<Text>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
pub enum MappedActivity {
    Name(String),
    WithThreshold(MappedWithThreshold),
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MappedWithThreshold {
    pub activity: String,
    #[schemars(range(min = 0, max = 10))]
    pub threshold: Option<u8>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Freshness {
    /// Level (1-5) -> days.
    pub levels: Option<BTreeMap<String, u32>>,
    /// Activity (name or uuid) -> days.
    pub activities: Option<BTreeMap<String, u32>>,
}

/// Which file a schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    /// A team file (`teams/<team>.yaml`).
    Team,
    /// The project file (`maturity.yaml`).
    Config,
}

/// The schema's JSON text, pretty-printed and ending in a newline (what `schemas/*.schema.json` hold).
pub fn json(which: Which) -> String {
    let schema = match which {
        Which::Team => schemars::schema_for!(TeamFile),
        Which::Config => schemars::schema_for!(ProjectFile),
    };
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn props(schema: &Value, def: Option<&str>) -> Vec<String> {
        let obj = match def {
            None => schema,
            Some(d) => &schema["$defs"][d],
        };
        let mut keys: Vec<String> = obj["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{def:?} has properties"))
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = keys.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    /// Every object of the schemas has exactly the keys the validator accepts.
    #[test]
    fn schema_keys_are_the_keys_the_validator_reads() {
        let team: Value = serde_json::from_str(&json(Which::Team)).unwrap();
        let config: Value = serde_json::from_str(&json(Which::Config)).unwrap();
        use super::super::native::keys as n;
        let table: &[(&Value, Option<&str>, &[&str])] = &[
            (&team, None, n::TEAM),
            (&team, Some("EvidenceItem"), n::EVIDENCE),
            (&team, Some("Regression"), n::REGRESSION),
            (&team, Some("ActivityEntry"), n::ACTIVITY_FIELDS),
            (&config, None, n::PROJECT),
            (&config, Some("CatalogUpgrade"), n::CATALOG_UPGRADE),
            (
                &config,
                Some("CatalogExtension"),
                super::super::CATALOG_KEYS,
            ),
            (&config, Some("Freshness"), n::FRESHNESS),
            (&config, Some("DsommApp"), n::DSOMM_APP),
            (
                &config,
                Some("Policy"),
                crate::validate::policies::POLICY_KEYS,
            ),
            (
                &config,
                Some("Send"),
                crate::validate::recipients::SEND_KEYS,
            ),
            (
                &config,
                Some("ProgressDefinition"),
                super::super::progress::STATE_KEYS,
            ),
            (
                &config,
                Some("ScorecardOptions"),
                super::super::scorecard::SCORECARD_KEYS,
            ),
            (
                &config,
                Some("MappingRule"),
                super::super::scorecard::MAPPING_KEYS,
            ),
            (
                &config,
                Some("MappedWithThreshold"),
                super::super::scorecard::MAPPED_KEYS,
            ),
        ];
        for (schema, def, keys) in table {
            assert_eq!(props(schema, *def), sorted(keys), "{def:?}");
        }
    }

    #[test]
    fn schemas_are_draft_2020_12() {
        for w in [Which::Team, Which::Config] {
            let v: Value = serde_json::from_str(&json(w)).unwrap();
            assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
        }
    }
}

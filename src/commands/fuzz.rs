//! Entry point for fuzzing the loaders: arbitrary bytes go through the YAML tree parser, then through
//! validation in every role an input file can have (team file, maturity.yaml, DSOMM meta, progress and
//! evidence files, v3 export, catalogue extension, a catalogue folder's file) and scoring, and through the
//! template and markdown paths (a site template, markdown to HTML and to typst markup). Reads and writes
//! no files; a panic is a bug.

use crate::load::{self, Doc, DsommInput, Input};
use crate::util::date::Date;
use crate::util::diag::Diagnostics;
use std::sync::OnceLock;

/// Parses and validates `bytes` as every kind of input file; never writes anything.
pub fn fuzz_validate(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    fuzz_templates(text);
    let Ok(docs) = load::yaml::parse(text) else {
        return;
    };
    static CATALOG: OnceLock<Vec<Doc>> = OnceLock::new();
    let catalog = CATALOG.get_or_init(|| load::builtin::docs(&mut Diagnostics::default()));
    let today = Date::from_ymd(2026, 10, 1).expect("valid date");
    let doc = |name: &str| Doc {
        file: name.to_string(),
        docs: docs.clone(),
    };
    let team_and_exports = Input {
        teams: vec![doc("teams/fuzz.yaml")],
        catalog: catalog.clone(),
        dsomm: vec![DsommInput {
            meta: Doc {
                file: "meta.yaml".into(),
                docs: Vec::new(),
            },
            refs: Vec::new(),
            progress: Some(doc("team-progress.yaml")),
            evidence: Some(doc("team-evidence.yaml")),
        }],
        v3: vec![doc("generated.yaml")],
        ..Input::default()
    };
    let project_and_catalog = Input {
        project: Some(doc("maturity.yaml")),
        catalog: catalog.clone(),
        catalog_extend: vec![doc("custom.yaml")],
        dsomm: vec![DsommInput {
            meta: doc("meta.yaml"),
            refs: vec![("teams.yaml".into(), doc("teams.yaml"))],
            progress: None,
            evidence: None,
        }],
        ..Input::default()
    };
    // The text as the only file of a catalogue folder (`catalog: my-catalogue` in maturity.yaml).
    let catalog_folder = Input {
        catalog: vec![doc("my-catalogue/d/s.yaml")],
        teams: vec![Doc {
            file: "teams/t.yaml".into(),
            docs: load::yaml::parse("name: T\nactivities: {}\n").unwrap_or_default(),
        }],
        ..Input::default()
    };
    for input in [team_and_exports, project_and_catalog, catalog_folder] {
        let mut diags = Diagnostics::default();
        let v = crate::validate::validate(&input, today, &mut diags);
        let scores = crate::score::score(&v.org, today);
        crate::dependency_warnings(&v, &scores, &mut diags);
        let _ = (diags.human(), diags.json());
    }
}

/// The text as a user's site template (parsed and rendered with a small context) and as markdown.
fn fuzz_templates(text: &str) {
    let mut tera = tera::Tera::new();
    if tera.add_raw_template("fuzz.html", text).is_ok() {
        let mut ctx = tera::Context::new();
        ctx.insert("site", &serde_json::json!({"org": "Org", "teams": 1}));
        ctx.insert(
            "teams",
            &serde_json::json!([{"name": "T", "level": {"level": "1"}}]),
        );
        // Bounded like a real render: a template that loops is stopped by the watchdog in the tool.
        if !text.contains("range") {
            let _ = tera.render("fuzz.html", &ctx);
        }
    }
    let _ = crate::render::markdown::to_html(text);
    let _ = crate::render::pdf::markup::to_typst(text);
}

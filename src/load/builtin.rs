//! The built-in DSOMM catalogues, compiled into the binary from `catalog/`: the latest version as files,
//! older versions as overlays applied to it with the `activityFiles` merge rules (catalog/README.md).

use super::{Doc, Input, yaml};
use crate::util::diag::Diagnostics;

/// The latest built-in version; `builtin` means this one.
pub const LATEST: &str = "5.0.1";

/// (display path, YAML text) of every file of the latest catalogue, meta first.
pub const FILES: &[(&str, &str)] = &[
    ("catalog/meta.yaml", include_str!("../../catalog/meta.yaml")),
    (
        "catalog/implementations.yaml",
        include_str!("../../catalog/implementations.yaml"),
    ),
    (
        "catalog/agentic-ai/data-protection.yaml",
        include_str!("../../catalog/agentic-ai/data-protection.yaml"),
    ),
    (
        "catalog/agentic-ai/guidance.yaml",
        include_str!("../../catalog/agentic-ai/guidance.yaml"),
    ),
    (
        "catalog/agentic-ai/isolation.yaml",
        include_str!("../../catalog/agentic-ai/isolation.yaml"),
    ),
    (
        "catalog/agentic-ai/red-teaming.yaml",
        include_str!("../../catalog/agentic-ai/red-teaming.yaml"),
    ),
    (
        "catalog/agentic-ai/verification.yaml",
        include_str!("../../catalog/agentic-ai/verification.yaml"),
    ),
    (
        "catalog/build-and-deployment/build.yaml",
        include_str!("../../catalog/build-and-deployment/build.yaml"),
    ),
    (
        "catalog/build-and-deployment/deployment.yaml",
        include_str!("../../catalog/build-and-deployment/deployment.yaml"),
    ),
    (
        "catalog/build-and-deployment/patch-management.yaml",
        include_str!("../../catalog/build-and-deployment/patch-management.yaml"),
    ),
    (
        "catalog/culture-and-organization/design.yaml",
        include_str!("../../catalog/culture-and-organization/design.yaml"),
    ),
    (
        "catalog/culture-and-organization/education-and-guidance.yaml",
        include_str!("../../catalog/culture-and-organization/education-and-guidance.yaml"),
    ),
    (
        "catalog/culture-and-organization/process.yaml",
        include_str!("../../catalog/culture-and-organization/process.yaml"),
    ),
    (
        "catalog/implementation/application-hardening.yaml",
        include_str!("../../catalog/implementation/application-hardening.yaml"),
    ),
    (
        "catalog/implementation/development-and-source-control.yaml",
        include_str!("../../catalog/implementation/development-and-source-control.yaml"),
    ),
    (
        "catalog/implementation/identity-and-access-management.yaml",
        include_str!("../../catalog/implementation/identity-and-access-management.yaml"),
    ),
    (
        "catalog/implementation/infrastructure-hardening.yaml",
        include_str!("../../catalog/implementation/infrastructure-hardening.yaml"),
    ),
    (
        "catalog/information-gathering/logging.yaml",
        include_str!("../../catalog/information-gathering/logging.yaml"),
    ),
    (
        "catalog/information-gathering/monitoring.yaml",
        include_str!("../../catalog/information-gathering/monitoring.yaml"),
    ),
    (
        "catalog/information-gathering/test-kpi.yaml",
        include_str!("../../catalog/information-gathering/test-kpi.yaml"),
    ),
    (
        "catalog/test-and-verification/application-tests.yaml",
        include_str!("../../catalog/test-and-verification/application-tests.yaml"),
    ),
    (
        "catalog/test-and-verification/consolidation.yaml",
        include_str!("../../catalog/test-and-verification/consolidation.yaml"),
    ),
    (
        "catalog/test-and-verification/dynamic-depth-for-applications.yaml",
        include_str!("../../catalog/test-and-verification/dynamic-depth-for-applications.yaml"),
    ),
    (
        "catalog/test-and-verification/dynamic-depth-for-infrastructure.yaml",
        include_str!("../../catalog/test-and-verification/dynamic-depth-for-infrastructure.yaml"),
    ),
    (
        "catalog/test-and-verification/static-depth-for-applications.yaml",
        include_str!("../../catalog/test-and-verification/static-depth-for-applications.yaml"),
    ),
    (
        "catalog/test-and-verification/static-depth-for-infrastructure.yaml",
        include_str!("../../catalog/test-and-verification/static-depth-for-infrastructure.yaml"),
    ),
    (
        "catalog/test-and-verification/test-intensity.yaml",
        include_str!("../../catalog/test-and-verification/test-intensity.yaml"),
    ),
];

/// Older versions: (version, overlay file path, overlay text), newest first.
pub const OLDER: &[(&str, &str, &str)] = &[(
    "4.3.1",
    "catalog/versions/4.3.1.yaml",
    include_str!("../../catalog/versions/4.3.1.yaml"),
)];

/// Every built-in version, newest first.
pub fn versions() -> Vec<&'static str> {
    std::iter::once(LATEST)
        .chain(OLDER.iter().map(|(v, ..)| *v))
        .collect()
}

/// The version a catalogue name selects: `builtin` (latest), `dsomm-5.0.1`, `dsomm-4.3.1`, ...
pub fn select(name: &str) -> Option<&'static str> {
    let n = name.trim();
    if n == "builtin" {
        return Some(LATEST);
    }
    let v = n.strip_prefix("dsomm-")?;
    versions().into_iter().find(|x| *x == v)
}

impl Input {
    /// Uses the built-in catalogue `version`: its files, the overlays that derive it, its former names.
    /// Overlays go before any `catalog.extend` file already listed.
    pub fn set_builtin(&mut self, version: &str, diags: &mut Diagnostics) {
        let (base, layers, former) = catalog(version, diags);
        self.catalog = base;
        self.catalog_extend.splice(0..0, layers);
        self.catalog_former = former;
    }
}

/// The built-in catalogue `version` (see `select`): base files, overlay layers, former-name files.
pub fn catalog(version: &str, diags: &mut Diagnostics) -> (Vec<Doc>, Vec<Doc>, Vec<Doc>) {
    let base = docs(diags);
    let pos = OLDER.iter().position(|(v, ..)| *v == version);
    let overlays = |range: &[(&str, &str, &str)], diags: &mut Diagnostics| -> Vec<Doc> {
        range
            .iter()
            .filter_map(|(_, name, text)| parse_builtin(name, text, diags))
            .collect()
    };
    match pos {
        Some(i) => (
            base,
            overlays(&OLDER[..=i], diags),
            overlays(&OLDER[i + 1..], diags),
        ),
        None => (base, Vec::new(), overlays(OLDER, diags)),
    }
}

fn parse_builtin(name: &str, text: &str, diags: &mut Diagnostics) -> Option<Doc> {
    match yaml::parse(text) {
        Ok(docs) => Some(Doc {
            file: format!("<built-in>/{name}"),
            docs,
        }),
        Err(e) => {
            diags.error(
                &format!("<built-in>/{name}"),
                e.pos,
                "yaml-syntax",
                e.message,
            );
            None
        }
    }
}

/// The files of the latest built-in catalogue, parsed.
pub fn docs(diags: &mut Diagnostics) -> Vec<Doc> {
    FILES
        .iter()
        .filter_map(|(name, text)| parse_builtin(name, text, diags))
        .collect()
}

//! Who gets which report from `maturity send` (read from maturity.yaml and the team files by
//! `validate::recipients`), and the subject line of each message.

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

/// Placeholders a subject may use.
pub const SUBJECT_FIELDS: &[&str] = &["org", "as_of", "scope", "title"];

/// The subject when maturity.yaml sets none.
pub const DEFAULT_SUBJECT: &str = "{org}: DevSecOps maturity of {scope} as of {as_of}";

/// The validated recipients; addresses are kept as written (`Name <a@example.com>` or `a@example.com`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recipients {
    /// True when maturity.yaml has a `send:` section.
    pub configured: bool,
    pub from: Option<String>,
    pub subject: Option<String>,
    /// The published site, ending in `/` (links to each scope's page).
    pub site_url: Option<String>,
    pub executive: Vec<String>,
    /// Group name -> addresses.
    pub groups: BTreeMap<String, Vec<String>>,
    /// Team name -> addresses (`send.teams` and the team file's `contacts`, in that order).
    pub teams: BTreeMap<String, Vec<String>>,
}

impl Recipients {
    /// How many messages the recipients add up to (one per scope and address).
    pub fn count(&self) -> usize {
        self.executive.len()
            + self.groups.values().map(Vec::len).sum::<usize>()
            + self.teams.values().map(Vec::len).sum::<usize>()
    }
}

/// Whether `text` is one valid address, with or without a display name.
pub fn valid_address(text: &str) -> bool {
    text.parse::<lettre::message::Mailbox>().is_ok()
}

/// Fills a subject template: `{org}`, `{as_of}`, `{scope}` (the group or team name, or "the
/// organisation"), `{title}` (the report's title); other text is kept as written.
pub fn subject(template: &str, org: &str, as_of: &str, scope: &str, title: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let value = after.find('}').and_then(|end| {
            let v = match &after[..end] {
                "org" => org,
                "as_of" => as_of,
                "scope" => scope,
                "title" => title,
                _ => return None,
            };
            Some((v, end))
        });
        match value {
            Some((v, end)) => {
                out.push_str(v);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

//! What `maturity send` did: the record of sent messages in the build's output folder (`sent.json`,
//! so the same build is not sent twice) and the JSON report of one run for CI logs.

use crate::util::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The record's file name inside the build's output folder.
pub const FILE: &str = "sent.json";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub messages: Vec<Sent>,
}

/// One message the server accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sent {
    /// The same for every send of one report of one build to one address.
    pub key: String,
    pub message_id: String,
    pub report: String,
    pub to: String,
    pub subject: String,
    /// UTC, e.g. `2026-10-01T07:12:00Z`.
    pub sent_at: String,
}

impl Record {
    /// The record at `path`; none yet is an empty record.
    pub fn load(path: &Path) -> Result<Record> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                Error::Other(format!(
                    "failed to read {} ({e}); it records what was sent: repair it, or delete it to send everything again",
                    path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Record::default()),
            Err(e) => Err(Error::io("read", path, e)),
        }
    }

    /// How often the message with this key was sent.
    pub fn times(&self, key: &str) -> usize {
        self.messages.iter().filter(|m| m.key == key).count()
    }

    /// The first time it was sent.
    pub fn first(&self, key: &str) -> Option<&Sent> {
        self.messages.iter().find(|m| m.key == key)
    }

    /// Writes the record next to its place and renames it there, so it is never half written.
    pub fn save(&self, path: &Path) -> Result<()> {
        use std::io::Write as _;
        let tmp = path.with_extension("json.partial");
        let text = serde_json::to_string_pretty(self).expect("record serialises") + "\n";
        // A fresh file (never through a link left in its place); the rename replaces, never follows.
        let _ = std::fs::remove_file(&tmp);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| Error::io("write", &tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::io("write", path, e)
        })
    }
}

/// What happened to one message in this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Sent,
    /// Written as .eml (dry run).
    Written,
    Failed,
    /// Sent before (in the record); `--again` sends it once more.
    AlreadySent,
}

#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The record's key of this message (see [`Sent::key`]).
    #[serde(skip)]
    pub key: String,
    pub report: String,
    pub kind: String,
    pub name: String,
    pub to: String,
    pub subject: String,
    pub message_id: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The JSON report of one run (`--format json`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub as_of: String,
    pub dry_run: bool,
    /// The server, without credentials; null for a dry run.
    pub server: Option<String>,
    pub sent: usize,
    pub written: usize,
    pub failed: usize,
    pub already_sent: usize,
    pub messages: Vec<Outcome>,
}

impl Report {
    pub fn new(as_of: &str, server: Option<String>, messages: Vec<Outcome>) -> Report {
        let n = |s: Status| messages.iter().filter(|m| m.status == s).count();
        Report {
            as_of: as_of.to_string(),
            dry_run: server.is_none(),
            server,
            sent: n(Status::Sent),
            written: n(Status::Written),
            failed: n(Status::Failed),
            already_sent: n(Status::AlreadySent),
            messages,
        }
    }
}

/// Now in UTC as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_utc() -> String {
    let now = jiff::Timestamp::now();
    // Whole seconds: jiff prints the fraction only when there is one.
    jiff::Timestamp::from_second(now.as_second())
        .unwrap_or(now)
        .to_string()
}

//! `maturity send`: e-mails each audience the PDF of its own scope from a finished build (executive
//! summary, group and team reports), with the scope's headline in the body; as .eml files (dry run,
//! the default without a server) or over SMTP, recording what was sent so a build is not sent twice.

/// `say!("...", args)`: one line on standard error (see [`say_line`]).
macro_rules! say {
    ($($t:tt)*) => {
        $crate::commands::send::say_line(&format!($($t)*))
    };
}

mod deliver;
mod message;
mod record;
pub mod smtp;
#[cfg(test)]
mod tests;

use crate::recipients::Recipients;
use crate::render::headline::{self as manifest, Manifest};
use crate::util::date::Date;
use crate::util::error::{Error, Result};
use lettre::message::Mailbox;
use record::{Record, Status};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder: maturity.yaml with a `send:` section, team files with `contacts:`.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The output folder of a finished `maturity build` (its PDFs and send.json).
    #[arg(long, value_name = "OUT")]
    pub reports: PathBuf,
    /// Send to one audience only.
    #[arg(long, value_enum)]
    pub only: Option<Audience>,
    /// Write one .eml file per message instead of sending (the default without an SMTP URL).
    #[arg(long)]
    pub dry_run: bool,
    /// SMTP server: smtps://host[:465] (TLS), smtp://host[:587] (STARTTLS); default MATURITY_SMTP_URL.
    /// Credentials come from MATURITY_SMTP_USER and MATURITY_SMTP_PASSWORD only.
    #[arg(long, value_name = "URL")]
    pub smtp: Option<String>,
    /// Refuse to send unless the reports are as of this date (YYYY-MM-DD).
    #[arg(long)]
    pub as_of: Option<String>,
    /// Send messages that were sent for this build before, once more.
    #[arg(long)]
    pub again: bool,
    /// Do not verify the server's TLS certificate (only for a test server on this machine).
    #[arg(long)]
    pub insecure: bool,
    /// Folder for the .eml files of a dry run (default: OUT/outbox).
    #[arg(long, value_name = "DIR")]
    pub outbox: Option<PathBuf>,
    /// Refuse attachments larger than this (megabytes).
    #[arg(long, default_value_t = 10.0, value_name = "MB")]
    pub max_attachment_mb: f64,
    /// Attempts after a transient failure (waits 1 s, then 3 s between attempts).
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub retries: usize,
    /// `json` prints the report of what was sent to whom on standard output.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Folder of templates overriding the built-in ones (default: DIR/templates if present).
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Executive,
    Groups,
    Teams,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

/// One message to make: a report of the build (or a scope the build has no report for) and an address.
struct Planned {
    report: Option<usize>,
    kind: &'static str,
    name: String,
    to: String,
}

/// Which report each address gets, in the order executive, groups, teams (each sorted by name).
fn plan(m: &Manifest, r: &Recipients, only: Option<Audience>) -> Vec<Planned> {
    let find = |kind: &str, name: &str| {
        m.reports
            .iter()
            .position(|x| x.kind == kind && x.name == name)
    };
    let mut out = Vec::new();
    let mut add = |kind: &'static str, name: &str, list: &[String]| {
        for to in list {
            out.push(Planned {
                report: find(kind, name),
                kind,
                name: name.to_string(),
                to: to.clone(),
            });
        }
    };
    let wants = |a: Audience| only.is_none_or(|o| o == a);
    if wants(Audience::Executive) {
        add("executive", "", &r.executive);
    }
    if wants(Audience::Groups) {
        for (g, list) in &r.groups {
            add("group", g, list);
        }
    }
    if wants(Audience::Teams) {
        for (t, list) in &r.teams {
            add("team", t, list);
        }
    }
    out
}

/// One line on standard error, with control characters from the input escaped.
pub(super) fn say_line(line: &str) {
    crate::util::term::stderr(&format!("{}\n", crate::util::term::clean(line)));
}

/// The build's manifest and its text (whose digest identifies the build).
fn read_manifest(out: &Path) -> Result<(Manifest, String)> {
    let path = out.join(manifest::FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::Other(format!(
            "failed to read {} ({e}); `maturity send` sends the PDFs of a finished build: run `maturity build DIR --out {}` first",
            path.display(),
            out.display()
        ))
    })?;
    let m = manifest::parse(&text).map_err(|e| {
        Error::Other(format!(
            "failed to read {} ({e}); build again",
            path.display()
        ))
    })?;
    Ok((m, text))
}

pub fn run(a: Args) -> Result<ExitCode> {
    let (v, mut diags) = crate::read_input(&a.dir, Date::today())?;
    let overrides = crate::load::templates::overrides(a.templates.as_deref(), &a.dir, &mut diags);
    crate::util::term::stderr(&crate::load::source::human(&a.dir, &diags));
    if diags.has_errors() {
        say!("nothing sent: fix the errors above");
        return Ok(ExitCode::from(1));
    }
    let r = &v.recipients;
    let Some(from) = r.from.as_deref().and_then(|f| f.parse::<Mailbox>().ok()) else {
        say!(
            "nothing to send: add a `send:` section with `from` and recipients to maturity.yaml (README: Sending reports)"
        );
        return Ok(ExitCode::from(1));
    };
    let (m, text) = read_manifest(&a.reports)?;
    if let Some(want) = &a.as_of {
        let d = Date::parse(want).ok_or_else(|| {
            Error::Other(format!(
                "failed to parse --as-of `{want}` (write YYYY-MM-DD)"
            ))
        })?;
        if d.to_string() != m.as_of {
            return Err(Error::Other(format!(
                "the reports in {} are as of {}, not {d}; build them again with --as-of {d}",
                a.reports.display(),
                m.as_of
            )));
        }
    }
    if m.org != v.org.name {
        return Err(Error::Other(format!(
            "the reports in {} are of `{}`, not of `{}`; point --reports at this project's build",
            a.reports.display(),
            m.org,
            v.org.name
        )));
    }
    if a.max_attachment_mb.is_nan() || a.max_attachment_mb <= 0.0 {
        return Err(Error::Other(
            "--max-attachment-mb must be more than 0".into(),
        ));
    }
    let url = a
        .smtp
        .clone()
        .or_else(|| std::env::var(smtp::URL_VAR).ok())
        .filter(|u| !u.trim().is_empty());
    let server = match url.filter(|_| !a.dry_run) {
        Some(u) => Some(smtp::parse_url(&u).map_err(Error::Other)?),
        None => None,
    };
    let templates = message::Templates::new(&overrides.files)?;
    let planned = plan(&m, r, a.only);
    if planned.is_empty() {
        say!(
            "nothing to send: no recipients for {}",
            a.only.map_or("any report", |o| match o {
                Audience::Executive => "the executive summary",
                Audience::Groups => "group reports",
                Audience::Teams => "team reports",
            })
        );
        return Ok(ExitCode::from(1));
    }
    let record_path = a.reports.join(record::FILE);
    let mut record = Record::load(&record_path)?;
    let build = message::digest(&[&text]);
    // Megabytes of 1,000,000 bytes, as mail servers state their limits.
    let limit = (a.max_attachment_mb * 1e6) as usize;
    let ctx = deliver::Context {
        a: &a,
        m: &m,
        r,
        from: &from,
        build: &build,
        limit,
        templates: &templates,
    };
    let outcomes = match &server {
        None => deliver::dry_run(&ctx, &planned, &record)?,
        Some(s) => deliver::deliver(&ctx, s, &planned, &mut record, &record_path)?,
    };
    let report = record::Report::new(&m.as_of, server.as_ref().map(ToString::to_string), outcomes);
    summary(&a, &report, server.is_some());
    if a.format == Format::Json {
        crate::util::term::stdout(
            &(serde_json::to_string_pretty(&report).expect("report serialises") + "\n"),
        )?;
    }
    Ok(if report.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One line per message and a closing summary, on standard error.
fn summary(a: &Args, report: &record::Report, smtp: bool) {
    for o in &report.messages {
        let what = if o.name.is_empty() {
            "executive summary".to_string()
        } else {
            format!("{} report `{}`", o.kind, o.name)
        };
        match (o.status, &o.error, &o.file) {
            (Status::Sent, _, _) => say!("sent: {what} to {}", o.to),
            (Status::Written, _, Some(f)) => say!("wrote: {what} to {} as {f}", o.to),
            (Status::AlreadySent, Some(e), _) => say!("skipped: {what} to {} ({e})", o.to),
            (_, e, _) => {
                // The connection error is printed once above; do not repeat it per message.
                let e = e.as_deref().unwrap_or("unknown error");
                let e = match e.split_once(" (") {
                    Some((head, _)) if e.starts_with("not sent:") => head,
                    _ => e,
                };
                say!("failed: {what} to {} ({e})", o.to)
            }
        }
    }
    let mut line = if smtp {
        format!("sent {} of {} messages", report.sent, report.messages.len())
    } else {
        format!(
            "dry run: wrote {} of {} messages to {} (nothing was sent; give --smtp URL or set MATURITY_SMTP_URL to send)",
            report.written,
            report.messages.len(),
            a.outbox
                .clone()
                .unwrap_or_else(|| a.reports.join("outbox"))
                .display()
        )
    };
    if report.failed > 0 {
        line.push_str(&format!(", {} failed", report.failed));
    }
    if report.already_sent > 0 {
        line.push_str(&format!(
            ", {} sent before (--again sends them once more)",
            report.already_sent
        ));
    }
    say!("{line}");
}

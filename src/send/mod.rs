//! `maturity send`: e-mails each audience the PDF of its own scope from a finished build (executive
//! summary, group and team reports), with the scope's headline in the body; as .eml files (dry run,
//! the default without a server) or over SMTP, recording what was sent so a build is not sent twice.

pub mod manifest;
mod message;
mod record;
pub mod smtp;

use crate::date::Date;
use crate::error::{Error, Result};
use crate::recipients::{self, Recipients};
use lettre::message::Mailbox;
use manifest::{Manifest, Report};
use record::{Outcome, Record, Status};
use std::collections::BTreeMap;
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

fn overrides(templates: Option<&Path>, dir: &Path) -> Result<BTreeMap<String, String>> {
    let default = dir.join("templates");
    match templates {
        Some(t) => crate::load::templates::read(t),
        None if default.is_dir() => crate::load::templates::read(&default),
        None => Ok(BTreeMap::new()),
    }
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

/// `reports/teams/checkout.pdf` + `a@example.com` -> `teams-checkout--a@example.com.eml`.
fn eml_name(pdf: &str, to: &Mailbox) -> String {
    let stem = pdf
        .strip_prefix("reports/")
        .unwrap_or(pdf)
        .trim_end_matches(".pdf")
        .replace('/', "-");
    let addr: String = to
        .email
        .to_string()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "@.-_+".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{stem}--{addr}.eml")
}

pub fn run(a: Args) -> Result<ExitCode> {
    let (v, diags) = crate::read_input(&a.dir, Date::today())?;
    eprint!("{}", diags.human());
    if diags.has_errors() {
        eprintln!("nothing sent: fix the errors above");
        return Ok(ExitCode::from(1));
    }
    let r = &v.recipients;
    let Some(from) = r.from.as_deref().and_then(|f| f.parse::<Mailbox>().ok()) else {
        eprintln!(
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
    if !(a.max_attachment_mb > 0.0) {
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
    let templates = message::Templates::new(&overrides(a.templates.as_deref(), &a.dir)?)?;
    let planned = plan(&m, r, a.only);
    if planned.is_empty() {
        eprintln!(
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
    let limit = (a.max_attachment_mb * 1024.0 * 1024.0) as usize;
    let ctx = Context {
        a: &a,
        m: &m,
        r,
        from: &from,
        build: &build,
        limit,
        templates: &templates,
    };
    let outcomes = match &server {
        None => dry_run(&ctx, &planned, &record)?,
        Some(s) => deliver(&ctx, s, &planned, &mut record, &record_path)?,
    };
    let report = record::Report::new(&m.as_of, server.as_ref().map(ToString::to_string), outcomes);
    summary(&a, &report, server.is_some());
    if a.format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serialises")
        );
    }
    Ok(if report.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

struct Context<'a> {
    a: &'a Args,
    m: &'a Manifest,
    r: &'a Recipients,
    from: &'a Mailbox,
    build: &'a str,
    limit: usize,
    templates: &'a message::Templates,
}

/// A message ready to go, or why it cannot be made.
struct Made {
    outcome: Outcome,
    message: Option<lettre::Message>,
}

/// Renders every message body first, so a template error stops the run before anything is sent.
fn prepare(
    ctx: &Context,
    planned: &[Planned],
    record: &Record,
    date: std::time::SystemTime,
) -> Result<Vec<Made>> {
    let mut out = Vec::new();
    let mut pdf: Option<(String, std::result::Result<Vec<u8>, String>)> = None;
    for p in planned {
        let to: Mailbox =
            p.to.parse()
                .map_err(|e| Error::Other(format!("failed to read address `{}` ({e})", p.to)))?;
        let title_of = |r: Option<&Report>| {
            r.map_or_else(
                || format!("{} report: {}", p.kind, p.name),
                |r| r.title.clone(),
            )
        };
        let report = p.report.map(|i| &ctx.m.reports[i]);
        let scope = if p.kind == "executive" {
            "the organisation"
        } else {
            p.name.as_str()
        };
        let subject = recipients::subject(
            ctx.r
                .subject
                .as_deref()
                .unwrap_or(recipients::DEFAULT_SUBJECT),
            &ctx.m.org,
            &ctx.m.as_of,
            scope,
            &title_of(report),
        );
        let key = message::digest(&[
            ctx.build,
            p.kind,
            &p.name,
            &to.email.to_string().to_lowercase(),
        ]);
        let n = record.times(&key) + 1;
        let message_id = format!("{key}.{n}@{}", ctx.from.email.domain());
        let mut outcome = Outcome {
            key: key.clone(),
            report: report.map_or_else(String::new, |r| r.pdf.clone()),
            kind: p.kind.into(),
            name: p.name.clone(),
            to: p.to.clone(),
            subject: subject.clone(),
            message_id: format!("<{message_id}>"),
            status: Status::Failed,
            file: None,
            error: None,
        };
        let Some(report) = report else {
            outcome.error = Some(format!(
                "the build has no {} report for `{}`{}",
                p.kind,
                p.name,
                if p.kind == "team" {
                    " (team PDFs were not rendered: build with --team-pdfs all)"
                } else {
                    ""
                }
            ));
            out.push(Made {
                outcome,
                message: None,
            });
            continue;
        };
        if let Some(first) = record.first(&key).filter(|_| !ctx.a.again) {
            outcome.status = Status::AlreadySent;
            outcome.error = Some(format!(
                "sent on {}; --again sends it once more",
                first.sent_at
            ));
            out.push(Made {
                outcome,
                message: None,
            });
            continue;
        }
        if pdf.as_ref().is_none_or(|(path, _)| path != &report.pdf) {
            let path = ctx.a.reports.join(&report.pdf);
            let bytes = std::fs::read(&path)
                .map_err(|e| format!("failed to read {} ({e})", path.display()));
            pdf = Some((report.pdf.clone(), bytes));
        }
        let bytes = match &pdf {
            Some((_, Ok(b))) if b.len() > ctx.limit => Err(format!(
                "refused: {} is {:.1} MB, over the {} MB attachment limit (raise --max-attachment-mb, or send a link with `site_url`)",
                report.pdf,
                b.len() as f64 / (1024.0 * 1024.0),
                ctx.a.max_attachment_mb
            )),
            Some((_, Ok(b))) => Ok(b.clone()),
            Some((_, Err(e))) => Err(e.clone()),
            None => unreachable!("read above"),
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                outcome.error = Some(e);
                out.push(Made {
                    outcome,
                    message: None,
                });
                continue;
            }
        };
        let filename = report
            .pdf
            .rsplit('/')
            .next()
            .unwrap_or("report.pdf")
            .to_string();
        let view = message::view(
            ctx.m,
            report,
            ctx.r.site_url.as_deref(),
            &filename,
            bytes.len(),
        );
        let (text, html) = ctx.templates.render(&view)?;
        let msg = message::build(message::Parts {
            from: ctx.from,
            to: &to,
            subject: &subject,
            message_id: &message_id,
            date,
            text,
            html,
            filename: &filename,
            pdf: bytes,
        })?;
        outcome.file = Some(eml_name(&report.pdf, &to));
        out.push(Made {
            outcome,
            message: Some(msg),
        });
    }
    Ok(out)
}

/// Writes the messages as .eml files into the outbox (replaced as a whole); records nothing.
fn dry_run(ctx: &Context, planned: &[Planned], record: &Record) -> Result<Vec<Outcome>> {
    // The build's date at midnight UTC: the same build gives the same files.
    let as_of = Date::parse(&ctx.m.as_of).expect("checked by manifest::parse");
    let date =
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(as_of.days().max(0) as u64 * 86_400);
    let made = prepare(ctx, planned, record, date)?;
    let outbox = ctx
        .a
        .outbox
        .clone()
        .unwrap_or_else(|| ctx.a.reports.join("outbox"));
    let staging = crate::output::Staging::new(&outbox)?;
    let mut out = Vec::new();
    for Made {
        mut outcome,
        message,
    } in made
    {
        if let (Some(msg), Some(file)) = (message, &outcome.file) {
            staging.write(file, &msg.formatted())?;
            outcome.status = Status::Written;
            outcome.file = Some(outbox.join(file).display().to_string());
        } else {
            outcome.file = None;
        }
        out.push(outcome);
    }
    staging.commit()?;
    Ok(out)
}

/// Sends over SMTP: checks the server once, then each message with retries; records each success.
fn deliver(
    ctx: &Context,
    server: &smtp::Server,
    planned: &[Planned],
    record: &mut Record,
    path: &Path,
) -> Result<Vec<Outcome>> {
    let creds = smtp::credentials(
        std::env::var(smtp::USER_VAR).ok(),
        std::env::var(smtp::PASSWORD_VAR).ok(),
    )
    .map_err(Error::Other)?;
    let transport = smtp::transport(server, creds, ctx.a.insecure).map_err(Error::Other)?;
    if ctx.a.insecure {
        eprintln!(
            "warning: --insecure: the certificate of {server} is not verified; use this only with a local test server"
        );
    }
    let made = prepare(ctx, planned, record, std::time::SystemTime::now())?;
    let pending = made.iter().filter(|m| m.message.is_some()).count();
    let mut out = Vec::new();
    let reachable = if pending == 0 {
        Ok(())
    } else {
        smtp::check(&transport, ctx.a.retries, |n, e| {
            eprintln!(
                "retrying the connection to {server} ({e}); attempt {}",
                n + 1
            )
        })
    };
    if let Err(e) = &reachable {
        eprintln!("error: failed to connect to {server} ({e}); nothing was sent");
    }
    for Made {
        mut outcome,
        message,
    } in made
    {
        outcome.file = None;
        let Some(msg) = message else {
            out.push(outcome);
            continue;
        };
        if let Err(e) = &reachable {
            outcome.error = Some(format!(
                "not sent: the connection to the server failed ({e})"
            ));
            out.push(outcome);
            continue;
        }
        match smtp::send(&transport, &msg, ctx.a.retries, |n, e| {
            eprintln!(
                "retrying {} to {} ({e}); attempt {}",
                outcome.subject,
                outcome.to,
                n + 1
            )
        }) {
            Ok(()) => {
                outcome.status = Status::Sent;
                record.messages.push(record::Sent {
                    key: outcome.key.clone(),
                    message_id: outcome.message_id.clone(),
                    report: outcome.report.clone(),
                    to: outcome.to.clone(),
                    subject: outcome.subject.clone(),
                    sent_at: record::now_utc(),
                });
                record.save(path)?;
            }
            Err(e) => outcome.error = Some(e),
        }
        out.push(outcome);
    }
    Ok(out)
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
            (Status::Sent, _, _) => eprintln!("sent: {what} to {}", o.to),
            (Status::Written, _, Some(f)) => eprintln!("wrote: {what} to {} as {f}", o.to),
            (Status::AlreadySent, Some(e), _) => eprintln!("skipped: {what} to {} ({e})", o.to),
            (_, e, _) => {
                // The connection error is printed once above; do not repeat it per message.
                let e = e.as_deref().unwrap_or("unknown error");
                let e = match e.split_once(" (") {
                    Some((head, _)) if e.starts_with("not sent:") => head,
                    _ => e,
                };
                eprintln!("failed: {what} to {} ({e})", o.to)
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
    eprintln!("{line}");
}

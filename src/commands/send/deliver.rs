//! Making and delivering the messages of `maturity send`: every body rendered first (a template
//! error stops the run before anything goes out), then written as .eml files (dry run) or sent over
//! SMTP one by one, each success recorded at once.

use super::{Args, Planned, message, record, smtp};
use crate::recipients::{self, Recipients};
use crate::render::headline::{Manifest, Report};
use crate::util::date::Date;
use crate::util::error::{Error, Result};
use lettre::message::Mailbox;
use record::{Outcome, Record, Status};
use std::path::Path;

pub(super) struct Context<'a> {
    pub(super) a: &'a Args,
    pub(super) m: &'a Manifest,
    pub(super) r: &'a Recipients,
    pub(super) from: &'a Mailbox,
    pub(super) build: &'a str,
    pub(super) limit: usize,
    pub(super) templates: &'a message::Templates,
}

/// A message ready to be made, or why it cannot be.
struct Made {
    outcome: Outcome,
    message: Option<Pending>,
}

/// Everything of one message but its attachment, which is read when the message goes out (so a large
/// organisation's PDFs are never all in memory at once).
struct Pending {
    to: Mailbox,
    message_id: String,
    text: String,
    html: String,
    filename: String,
    pdf: std::path::PathBuf,
}

impl Pending {
    fn build(
        &self,
        ctx: &Context,
        subject: &str,
        date: std::time::SystemTime,
    ) -> std::result::Result<lettre::Message, String> {
        let pdf = std::fs::read(&self.pdf)
            .map_err(|e| format!("failed to read {} ({e})", self.pdf.display()))?;
        message::build(message::Parts {
            from: ctx.from,
            to: &self.to,
            subject,
            message_id: &self.message_id,
            date,
            text: self.text.clone(),
            html: self.html.clone(),
            filename: &self.filename,
            pdf,
        })
        .map_err(|e| e.to_string())
    }
}

/// Checks the PDF of a report: a regular file (a link in its place is not followed) within the size limit.
fn attachment(
    ctx: &Context,
    report: &Report,
) -> std::result::Result<(std::path::PathBuf, usize), String> {
    let path = ctx.a.reports.join(&report.pdf);
    let md = std::fs::symlink_metadata(&path)
        .map_err(|e| format!("failed to read {} ({e})", path.display()))?;
    if !md.is_file() {
        return Err(format!(
            "failed to read {} (not a regular file)",
            path.display()
        ));
    }
    let len = md.len() as usize;
    if len > ctx.limit {
        return Err(format!(
            "refused: {} is {:.1} MB, over the {} MB attachment limit (raise --max-attachment-mb, or send a link with `site_url`)",
            report.pdf,
            len as f64 / 1e6,
            ctx.a.max_attachment_mb
        ));
    }
    Ok((path, len))
}

/// Renders every message body first, so a template error stops the run before anything is sent.
fn prepare(ctx: &Context, planned: &[Planned], record: &Record) -> Result<Vec<Made>> {
    let mut out = Vec::new();
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
        let (path, size) = match attachment(ctx, report) {
            Ok(a) => a,
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
        let view = message::view(ctx.m, report, ctx.r.site_url.as_deref(), &filename, size);
        let (text, html) = ctx.templates.render(&view)?;
        outcome.file = Some(eml_name(&report.pdf, &to));
        out.push(Made {
            outcome,
            message: Some(Pending {
                to,
                message_id,
                text,
                html,
                filename,
                pdf: path,
            }),
        });
    }
    Ok(out)
}

/// Writes the messages as .eml files into the outbox (replaced as a whole); records nothing.
pub(super) fn dry_run(ctx: &Context, planned: &[Planned], record: &Record) -> Result<Vec<Outcome>> {
    // The build's date at midnight UTC: the same build gives the same files.
    let as_of = Date::parse(&ctx.m.as_of).expect("checked by manifest::parse");
    let date =
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(as_of.days().max(0) as u64 * 86_400);
    let made = prepare(ctx, planned, record)?;
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
        let file = outcome.file.take();
        if let (Some(pending), Some(file)) = (message, file) {
            match pending.build(ctx, &outcome.subject, date) {
                Ok(msg) => {
                    staging.write(&file, &msg.formatted())?;
                    outcome.status = Status::Written;
                    outcome.file = Some(outbox.join(file).display().to_string());
                }
                Err(e) => outcome.error = Some(e),
            }
        }
        out.push(outcome);
    }
    staging.commit()?;
    Ok(out)
}

/// Sends over SMTP: checks the server once, then each message with retries; records each success.
pub(super) fn deliver(
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
        say!(
            "warning: --insecure: the certificate of {server} is not verified; use this only with a local test server"
        );
    }
    let made = prepare(ctx, planned, record)?;
    let pending = made.iter().filter(|m| m.message.is_some()).count();
    let mut out = Vec::new();
    let reachable = if pending == 0 {
        Ok(())
    } else {
        smtp::check(&transport, ctx.a.retries, |n, e| {
            say!(
                "retrying the connection to {server} ({e}); attempt {}",
                n + 1
            )
        })
    };
    if let Err(e) = &reachable {
        say!("error: failed to connect to {server} ({e}); nothing was sent");
    }
    for Made {
        mut outcome,
        message,
    } in made
    {
        outcome.file = None;
        let Some(pending) = message else {
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
        let msg = match pending.build(ctx, &outcome.subject, std::time::SystemTime::now()) {
            Ok(m) => m,
            Err(e) => {
                outcome.error = Some(e);
                out.push(outcome);
                continue;
            }
        };
        match smtp::send(&transport, &msg, ctx.a.retries, |n, e| {
            say!(
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

/// `reports/teams/checkout.pdf` + `a@example.com` -> `teams-checkout--a@example.com.eml`.
pub(super) fn eml_name(pdf: &str, to: &Mailbox) -> String {
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

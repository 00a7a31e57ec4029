//! One e-mail of `maturity send`: the view model its templates see, the text and HTML bodies
//! rendered with tera (`templates/send/`, overridable by name), and the MIME message built with
//! lettre (text and HTML alternatives, the PDF attached), with a stable Message-ID and boundaries.

use crate::render::headline::{Headline, Manifest, Report};
use crate::util::error::{Error, Result};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, Message, MultiPart, SinglePart};
use serde::Serialize;
use std::collections::BTreeMap;
use std::hash::Hasher;

pub const TEXT_TEMPLATE: &str = "send/message.txt";
pub const HTML_TEMPLATE: &str = "send/message.html";
const TEXT: &str = include_str!("../../../templates/send/message.txt");
const HTML: &str = include_str!("../../../templates/send/message.html");

/// What the message templates see (documented in templates/README.md).
#[derive(Debug, Clone, Serialize)]
pub struct View<'a> {
    pub org: &'a str,
    pub as_of: &'a str,
    pub since: &'a str,
    pub catalog_version: &'a str,
    pub generator: &'a str,
    pub scope: Scope<'a>,
    pub headline: &'a Headline,
    /// The scope's page on the published site, or null without `site_url`.
    pub link: Option<String>,
    pub attachment: AttachmentInfo,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scope<'a> {
    /// `executive`, `group` or `team`.
    pub kind: &'a str,
    /// The group or team; empty for the executive summary.
    pub name: &'a str,
    pub title: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttachmentInfo {
    pub filename: String,
    /// e.g. `"182 KiB"`.
    pub size: String,
}

/// The message templates: built-in ones, replaced by the user's `send/message.txt` and
/// `send/message.html` where present. The text template is not HTML-escaped; the HTML one is.
pub struct Templates {
    tera: tera::Tera,
}

impl Templates {
    pub fn new(overrides: &BTreeMap<String, String>) -> Result<Templates> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        for (name, builtin) in [(TEXT_TEMPLATE, TEXT), (HTML_TEMPLATE, HTML)] {
            let source = overrides.get(name).map_or(builtin, String::as_str);
            tera.add_raw_template(name, source)
                .map_err(|e| Error::Template(format!("{name}: {e}")))?;
        }
        Ok(Templates { tera })
    }

    /// (text, html) for one view.
    pub fn render(&self, view: &View) -> Result<(String, String)> {
        let ctx = tera::Context::from_serialize(view)
            .map_err(|e| Error::Template(format!("{TEXT_TEMPLATE}: {e}")))?;
        let render = |name: &str| {
            self.tera
                .render(name, &ctx)
                .map_err(|e| Error::Template(format!("{name} for {}: {e}", view.scope.title)))
        };
        Ok((render(TEXT_TEMPLATE)?, render(HTML_TEMPLATE)?))
    }
}

pub fn view<'a>(
    m: &'a Manifest,
    r: &'a Report,
    site_url: Option<&str>,
    filename: &str,
    size: usize,
) -> View<'a> {
    View {
        org: &m.org,
        as_of: &m.as_of,
        since: &m.since,
        catalog_version: &m.catalog_version,
        generator: &m.generator,
        scope: Scope {
            kind: &r.kind,
            name: &r.name,
            title: &r.title,
        },
        headline: &r.headline,
        link: site_url.map(|u| format!("{u}{}", r.page)),
        attachment: AttachmentInfo {
            filename: filename.to_string(),
            size: size_text(size),
        },
    }
}

fn size_text(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// A 128-bit hex digest of the parts (SipHash 1-3 with fixed keys: stable across runs and
/// platforms; an identifier, not a security measure).
pub fn digest(parts: &[&str]) -> String {
    let mut h = siphasher::sip128::SipHasher13::new_with_keys(0x6d61_7475_7269_7479, 0x7365_6e64);
    for p in parts {
        h.write(p.as_bytes());
        h.write_u8(0xff);
    }
    use siphasher::sip128::Hasher128;
    format!("{:032x}", h.finish128().as_u128())
}

/// Everything one message is made of.
pub struct Parts<'a> {
    pub from: &'a Mailbox,
    pub to: &'a Mailbox,
    pub subject: &'a str,
    /// Without angle brackets.
    pub message_id: &'a str,
    pub date: std::time::SystemTime,
    pub text: String,
    pub html: String,
    pub filename: &'a str,
    pub pdf: Vec<u8>,
}

/// The MIME message: multipart/mixed of (multipart/alternative of text and HTML) and the PDF.
/// Boundaries derive from the Message-ID, so a dry run gives the same bytes every time.
pub fn build(p: Parts) -> Result<Message> {
    let boundary = |n: &str| format!("maturity-{}", digest(&[p.message_id, n]));
    let body = MultiPart::mixed()
        .boundary(boundary("mixed"))
        .multipart(
            MultiPart::alternative()
                .boundary(boundary("alternative"))
                .singlepart(SinglePart::plain(p.text))
                .singlepart(SinglePart::html(p.html)),
        )
        .singlepart(Attachment::new(p.filename.to_string()).body(
            p.pdf,
            ContentType::parse("application/pdf").expect("valid type"),
        ));
    Message::builder()
        .from(p.from.clone())
        .to(p.to.clone())
        .subject(p.subject)
        .message_id(Some(format!("<{}>", p.message_id)))
        .date(p.date)
        .user_agent(format!("maturity {}", env!("CARGO_PKG_VERSION")))
        .multipart(body)
        .map_err(|e| Error::Other(format!("failed to build the message to {} ({e})", p.to)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names from the input reach the subject; they must not add headers.
    #[test]
    fn subjects_cannot_inject_headers_and_ids_are_stable() {
        let from: Mailbox = "AppSec <a@example.com>".parse().unwrap();
        let to: Mailbox = "b@example.com".parse().unwrap();
        let id = format!("{}.1@example.com", digest(&["build", "team", "x"]));
        let msg = build(Parts {
            from: &from,
            to: &to,
            subject: "Team X\r\nBcc: evil@example.com",
            message_id: &id,
            date: std::time::UNIX_EPOCH,
            text: "text".into(),
            html: "<p>html</p>".into(),
            filename: "x.pdf",
            pdf: b"%PDF-1.7".to_vec(),
        })
        .unwrap();
        let bytes = String::from_utf8(msg.formatted()).unwrap();
        assert!(!bytes.contains("\r\nBcc:"), "{bytes}");
        assert_eq!(msg.envelope().to().len(), 1);
        assert!(bytes.contains(&format!("Message-ID: <{id}>")));
        assert_eq!(digest(&["a", "b"]), digest(&["a", "b"]));
        assert_ne!(digest(&["ab", ""]), digest(&["a", "b"]));
    }
}

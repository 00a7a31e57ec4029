//! The SMTP side of `maturity send`: the server URL (`smtps://`, `smtp://` with STARTTLS, or
//! `smtp://...?tls=none` without credentials), credentials from the environment only, a lettre
//! transport over rustls that verifies certificates unless `--insecure` (loopback only), and
//! delivery with retries and back-off for transient failures.

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use std::time::Duration;

pub const URL_VAR: &str = "MATURITY_SMTP_URL";
pub const USER_VAR: &str = "MATURITY_SMTP_USER";
pub const PASSWORD_VAR: &str = "MATURITY_SMTP_PASSWORD";
/// How long one SMTP command may take before the attempt counts as failed.
const TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte (`smtps://`, port 465 by default).
    Tls,
    /// STARTTLS, required (`smtp://`, port 587 by default).
    StartTls,
    /// No encryption (`smtp://host:25?tls=none`); refused together with credentials.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub security: Security,
}

impl std::fmt::Display for Server {
    /// The server without anything secret, e.g. `smtps://mail.example.com:465`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = if self.security == Security::Tls {
            "smtps"
        } else {
            "smtp"
        };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        write!(f, "{scheme}://{host}:{}", self.port)?;
        if self.security == Security::None {
            f.write_str("?tls=none")?;
        }
        Ok(())
    }
}

/// Parses a server URL. Messages never repeat the URL itself (it might hold a password).
pub fn parse_url(text: &str) -> Result<Server, String> {
    let url = url::Url::parse(text.trim()).map_err(|e| {
        format!("failed to parse the SMTP URL ({e}); write smtps://host:465 or smtp://host:587")
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "the SMTP URL must not contain credentials; set {USER_VAR} and {PASSWORD_VAR} instead"
        ));
    }
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or("the SMTP URL has no host; write smtps://host:465 or smtp://host:587")?
        .trim_matches(['[', ']'])
        .to_string();
    let mut tls = None;
    for (k, v) in url.query_pairs() {
        match (k.as_ref(), v.as_ref()) {
            ("tls", "none" | "required") => tls = Some(v.to_string()),
            _ => {
                return Err(format!(
                    "unknown SMTP URL parameter `{k}`; only `tls=none` (plain smtp://) is known"
                ));
            }
        }
    }
    let (security, port) = match (url.scheme(), tls.as_deref()) {
        ("smtps", None) => (Security::Tls, 465),
        ("smtp", None | Some("required")) => (Security::StartTls, 587),
        ("smtp", Some("none")) => (Security::None, 25),
        ("smtps", Some(_)) => {
            return Err("`tls=` is for smtp:// URLs; smtps:// is always TLS".into());
        }
        (s, _) => {
            return Err(format!(
                "unknown SMTP URL scheme `{s}`; write smtps://host:465 (TLS) or smtp://host:587 (STARTTLS)"
            ));
        }
    };
    Ok(Server {
        host,
        port: url.port().unwrap_or(port),
        security,
    })
}

/// Credentials from MATURITY_SMTP_USER and MATURITY_SMTP_PASSWORD: both or neither.
pub fn credentials(
    user: Option<String>,
    password: Option<String>,
) -> Result<Option<Credentials>, String> {
    match (
        user.filter(|u| !u.is_empty()),
        password.filter(|p| !p.is_empty()),
    ) {
        (Some(u), Some(p)) => Ok(Some(Credentials::new(u, p))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(format!(
            "{USER_VAR} is set but {PASSWORD_VAR} is not; set both or neither"
        )),
        (None, Some(_)) => Err(format!(
            "{PASSWORD_VAR} is set but {USER_VAR} is not; set both or neither"
        )),
    }
}

/// True for hosts `--insecure` may be used with: a test server on this machine.
pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

pub fn transport(
    server: &Server,
    credentials: Option<Credentials>,
    insecure: bool,
) -> Result<SmtpTransport, String> {
    if credentials.is_some() && server.security == Security::None {
        return Err(format!(
            "refusing to send credentials to {server} without TLS; use smtps:// or smtp:// with STARTTLS"
        ));
    }
    if insecure && !is_loopback(&server.host) {
        return Err(format!(
            "--insecure is only for a test server on this machine (localhost, 127.0.0.1, ::1), not {}",
            server.host
        ));
    }
    let params = || {
        TlsParameters::builder(server.host.clone())
            .dangerous_accept_invalid_certs(insecure)
            .build_rustls()
            .map_err(|e| format!("failed to set up TLS ({e})"))
    };
    let tls = match server.security {
        Security::Tls => Tls::Wrapper(params()?),
        Security::StartTls => Tls::Required(params()?),
        Security::None => Tls::None,
    };
    let mut b = SmtpTransport::builder_dangerous(server.host.clone())
        .port(server.port)
        .tls(tls)
        .timeout(Some(TIMEOUT));
    if let Some(c) = credentials {
        b = b.credentials(c);
    }
    Ok(b.build())
}

/// Retries after a transient failure: waits `BACKOFF_SECS[i]` seconds before attempt i + 2.
pub const BACKOFF_SECS: &[u64] = &[1, 3];

/// Whether another attempt may help: not for rejections (5xx), TLS or message errors, nor for a
/// certificate the client refused (an I/O error of kind `InvalidData` from the TLS layer).
fn transient(e: &lettre::transport::smtp::Error) -> bool {
    !(e.is_permanent() || e.is_tls() || e.is_client() || certificate_refused(e))
}

fn certificate_refused(e: &lettre::transport::smtp::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(c) = source {
        if let Some(io) = c.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::InvalidData
        {
            return true;
        }
        source = c.source();
    }
    false
}

/// Runs `attempt` until it succeeds, fails permanently, or `retries` back-offs are used up;
/// `on_retry(n, error)` is told before each wait. Returns the last error's text.
pub fn with_retries<T>(
    retries: usize,
    mut attempt: impl FnMut() -> Result<T, lettre::transport::smtp::Error>,
    mut on_retry: impl FnMut(usize, &str),
) -> Result<T, String> {
    let mut n = 0;
    loop {
        match attempt() {
            Ok(v) => return Ok(v),
            Err(e) if n < retries && transient(&e) => {
                on_retry(n + 1, &describe(&e));
                let secs = BACKOFF_SECS[n.min(BACKOFF_SECS.len() - 1)];
                std::thread::sleep(Duration::from_secs(secs));
                n += 1;
            }
            Err(e) => return Err(describe(&e)),
        }
    }
}

/// Checks that the server can be reached and accepts the TLS setup and credentials.
pub fn check(
    t: &SmtpTransport,
    retries: usize,
    on_retry: impl FnMut(usize, &str),
) -> Result<(), String> {
    with_retries(retries, || t.test_connection(), on_retry).and_then(|ok| {
        ok.then_some(())
            .ok_or_else(|| "the server closed the connection".to_string())
    })
}

pub fn send(
    t: &SmtpTransport,
    m: &Message,
    retries: usize,
    on_retry: impl FnMut(usize, &str),
) -> Result<(), String> {
    with_retries(retries, || t.send(m), on_retry).map(|_| ())
}

/// lettre's error with its causes, e.g. `permanent error (550): no such user`.
fn describe(e: &lettre::transport::smtp::Error) -> String {
    let mut s = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(c) = source {
        let text = c.to_string();
        if !s.contains(&text) {
            s.push_str(": ");
            s.push_str(&text);
        }
        source = c.source();
    }
    if certificate_refused(e) {
        s.push_str("; the server's certificate is not trusted: add its CA to the system's certificates (or use --insecure with a local test server)");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_parsed_safely() {
        let ok = [
            ("smtps://mail.example.com", "smtps://mail.example.com:465"),
            ("smtp://mail.example.com", "smtp://mail.example.com:587"),
            ("smtp://127.0.0.1:2525", "smtp://127.0.0.1:2525"),
            ("smtp://relay:25?tls=none", "smtp://relay:25?tls=none"),
            ("smtp://[::1]:2525", "smtp://[::1]:2525"),
        ];
        for (url, shown) in ok {
            assert_eq!(parse_url(url).unwrap().to_string(), shown, "{url}");
        }
        let bad = [
            (
                "smtps://user:secret@mail.example.com",
                "must not contain credentials",
            ),
            ("http://mail.example.com", "unknown SMTP URL scheme"),
            (
                "smtp://mail.example.com?tls=maybe",
                "unknown SMTP URL parameter",
            ),
            ("mail.example.com", "failed to parse"),
        ];
        for (url, msg) in bad {
            let e = parse_url(url).unwrap_err();
            assert!(e.contains(msg), "{url}: {e}");
            assert!(!e.contains("secret"), "{e}");
        }
    }

    #[test]
    fn credentials_come_in_pairs_and_insecure_is_loopback_only() {
        assert!(
            credentials(Some("u".into()), Some("p".into()))
                .unwrap()
                .is_some()
        );
        assert!(credentials(None, None).unwrap().is_none());
        assert!(credentials(Some("u".into()), None).is_err());
        assert!(is_loopback("127.0.0.1") && is_loopback("::1") && is_loopback("localhost"));
        assert!(!is_loopback("mail.example.com"));
        let remote = parse_url("smtps://mail.example.com").unwrap();
        assert!(
            transport(&remote, None, true)
                .unwrap_err()
                .contains("--insecure")
        );
        let plain = parse_url("smtp://relay?tls=none").unwrap();
        let c = credentials(Some("u".into()), Some("p".into())).unwrap();
        assert!(
            transport(&plain, c, false)
                .unwrap_err()
                .contains("without TLS")
        );
    }
}

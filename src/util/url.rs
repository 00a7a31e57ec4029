//! Which link targets from the input may become clickable, in the site, the PDFs and the checks of
//! `validate`.

/// True for link targets that may become clickable (site and PDF): http, https and mailto, without
/// control characters.
pub fn safe_url(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    (u.starts_with("https://") || u.starts_with("http://") || u.starts_with("mailto:"))
        && !url.chars().any(char::is_control)
}

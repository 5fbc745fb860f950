//! Where messages go: an SMTP server (lettre), or `.eml` files under the data
//! directory when no server is configured.

use std::path::PathBuf;
use std::time::Duration;

use lettre::{Message, SmtpTransport, Transport as _};

/// How long one SMTP conversation may take before it counts as a failure
/// to retry: well under the outbox's lease.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

pub enum Transport {
    Smtp(Box<SmtpTransport>),
    Files(PathBuf),
}

/// Why a message was not sent: worth trying again later, or never.
#[derive(Debug)]
pub enum SendError {
    Transient(String),
    Permanent(String),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Transient(e) => write!(f, "will retry: {e}"),
            SendError::Permanent(e) => write!(f, "refused: {e}"),
        }
    }
}

/// The URL lettre should see. Ours is stricter by default: `smtp://` means
/// STARTTLS is required (lettre's plain `smtp://` sends in clear text), and
/// clear text must be asked for with `?tls=none` (for a local relay).
fn lettre_url(url: &str) -> anyhow::Result<String> {
    let mut parsed = url::Url::parse(url.trim())
        .map_err(|e| anyhow::anyhow!("FIXLOOP_SMTP_URL is not a URL ({e})"))?;
    match parsed.scheme() {
        "smtps" => return Ok(parsed.to_string()),
        "smtp" => {}
        other => {
            anyhow::bail!("FIXLOOP_SMTP_URL must start with smtp:// or smtps://, not {other}://")
        }
    }
    let tls = parsed
        .query_pairs()
        .find(|(k, _)| k == "tls")
        .map(|(_, v)| v.into_owned());
    let others: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| k != "tls")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let tls = match tls.as_deref() {
        None | Some("required") => Some("required"),
        Some("opportunistic") => Some("opportunistic"),
        Some("none") => None,
        Some(other) => anyhow::bail!(
            "FIXLOOP_SMTP_URL: tls={other} is not one of required, opportunistic, none"
        ),
    };
    parsed.set_query(None);
    {
        let mut query = parsed.query_pairs_mut();
        for (k, v) in &others {
            query.append_pair(k, v);
        }
        if let Some(tls) = tls {
            query.append_pair("tls", tls);
        }
    }
    if parsed.query() == Some("") {
        parsed.set_query(None);
    }
    Ok(parsed.to_string())
}

impl Transport {
    pub fn from_config(smtp_url: Option<&str>, mail_dir: PathBuf) -> anyhow::Result<Transport> {
        match smtp_url.map(str::trim).filter(|u| !u.is_empty()) {
            None => Ok(Transport::Files(mail_dir)),
            Some(url) => {
                let transport = SmtpTransport::from_url(&lettre_url(url)?)
                    .map_err(|e| anyhow::anyhow!("FIXLOOP_SMTP_URL: {e}"))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build();
                Ok(Transport::Smtp(Box::new(transport)))
            }
        }
    }

    /// "smtp" or "files", for `/healthz`.
    pub fn kind(&self) -> &'static str {
        match self {
            Transport::Smtp(_) => "smtp",
            Transport::Files(_) => "files",
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(_) => "smtp".to_owned(),
            Transport::Files(dir) => format!("files in {}", dir.display()),
        }
    }

    /// Sends one message (blocking: call it off the async workers). `name` is
    /// the file name a file transport writes it to, the same on every retry.
    pub fn send(&self, message: &Message, name: &str) -> Result<(), SendError> {
        match self {
            Transport::Smtp(smtp) => smtp.send(message).map(|_| ()).map_err(|e| {
                if e.is_permanent() {
                    SendError::Permanent(e.to_string())
                } else {
                    SendError::Transient(e.to_string())
                }
            }),
            Transport::Files(dir) => write_file(dir, name, &message.formatted())
                .map_err(|e| SendError::Transient(format!("writing {}: {e}", dir.display()))),
        }
    }
}

/// Written whole or not at all: a temporary file renamed into place.
fn write_file(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let partial = dir.join(format!(".{name}.partial"));
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, dir.join(name))
}

#[cfg(test)]
mod tests {
    use super::lettre_url;

    #[test]
    fn smtp_urls_require_starttls_unless_told_otherwise() {
        assert_eq!(
            lettre_url("smtp://user:pass@mail.example.com:587").unwrap(),
            "smtp://user:pass@mail.example.com:587?tls=required"
        );
        assert_eq!(
            lettre_url("smtp://relay:25?tls=none").unwrap(),
            "smtp://relay:25"
        );
        assert_eq!(
            lettre_url("smtp://h:25?tls=opportunistic").unwrap(),
            "smtp://h:25?tls=opportunistic"
        );
        assert_eq!(
            lettre_url("smtps://u:p@mail.example.com").unwrap(),
            "smtps://u:p@mail.example.com"
        );
        assert!(lettre_url("http://mail.example.com").is_err());
        assert!(lettre_url("smtp://h?tls=maybe").is_err());
    }
}

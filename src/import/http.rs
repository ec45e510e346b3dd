//! The only network code in confsched: JSON over HTTP(S) with a timeout
//! and a user agent, for the pretalx importer.
//!
//! In: a URL, an optional token, a timeout. Out: the parsed JSON, or an
//! [`ImportError::Network`] that says what went wrong in the user's terms
//! (wrong token, no such page, host unreachable, timeout). ureq, blocking,
//! with rustls (no OpenSSL).

use std::time::Duration;

use serde_json::Value;

use super::ImportError;

/// The largest answer read (a page of a big event is well under 1 MB).
const MAX_BODY: u64 = 64 * 1024 * 1024;

/// A client for one host.
pub struct Client {
    agent: ureq::Agent,
    token: Option<String>,
    timeout: u64,
}

/// The user agent sent with every request.
pub fn user_agent() -> String {
    format!(
        "confsched/{} (+conference timetables; import)",
        env!("CARGO_PKG_VERSION")
    )
}

impl Client {
    /// A client with a timeout for each whole request.
    pub fn new(token: Option<String>, timeout_secs: u64) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(timeout_secs.max(1))))
            .user_agent(user_agent())
            .http_status_as_error(false)
            .build();
        Client {
            agent: config.into(),
            token,
            timeout: timeout_secs,
        }
    }

    /// GETs `url` and parses it as JSON; `what` names the thing for
    /// messages ("event `democon`").
    pub fn get_json(&self, url: &str, what: &str) -> Result<Value, ImportError> {
        let mut req = self.agent.get(url).header("Accept", "application/json");
        if let Some(t) = &self.token {
            req = req.header("Authorization", format!("Token {t}"));
        }
        let mut resp = req.call().map_err(|e| self.transport_error(url, &e))?;
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(|e| self.transport_error(url, &e))?;
        match status {
            200..=299 => serde_json::from_str(&body).map_err(|e| {
                ImportError::Network(format!(
                    "error: {url} did not answer with JSON ({e})\n  hint: is `--url` the pretalx instance's address?"
                ))
            }),
            401 | 403 => Err(ImportError::Network(format!(
                "error: pretalx refused the token for {what} (HTTP {status}{})\n  hint: create a token under your pretalx user's settings (API access) and pass it in $PRETALX_TOKEN or with `--token-file`",
                detail(&body)
            ))),
            404 => Err(ImportError::Network(format!(
                "error: {what} was not found at {url} (HTTP 404)\n  hint: check `--event` (the event's short name in its URLs) and `--url`"
            ))),
            _ => Err(ImportError::Network(format!(
                "error: {url} answered HTTP {status}{}",
                detail(&body)
            ))),
        }
    }

    fn transport_error(&self, url: &str, e: &ureq::Error) -> ImportError {
        let text = e.to_string();
        let msg = match e {
            ureq::Error::Timeout(_) => format!(
                "error: no answer from {url} within {} s (timeout)\n  hint: try again, or allow longer with `--timeout`",
                self.timeout
            ),
            ureq::Error::HostNotFound => {
                format!("error: cannot reach {url}: the host name is not known")
            }
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => format!(
                "error: no answer from {url} within {} s (timeout)\n  hint: try again, or allow longer with `--timeout`",
                self.timeout
            ),
            ureq::Error::Io(_) | ureq::Error::ConnectionFailed => {
                format!(
                    "error: cannot reach {url}: {text}\n  hint: check `--url` and that the server is up"
                )
            }
            _ => format!("error: request to {url} failed: {text}"),
        };
        ImportError::Network(msg)
    }
}

/// `: "detail"` from a JSON error body, if any.
fn detail(body: &str) -> String {
    serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| v.get("detail").and_then(Value::as_str).map(str::to_string))
        .map(|d| format!(": {d}"))
        .unwrap_or_default()
}

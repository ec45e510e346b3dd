//! The live pretalx REST API of one event to a [`Draft`].
//!
//! Fetches `GET /api/events/{event}/`, then every page of `submissions/`
//! (accepted and confirmed, speakers, tracks and types expanded where the
//! API supports it), `speakers/`, `rooms/` and, for `--audience
//! reviews:F`, `reviews/`; [`super::pretalx_json`] does the rest. With
//! `save_dir`, the answers are also written there as a folder that
//! `confsched import pretalx-json` reads.

use serde_json::Value;

use super::http::Client;
use super::pretalx_json::{self, Responses};
use super::{AudienceSource, Draft, ImportError, Options};

/// Pages followed at most per endpoint (a guard against a loop).
const MAX_PAGES: usize = 10_000;

/// Reads the event from the API.
pub fn read(opts: &Options) -> Result<Draft, ImportError> {
    let usage = |m: &str| ImportError::Usage(m.to_string());
    let base = opts
        .url
        .as_deref()
        .ok_or_else(|| usage("`confsched import pretalx` needs `--url` (the pretalx instance, such as https://pretalx.com)"))?
        .trim_end_matches('/');
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(usage("`--url` must start with http:// or https://"));
    }
    let event = opts.event.as_deref().ok_or_else(|| {
        usage("`confsched import pretalx` needs `--event` (the event's short name in its URLs)")
    })?;
    if event.is_empty()
        || !event
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
    {
        return Err(usage(
            "`--event` must be the event's short name, as in its URLs",
        ));
    }
    let client = Client::new(opts.token.clone(), opts.timeout_secs);
    let api = format!("{base}/api/events/{event}/");
    let what = format!("event `{event}`");
    let ev = client.get_json(&api, &what)?;
    let limit = opts
        .page_size
        .map(|n| format!("&limit={n}"))
        .unwrap_or_default();
    let mut r = Responses {
        event: ev,
        ..Responses::default()
    };
    r.submissions = pages(
        &client,
        &format!(
            "{api}submissions/?state=accepted&state=confirmed&expand=speakers,track,submission_type{limit}"
        ),
        &what,
    )?;
    r.speakers = pages(
        &client,
        &format!("{api}speakers/?expand=availabilities{limit}"),
        &what,
    )?;
    r.rooms = pages(
        &client,
        &format!("{api}rooms/?expand=availabilities{limit}"),
        &what,
    )?;
    if matches!(opts.audience, AudienceSource::Reviews(_)) {
        r.reviews = Some(pages(&client, &format!("{api}reviews/?x=1{limit}"), &what)?);
    }
    if r.submissions.is_empty() {
        return Err(ImportError::Source(format!(
            "pretalx lists no accepted or confirmed submissions for {what}\n  hint: the token's user needs organiser access to the event's submissions; a token without it sees none"
        )));
    }
    if let Some(dir) = &opts.save_dir {
        save(dir, &r)?;
    }
    pretalx_json::convert(&r, opts, &format!("the pretalx API at {api}"))
}

/// Every item of a paginated endpoint. pretalx's `next` links are
/// followed by their query only, always on the given host.
fn pages(client: &Client, first: &str, what: &str) -> Result<Vec<Value>, ImportError> {
    let (endpoint, _) = first.split_once('?').unwrap_or((first, ""));
    let mut url = first.to_string();
    let mut out = Vec::new();
    for _ in 0..MAX_PAGES {
        let v = client.get_json(&url, what)?;
        let next = v
            .get("next")
            .and_then(Value::as_str)
            .and_then(|n| n.split_once('?').map(|(_, q)| q.to_string()));
        out.extend(
            pretalx_json::results(v)
                .map_err(|m| ImportError::Network(format!("error: {url} {m}")))?,
        );
        match next {
            Some(q) => url = format!("{endpoint}?{q}"),
            None => return Ok(out),
        }
    }
    Err(ImportError::Network(format!(
        "error: {first} has more than {MAX_PAGES} pages"
    )))
}

/// Writes the answers as a `pretalx-json` folder.
fn save(dir: &str, r: &Responses) -> Result<(), ImportError> {
    let fail = |e: std::io::Error| {
        ImportError::Usage(format!(
            "cannot write `{dir}`: {}",
            crate::problem::io_reason(&e)
        ))
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut files: Vec<(&str, Value)> = vec![
        ("event", r.event.clone()),
        ("submissions", Value::Array(r.submissions.clone())),
        ("speakers", Value::Array(r.speakers.clone())),
        ("rooms", Value::Array(r.rooms.clone())),
    ];
    if let Some(rv) = &r.reviews {
        files.push(("reviews", Value::Array(rv.clone())));
    }
    for (name, v) in files {
        let mut text = serde_json::to_string_pretty(&v).expect("JSON values serialise");
        text.push('\n');
        std::fs::write(std::path::Path::new(dir).join(format!("{name}.json")), text)
            .map_err(fail)?;
    }
    Ok(())
}

//! Positions in JSON files (timetables, baselines): where a borrowed part
//! of the text starts, where serde_json's line and column are, and its
//! messages without Rust type names.
//!
//! In: the text and serde_json's values and errors. Out: byte offsets for
//! diagnostics, and plain messages.

/// Where a borrowed slice of `text` starts in it.
pub fn start_of(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .checked_sub(text.as_ptr() as usize)
        .filter(|&i| i <= text.len())
        .unwrap_or(0)
}

/// The byte offset of a 1-based line and column (in characters).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// Where serde_json's error is, as a byte offset into `text`.
pub fn error_offset(text: &str, e: &serde_json::Error) -> usize {
    offset_of(text, e.line(), e.column())
}

/// serde_json's message without its position, with each Rust type name
/// (`struct InTimetable`) replaced by words (`a timetable object`).
pub fn plain_message(e: &serde_json::Error, names: &[(&str, &str)]) -> String {
    let msg = e.to_string();
    let mut msg = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    for (rust, words) in names {
        msg = msg.replace(rust, words);
    }
    msg.replace("a borrowed string", "a string")
}

/// Where `"key"` is first written in `text` within `within`, or the start
/// of `within` when it is not.
pub fn key_span(text: &str, within: &std::ops::Range<usize>, key: &str) -> std::ops::Range<usize> {
    let needle = format!("\"{key}\"");
    let from = within.start.min(text.len());
    let end = within.end.max(from).min(text.len());
    match text[from..end].find(&needle) {
        Some(i) => from + i..from + i + needle.len(),
        None => from..from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters_within_a_line() {
        let text = "{\n  \"é\": 1,\n  \"x\": 2\n}";
        assert_eq!(&text[offset_of(text, 3, 3)..], "\"x\": 2\n}");
        assert_eq!(&text[offset_of(text, 2, 5)..], "\": 1,\n  \"x\": 2\n}");
    }

    #[test]
    fn a_key_is_found_only_within_its_range() {
        let text = r#"{"a": {"room": 1}, "b": {"day": 2}}"#;
        let b = text.find("{\"day").unwrap()..text.len();
        assert_eq!(&text[key_span(text, &b, "day")], "\"day\"");
        assert_eq!(key_span(text, &b, "room"), b.start..b.start);
    }
}

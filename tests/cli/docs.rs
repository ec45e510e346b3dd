//! docs/problem-format.md describes every key the reader accepts, and
//! nothing else; its complete examples parse.

use std::collections::BTreeSet;

use confsched::problem::raw::{BREAK_KEYS, FIXED_KEYS, TABLES, TOP_KEYS};

use crate::support::root;

fn doc() -> String {
    std::fs::read_to_string(root().join("docs/problem-format.md")).expect("docs/problem-format.md")
}

/// The text of the section under `### `heading`...` up to the next heading.
fn section<'a>(doc: &'a str, heading: &str) -> Option<&'a str> {
    let start = doc.find(&format!("\n### `{heading}`"))? + 1;
    let body = &doc[start..];
    let end = body[4..].find("\n#").map_or(body.len(), |i| i + 4);
    Some(&body[..end])
}

/// The keys in the first column of a section's tables (`| `key` | ...`).
fn documented(section: &str) -> BTreeSet<String> {
    section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`'))
        .map(|(key, _)| key.to_string())
        .filter(|key| key.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect()
}

#[test]
fn the_format_documentation_describes_every_key_and_no_other() {
    let doc = doc();
    for (table, keys) in TABLES {
        if matches!(table, "the top level" | "a break" | "fixed") {
            continue;
        }
        let sec = section(&doc, table).unwrap_or_else(|| panic!("no section for {table}"));
        let mut want: BTreeSet<String> = keys.iter().map(|k| (*k).to_string()).collect();
        // Breaks are documented within `[[days]]`, `fixed` within `[[talks]]`.
        let extra: &[&str] = match table {
            "[[days]]" => &BREAK_KEYS,
            "[[talks]]" => &FIXED_KEYS,
            _ => &[],
        };
        want.extend(extra.iter().map(|k| (*k).to_string()));
        assert_eq!(documented(sec), want, "docs/problem-format.md, {table}");
    }
    // One section per top-level table.
    for key in TOP_KEYS {
        let heading = if matches!(key, "event" | "objective" | "replan" | "interest") {
            format!("[{key}]")
        } else {
            format!("[[{key}]]")
        };
        assert!(
            section(&doc, &heading).is_some(),
            "no section for {heading}"
        );
    }
}

#[test]
fn every_toml_example_in_the_format_documentation_is_read_without_unknown_keys() {
    // Each example is a fragment; wrapping it in a minimal problem would
    // need its ids, so this checks what a fragment can show: it is TOML,
    // and every table and key in it is one the reader knows.
    let doc = doc();
    let mut seen = 0;
    for block in doc.split("```toml\n").skip(1) {
        let text = &block[..block.find("\n```").expect("closing fence")];
        let value: toml::Table = toml::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        for (table, body) in &value {
            assert!(TOP_KEYS.contains(&table.as_str()), "{table} in\n{text}");
            let keys = TABLES
                .iter()
                .find(|(name, _)| name.trim_matches(['[', ']']) == table)
                .map(|(_, k)| *k)
                .expect("a table of the format");
            let entries: Vec<&toml::Table> = match body {
                toml::Value::Array(a) => a.iter().filter_map(toml::Value::as_table).collect(),
                toml::Value::Table(t) => vec![t],
                _ => panic!("{table} is neither a table nor a list of tables"),
            };
            for entry in entries {
                for key in entry.keys() {
                    assert!(keys.contains(&key.as_str()), "{table}.{key} in\n{text}");
                }
            }
        }
        seen += 1;
    }
    assert!(seen >= 9, "{seen} examples");
}

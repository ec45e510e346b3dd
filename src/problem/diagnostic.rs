//! Input errors with positions, and their two renderings.
//!
//! In: diagnostics collected while reading a problem (a byte span, a message,
//! an optional label and hint). Out: text, either the human form
//! (`error: ...` with `path:line:col`, the source line and carets, rendered
//! by codespan-reporting) or the short form, one `path:line:col: message`
//! line per error. Diagnostics are sorted by position before rendering.

use std::fmt;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

/// One problem in an input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte range of the offending text.
    pub span: Range<usize>,
    /// What is wrong, lowercase, names in backticks.
    pub message: String,
    /// A short note under the carets.
    pub label: Option<String>,
    /// How to fix it ("did you mean `capacity`?").
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at `span`.
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            span,
            message: message.into(),
            label: None,
            hint: None,
        }
    }
    /// Adds a label under the carets.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// How to print diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DiagnosticFormat {
    /// Message, position, source line and carets.
    #[default]
    Human,
    /// One `path:line:col: message` line each.
    Short,
}

/// Everything wrong with one input file.
#[derive(Clone, Debug)]
pub struct InputError {
    /// The path as the user gave it.
    pub path: String,
    /// The file's text ("" when it could not be read).
    pub source: String,
    /// What is wrong; empty when `file_message` says it.
    pub diagnostics: Vec<Diagnostic>,
    /// A problem with the file as a whole (missing, unreadable, not UTF-8).
    pub file_message: Option<String>,
}

impl InputError {
    /// An error about the file itself, with no position.
    pub fn file(path: &str, message: impl Into<String>) -> Self {
        InputError {
            path: path.to_string(),
            source: String::new(),
            diagnostics: Vec::new(),
            file_message: Some(message.into()),
        }
    }

    /// Errors at positions in `source`, sorted by position.
    pub fn at(path: &str, source: &str, mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.message).cmp(&(b.span.start, b.span.end, &b.message))
        });
        diagnostics.dedup();
        InputError {
            path: path.to_string(),
            source: source.to_string(),
            diagnostics,
            file_message: None,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.source, offset)
    }

    /// Renders every diagnostic in the chosen format.
    pub fn render(&self, format: DiagnosticFormat) -> String {
        if let Some(message) = &self.file_message {
            return format!("error: {}: {message}\n", self.path);
        }
        let mut out = String::new();
        match format {
            DiagnosticFormat::Short => {
                for d in &self.diagnostics {
                    let (line, col) = self.line_col(d.span.start);
                    out.push_str(&format!("{}:{line}:{col}: {}\n", self.path, d.message));
                }
            }
            DiagnosticFormat::Human => {
                let file = SimpleFile::new(self.path.as_str(), self.source.as_str());
                let config = Config::default();
                for d in &self.diagnostics {
                    let span = clamp_span(&self.source, d.span.clone());
                    let mut label = Label::primary((), span);
                    if let Some(text) = &d.label {
                        label = label.with_message(text);
                    }
                    let mut cs = CsDiagnostic::error()
                        .with_message(&d.message)
                        .with_labels(vec![label]);
                    if let Some(hint) = &d.hint {
                        cs = cs.with_notes(vec![format!("help: {hint}")]);
                    }
                    out.push_str(&term::emit_into_string(&config, &file, &cs).unwrap_or_default());
                }
                let n = self.diagnostics.len();
                if n > 1 {
                    out.push_str(&format!("error: {n} problems in {}\n", self.path));
                }
            }
        }
        out
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(DiagnosticFormat::Short))
    }
}

impl std::error::Error for InputError {}

/// Keeps a span inside the text and on character boundaries.
fn clamp_span(source: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(source.len());
    let mut end = span.end.clamp(start, source.len());
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    while !source.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = clamp_span(source, offset..offset).start;
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

/// "did you mean `x`?" for the closest of `candidates`, if close enough.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The candidate closest to `word`, if close enough to suggest.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase());
        if score > 0.8 && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "a = 1\n제목 = 2\n";
        assert_eq!(line_col(src, 0), (1, 1));
        let off = src.find('2').unwrap();
        assert_eq!(line_col(src, off), (2, 6));
    }

    #[test]
    fn suggestions_pick_the_closest_key() {
        let keys = ["capacity", "building", "features"];
        assert_eq!(
            did_you_mean("capcity", keys).as_deref(),
            Some("did you mean `capacity`?")
        );
        assert_eq!(did_you_mean("zzz", keys), None);
    }

    #[test]
    fn short_format_is_one_line_per_error() {
        let src = "x = 1\ny = 2\n";
        let e = InputError::at(
            "p.toml",
            src,
            vec![
                Diagnostic::new(6..7, "second"),
                Diagnostic::new(0..1, "first"),
            ],
        );
        assert_eq!(
            e.render(DiagnosticFormat::Short),
            "p.toml:1:1: first\np.toml:2:1: second\n"
        );
        let human = e.render(DiagnosticFormat::Human);
        assert!(human.contains("p.toml:1:1"), "{human}");
        assert!(human.contains("^"), "{human}");
    }
}

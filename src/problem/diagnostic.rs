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
use codespan_reporting::term::{self, Config};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be used.
    #[default]
    Error,
    /// The input can be used, but something looks wrong; never changes the
    /// exit code.
    Warning,
}

/// One problem in an input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
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
            severity: Severity::Error,
            span,
            message: message.into(),
            label: None,
            hint: None,
        }
    }
    /// A warning at `span`.
    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::new(span, message)
        }
    }

    /// Whether it is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
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
    /// Errors in files this one names (a problem's interest CSV), shown
    /// after its own.
    pub also: Vec<InputError>,
}

impl InputError {
    /// An error about the file itself, with no position.
    pub fn file(path: &str, message: impl Into<String>) -> Self {
        InputError {
            path: path.to_string(),
            source: String::new(),
            diagnostics: Vec::new(),
            file_message: Some(message.into()),
            also: Vec::new(),
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
            also: Vec::new(),
        }
    }

    /// Whether anything in this file or the files it names is an error.
    pub fn has_errors(&self) -> bool {
        self.file_message.is_some()
            || self.diagnostics.iter().any(Diagnostic::is_error)
            || self.also.iter().any(InputError::has_errors)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.source, offset)
    }

    /// Renders every diagnostic in the chosen format, then those of the
    /// files this one names.
    pub fn render(&self, format: DiagnosticFormat) -> String {
        let mut out = self.render_own(format);
        for other in &self.also {
            out.push_str(&other.render(format));
        }
        out
    }

    fn render_own(&self, format: DiagnosticFormat) -> String {
        if let Some(message) = &self.file_message {
            return format!("error: {}: {}\n", printable(&self.path), printable(message));
        }
        let mut out = String::new();
        match format {
            DiagnosticFormat::Short => {
                for d in &self.diagnostics {
                    let (line, col) = self.line_col(d.span.start);
                    let kind = if d.is_error() { "" } else { "warning: " };
                    out.push_str(&format!(
                        "{}:{line}:{col}: {kind}{}\n",
                        printable(&self.path),
                        printable(&d.message)
                    ));
                }
            }
            DiagnosticFormat::Human => {
                let config = Config::default();
                for d in &self.diagnostics {
                    let span = clamp_span(&self.source, d.span.clone());
                    // A very long line is shown as a window around the caret.
                    let file = Window::new(&self.path, &self.source, &span);
                    let span = file.shown(&span);
                    let mut label = Label::primary((), span);
                    if let Some(text) = &d.label {
                        label = label.with_message(printable(text));
                    }
                    let cs = match d.severity {
                        Severity::Error => CsDiagnostic::error(),
                        Severity::Warning => CsDiagnostic::warning(),
                    };
                    let mut cs = cs
                        .with_message(printable(&d.message))
                        .with_labels(vec![label]);
                    if let Some(hint) = &d.hint {
                        cs = cs.with_notes(vec![format!("help: {}", printable(hint))]);
                    }
                    out.push_str(&term::emit_into_string(&config, &file, &cs).unwrap_or_default());
                }
                let n = self.diagnostics.iter().filter(|d| d.is_error()).count();
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

/// Lines longer than this are shown as a window around the caret.
const LONG_LINE: usize = 240;

/// Bytes shown on each side of the caret in a long line.
const WINDOW: usize = 80;

/// The file as codespan shows it: the source, with the line of one span
/// cut to a window around it when that line is very long (so an error on
/// a 200 kB line prints a few lines, not 200 kB); positions in headers
/// stay those of the real file.
struct Window<'a> {
    name: &'a str,
    original: &'a str,
    /// The text shown.
    text: String,
    /// Byte starts in `text` of the shown line.
    line_starts: Vec<usize>,
    /// Where the cut line starts, and (shown start, original start,
    /// length) of the window; `None` when nothing is cut.
    cut: Option<(usize, usize, usize, usize)>,
}

impl<'a> Window<'a> {
    fn new(name: &'a str, original: &'a str, span: &Range<usize>) -> Self {
        let line_start = original[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = original[span.start..]
            .find('\n')
            .map_or(original.len(), |i| span.start + i);
        // What a terminal would act on is shown as `?`s of the same length
        // in bytes, so every offset stays where it was.
        let mut text: String = original
            .chars()
            .flat_map(|c| {
                let hidden = (c.is_control() && c != '\n' && c != '\t') || invisible(c);
                let n = if hidden { c.len_utf8() } else { 1 };
                std::iter::repeat_n(if hidden { '?' } else { c }, n)
            })
            .collect();
        let mut cut = None;
        if line_end - line_start > LONG_LINE {
            let from = clamp_span(
                original,
                span.start.saturating_sub(WINDOW).max(line_start)..span.start,
            )
            .start;
            let to = clamp_span(
                original,
                span.end..(span.end.max(span.start + 1) + WINDOW).min(line_end),
            )
            .end;
            let before = if from > line_start { "…" } else { "" };
            let after = if to < line_end { "…" } else { "" };
            text = format!(
                "{}{before}{}{after}{}",
                &text[..line_start],
                &text[from..to],
                &text[line_end..]
            );
            cut = Some((line_start, line_start + before.len(), from, to - from));
        }
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Window {
            name,
            original,
            text,
            line_starts,
            cut,
        }
    }

    /// A span of the original as shown.
    fn shown(&self, span: &Range<usize>) -> Range<usize> {
        match self.cut {
            Some((_, shown, from, len)) => {
                let at = |b: usize| shown + b.saturating_sub(from).min(len);
                at(span.start)..at(span.end)
            }
            None => span.clone(),
        }
    }

    /// A shown byte as the original's.
    fn original_byte(&self, b: usize) -> usize {
        match self.cut {
            Some((line_start, shown, from, len)) if b >= line_start => {
                if b < shown {
                    from
                } else if b < shown + len {
                    from + (b - shown)
                } else {
                    // After the window: the rest of the file, shifted.
                    let after_shown = shown + len;
                    let after_original = from + len;
                    let line_end = self.original[after_original..]
                        .find('\n')
                        .map_or(self.original.len(), |i| after_original + i);
                    let tail = self.text[after_shown..]
                        .find('\n')
                        .map_or(self.text.len(), |i| after_shown + i);
                    line_end + b.saturating_sub(tail)
                }
            }
            _ => b,
        }
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Window<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.text)
    }

    fn line_index(
        &'a self,
        (): (),
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self
            .line_starts
            .binary_search(&byte)
            .unwrap_or_else(|next| next - 1))
    }

    fn line_range(
        &'a self,
        (): (),
        line: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let start =
            *self
                .line_starts
                .get(line)
                .ok_or(codespan_reporting::files::Error::LineTooLarge {
                    given: line,
                    max: self.line_starts.len() - 1,
                })?;
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        Ok(start..end)
    }

    fn location(
        &'a self,
        (): (),
        byte: usize,
    ) -> Result<codespan_reporting::files::Location, codespan_reporting::files::Error> {
        let (line_number, column_number) = line_col(self.original, self.original_byte(byte));
        Ok(codespan_reporting::files::Location {
            line_number,
            column_number,
        })
    }
}

/// Text for a terminal: control characters (but newlines and tabs) and
/// characters that are invisible or reorder text written as `<U+XXXX>`.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if (c.is_control() && c != '\n' && c != '\t') || invisible(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

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

/// Characters that cannot be seen or that reorder text: zero-width
/// spaces and joiners, direction marks, overrides and isolates, the byte
/// order mark.
pub fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
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

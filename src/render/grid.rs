//! Box-drawn tables for the text grid: cells that may span rows and
//! columns, drawn with the light box-drawing characters.
//!
//! In: each column's content width (in terminal columns) and the cells,
//! each with its position, its spans and its text. Out: the table as lines
//! exactly `1 + Σ (width + 3)` terminal columns wide. Text is wrapped into
//! its cell ([`wrap`]: at spaces, inside a word only when the word is wider
//! than the cell), a cell's text is drawn in its first row (a row is as tall
//! as the tallest text that starts in it), a border line carries no text,
//! and every junction is drawn from the lines that really meet there
//! (`├ ┤` where a cell spans across a border, `┴ ┬` around a row that spans
//! every column). Widths come from textwrap's `display_width`
//! (unicode-width), so Korean and other wide text lines up.

use textwrap::core::display_width;
use textwrap::{WordSeparator, WordSplitter};

/// A cell: its top-left position, how many rows and columns it covers,
/// and its text (`\n` separates paragraphs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cell {
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
    pub text: String,
}

impl Cell {
    /// A cell covering one row and one column.
    pub(crate) fn one(row: usize, col: usize, text: impl Into<String>) -> Self {
        Cell {
            row,
            col,
            rows: 1,
            cols: 1,
            text: text.into(),
        }
    }
}

/// Wraps `text` at `width` terminal columns: each paragraph (`\n`) on its
/// own lines, broken at spaces and after hyphens, and inside a word only
/// when the word alone is wider than `width` (CSS's `word-break:
/// keep-all`, so Korean, Japanese and Chinese words stay whole).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_with(text, width, WordSplitter::HyphenSplitter)
}

/// [`wrap`] without breaks after hyphens, for lines that hold dates.
pub(crate) fn wrap_plain(text: &str, width: usize) -> Vec<String> {
    wrap_with(text, width, WordSplitter::NoHyphenation)
}

fn wrap_with(text: &str, width: usize, splitter: WordSplitter) -> Vec<String> {
    let opts = textwrap::Options::new(width.max(1))
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(splitter)
        .break_words(true);
    text.split('\n')
        .flat_map(|para| {
            textwrap::wrap(para, &opts)
                .into_iter()
                .map(|l| fit(&l, width))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `line` cut to at most `width` columns (a safeguard: [`wrap`] already
/// keeps lines that short).
fn fit(line: &str, width: usize) -> String {
    if display_width(line) <= width {
        return line.to_string();
    }
    let mut out = String::new();
    for c in line.chars() {
        let mut buf = [0u8; 4];
        if display_width(&out) + display_width(c.encode_utf8(&mut buf)) > width {
            break;
        }
        out.push(c);
    }
    out
}

/// The widest line of `text` wrapped at `width`.
pub(crate) fn wrapped_width(text: &str, width: usize) -> usize {
    wrap(text, width)
        .iter()
        .map(|l| display_width(l))
        .max()
        .unwrap_or(0)
}

/// The drawn width of a table with these column widths.
pub(crate) fn table_width(widths: &[usize]) -> usize {
    1 + widths.iter().map(|w| w + 3).sum::<usize>()
}

/// A laid-out table: which cell owns each (row, column) and each cell's
/// wrapped lines.
struct Table<'a> {
    widths: &'a [usize],
    cells: Vec<Cell>,
    owner: Vec<Vec<usize>>,
    lines: Vec<Vec<String>>,
    heights: Vec<usize>,
}

impl<'a> Table<'a> {
    fn new(widths: &'a [usize], n_rows: usize, given: &[Cell]) -> Self {
        let n_cols = widths.len();
        let mut owner = vec![vec![usize::MAX; n_cols]; n_rows];
        let mut cells: Vec<Cell> = Vec::new();
        for c in given {
            let id = cells.len();
            for row in owner.iter_mut().skip(c.row).take(c.rows) {
                for o in row.iter_mut().skip(c.col).take(c.cols) {
                    *o = id;
                }
            }
            cells.push(c.clone());
        }
        // Every position no cell covers is an empty cell of its own.
        for (r, row) in owner.iter_mut().enumerate() {
            for (c, o) in row.iter_mut().enumerate() {
                if *o == usize::MAX {
                    *o = cells.len();
                    cells.push(Cell::one(r, c, ""));
                }
            }
        }
        let lines: Vec<Vec<String>> = cells
            .iter()
            .map(|c| wrap(&c.text, span_width(widths, c.col, c.cols)))
            .collect();
        let mut heights = vec![1; n_rows];
        for (c, l) in cells.iter().zip(&lines) {
            heights[c.row] = heights[c.row].max(l.len());
        }
        Table {
            widths,
            cells,
            owner,
            lines,
            heights,
        }
    }

    /// Whether a vertical line runs at boundary `x` (0 = left edge) in
    /// row `r`.
    fn vertical(&self, r: usize, x: usize) -> bool {
        x == 0 || x == self.widths.len() || self.owner[r][x - 1] != self.owner[r][x]
    }

    /// Whether a horizontal line runs under column `c` between row `r`
    /// and the row below (`None` above the first or below the last row).
    fn horizontal(&self, above: Option<usize>, below: Option<usize>, c: usize) -> bool {
        match (above, below) {
            (Some(a), Some(b)) => self.owner[a][c] != self.owner[b][c],
            _ => true,
        }
    }

    /// The border line between `above` and `below`.
    fn border(&self, above: Option<usize>, below: Option<usize>) -> String {
        let n = self.widths.len();
        let mut out = String::new();
        for x in 0..=n {
            let up = above.is_some_and(|r| self.vertical(r, x));
            let down = below.is_some_and(|r| self.vertical(r, x));
            let left = x > 0 && self.horizontal(above, below, x - 1);
            let right = x < n && self.horizontal(above, below, x);
            out.push(junction(up, down, left, right));
            if x < n {
                let fill = if right { '─' } else { ' ' };
                out.extend(std::iter::repeat_n(fill, self.widths[x] + 2));
            }
        }
        out
    }

    /// Line `k` of row `r`'s text.
    fn text_line(&self, r: usize, k: usize) -> String {
        let mut out = String::from("│");
        let mut c = 0;
        while c < self.widths.len() {
            let id = self.owner[r][c];
            let cell = &self.cells[id];
            let width = span_width(self.widths, c, cell.cols);
            let text = if cell.row == r {
                self.lines[id].get(k).map_or("", String::as_str)
            } else {
                ""
            };
            out.push(' ');
            out.push_str(text);
            out.extend(std::iter::repeat_n(' ', width - display_width(text) + 1));
            out.push('│');
            c += cell.cols;
        }
        out
    }

    fn draw(&self) -> String {
        let n_rows = self.heights.len();
        let mut out = self.border(None, Some(0).filter(|_| n_rows > 0));
        out.push('\n');
        for r in 0..n_rows {
            for k in 0..self.heights[r] {
                out.push_str(&self.text_line(r, k));
                out.push('\n');
            }
            let below = Some(r + 1).filter(|&b| b < n_rows);
            out.push_str(&self.border(Some(r), below));
            out.push('\n');
        }
        out
    }
}

/// The content width of `cols` columns from `col`, with the borders
/// between them.
fn span_width(widths: &[usize], col: usize, cols: usize) -> usize {
    widths[col..col + cols].iter().sum::<usize>() + 3 * (cols - 1)
}

/// The box-drawing character where lines from these directions meet.
fn junction(up: bool, down: bool, left: bool, right: bool) -> char {
    match (up, down, left, right) {
        (true, true, true, true) => '┼',
        (true, true, false, true) => '├',
        (true, true, true, false) => '┤',
        (false, true, true, true) => '┬',
        (true, false, true, true) => '┴',
        (false, true, false, true) => '┌',
        (false, true, true, false) => '┐',
        (true, false, false, true) => '└',
        (true, false, true, false) => '┘',
        (true, _, false, false) | (_, true, false, false) => '│',
        (false, false, true, _) | (false, false, _, true) => '─',
        (false, false, false, false) => ' ',
    }
}

/// Draws a table of `n_rows` rows with these column widths; positions no
/// cell covers are empty. Every line ends with `\n`.
pub(crate) fn draw(widths: &[usize], n_rows: usize, cells: &[Cell]) -> String {
    Table::new(widths, n_rows, cells).draw()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_words_stay_whole_unless_wider_than_the_cell() {
        assert_eq!(
            wrap("(이론)딥러닝으로 오디오 만나보기", 22),
            ["(이론)딥러닝으로", "오디오 만나보기"]
        );
        assert_eq!(
            wrap("Deeplema, 딥러닝 서비스상용화의 딜레마", 22),
            ["Deeplema, 딥러닝", "서비스상용화의 딜레마"]
        );
        // One word wider than the cell is broken, at whole characters.
        assert_eq!(
            wrap("아기다리고기다리던딥러닝", 10),
            ["아기다리고", "기다리던딥", "러닝"]
        );
        assert_eq!(wrap("아기다리고", 3), ["아", "기", "다", "리", "고"]);
    }

    #[test]
    fn a_cell_spanning_rows_has_side_junctions_and_no_text_on_the_border() {
        let cells = [
            Cell::one(0, 0, "a"),
            Cell {
                row: 0,
                col: 1,
                rows: 2,
                cols: 1,
                text: "long\nlonger".into(),
            },
            Cell::one(0, 2, "c"),
            Cell::one(1, 0, "d"),
            Cell::one(1, 2, "e"),
        ];
        let out = draw(&[1, 6, 1], 2, &cells);
        assert_eq!(
            out,
            "┌───┬────────┬───┐\n\
             │ a │ long   │ c │\n\
             │   │ longer │   │\n\
             ├───┤        ├───┤\n\
             │ d │        │ e │\n\
             └───┴────────┴───┘\n"
        );
    }

    #[test]
    fn a_row_spanning_every_column_meets_the_lines_above_and_below() {
        let cells = [
            Cell::one(0, 0, "a"),
            Cell::one(0, 1, "b"),
            Cell {
                row: 1,
                col: 0,
                rows: 1,
                cols: 2,
                text: "lunch".into(),
            },
            Cell::one(2, 0, "c"),
            Cell::one(2, 1, "d"),
        ];
        let out = draw(&[1, 3], 3, &cells);
        assert_eq!(
            out,
            "┌───┬─────┐\n\
             │ a │ b   │\n\
             ├───┴─────┤\n\
             │ lunch   │\n\
             ├───┬─────┤\n\
             │ c │ d   │\n\
             └───┴─────┘\n"
        );
    }

    #[test]
    fn every_line_is_exactly_the_table_width() {
        let cells = [
            Cell::one(0, 0, "딥러닝 실전 팁 and some English"),
            Cell::one(0, 1, "x"),
        ];
        let widths = [7, 4];
        for line in draw(&widths, 1, &cells).lines() {
            assert_eq!(display_width(line), table_width(&widths), "{line}");
        }
    }
}

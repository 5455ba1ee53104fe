//! The one diagnostic model, shared by `kiln lint` (every output format) and the language
//! server: a finding with its level (after configuration), file, byte range and 1-based
//! line/column positions (columns count characters).

use syntax::{LineIndex, PositionEncoding, TextRange};

use crate::lint::Level;

/// A finding ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub code: &'static str,
    pub level: Level,
    pub message: String,
    pub range: TextRange,
    /// 1-based line and column of the start.
    pub line: u32,
    pub col: u32,
    /// 1-based line and column just past the end.
    pub end_line: u32,
    pub end_col: u32,
}

impl Diagnostic {
    pub fn new(
        file: &str,
        index: &LineIndex,
        code: &'static str,
        level: Level,
        message: String,
        range: TextRange,
    ) -> Diagnostic {
        let (start, end) = index.range(PositionEncoding::Utf32, range);
        Diagnostic {
            file: file.to_string(),
            code,
            level,
            message,
            range,
            line: start.line + 1,
            col: start.col + 1,
            end_line: end.line + 1,
            end_col: end.col + 1,
        }
    }
}

/// Counts by level, for summaries and exit codes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(diags: &[Diagnostic]) -> Summary {
        let mut s = Summary::default();
        for d in diags {
            match d.level {
                Level::Error => s.errors += 1,
                Level::Warning => s.warnings += 1,
                Level::Info => s.infos += 1,
                Level::Off => {}
            }
        }
        s
    }
}

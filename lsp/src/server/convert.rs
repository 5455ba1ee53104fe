//! Conversions at the protocol edge: URIs and paths, LSP positions (in the negotiated
//! encoding) and byte offsets, levels and severities. Nothing else in the server reasons
//! about UTF-16.

use std::path::{Path, PathBuf};

use syntax::{LineIndex, PositionEncoding, TextRange, TextSize, WideLineCol};
use tower_lsp::lsp_types::{DiagnosticSeverity, Position, PositionEncodingKind, Range, Url};

use crate::lint::Level;

/// The file path of a `file:` URI, canonical when the file exists.
pub fn path(uri: &Url) -> Option<PathBuf> {
    let p = uri.to_file_path().ok()?;
    Some(std::fs::canonicalize(&p).unwrap_or(p))
}

pub fn uri(path: &Path) -> Url {
    Url::from_file_path(path).unwrap_or_else(|_| Url::parse("file:///").expect("valid URL"))
}

/// The encoding to use, from the client's `general.positionEncodings` (UTF-8 preferred,
/// UTF-16 when the client says nothing, as the protocol requires).
pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> PositionEncoding {
    let offered = offered.unwrap_or_default();
    if offered.contains(&PositionEncodingKind::UTF8) {
        PositionEncoding::Utf8
    } else if offered.contains(&PositionEncodingKind::UTF32)
        && !offered.contains(&PositionEncodingKind::UTF16)
    {
        PositionEncoding::Utf32
    } else {
        PositionEncoding::Utf16
    }
}

pub fn encoding_kind(enc: PositionEncoding) -> PositionEncodingKind {
    match enc {
        PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

pub fn position(index: &LineIndex, enc: PositionEncoding, offset: TextSize) -> Position {
    let p = index.position(enc, offset);
    Position::new(p.line, p.col)
}

pub fn range(index: &LineIndex, enc: PositionEncoding, r: TextRange) -> Range {
    Range::new(
        position(index, enc, r.start()),
        position(index, enc, r.end()),
    )
}

/// The offset of a position (clamped to its line; past the last line: the end of the text).
pub fn offset(index: &LineIndex, enc: PositionEncoding, p: Position) -> TextSize {
    index
        .offset_of(
            enc,
            WideLineCol {
                line: p.line,
                col: p.character,
            },
        )
        .unwrap_or_else(|| index.len())
}

/// The byte offset of a position in a rope (for edits, which apply to the current text).
pub fn rope_offset(rope: &ropey::Rope, enc: PositionEncoding, p: Position) -> usize {
    let line = p.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start = rope.line_to_byte(line);
    let text = rope.line(line);
    let mut units = 0u32;
    let mut bytes = 0usize;
    for c in text.chars() {
        if c == '\n' || c == '\r' || units >= p.character {
            break;
        }
        units += match enc {
            PositionEncoding::Utf8 => c.len_utf8() as u32,
            PositionEncoding::Utf16 => c.len_utf16() as u32,
            PositionEncoding::Utf32 => 1,
        };
        bytes += c.len_utf8();
    }
    start + bytes
}

pub fn severity(level: Level) -> DiagnosticSeverity {
    match level {
        Level::Error => DiagnosticSeverity::ERROR,
        Level::Warning => DiagnosticSeverity::WARNING,
        _ => DiagnosticSeverity::INFORMATION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rope_offsets_in_every_encoding() {
        let rope = ropey::Rope::from_str("(a \"é😀\" b)\r\n(c)\rx");
        let at = |enc, line, ch| rope_offset(&rope, enc, Position::new(line, ch));
        // `b` is at UTF-8 byte 12, UTF-16 unit 9, scalar 8.
        assert_eq!(at(PositionEncoding::Utf8, 0, 12), 12);
        assert_eq!(at(PositionEncoding::Utf16, 0, 9), 12);
        assert_eq!(at(PositionEncoding::Utf32, 0, 8), 12);
        // Past the end of a line: its end, before the line break.
        assert_eq!(at(PositionEncoding::Utf16, 0, 99), 14);
        assert_eq!(at(PositionEncoding::Utf16, 1, 1), 17);
        // A lone `\r` ends a line too, as in LSP.
        assert_eq!(at(PositionEncoding::Utf16, 2, 1), 21);
        assert_eq!(at(PositionEncoding::Utf16, 9, 0), rope.len_bytes());
    }
}

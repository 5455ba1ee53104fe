//! Offsets ↔ editor positions.
//!
//! The tree speaks in UTF-8 byte offsets; editors speak in (line, column) where the column
//! counts UTF-16 code units (LSP's default), UTF-8 bytes or code points (UTF-32), as
//! negotiated. Lines end at `\n`; a `\r` before it belongs to the line. Columns past the end
//! of a line clamp to its end, and a column inside a multi-unit character snaps to its start,
//! so conversion never panics.

use crate::{TextRange, TextSize};

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PositionEncoding {
    Utf8,
    Utf16,
    Utf32,
}

/// A position with the column in UTF-8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    /// Zero-based.
    pub line: u32,
    /// Zero-based, in bytes.
    pub col: u32,
}

/// A position with the column in some [`PositionEncoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WideLineCol {
    pub line: u32,
    pub col: u32,
}

/// Line starts of a text, and where its non-ASCII characters are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Offset of the start of each line; the first is 0.
    line_starts: Vec<TextSize>,
    /// Per line with non-ASCII text: the byte column and UTF-8 length of each such character.
    wide: Vec<(u32, Vec<(u32, u8)>)>,
    len: TextSize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![TextSize::from(0)];
        let mut wide: Vec<(u32, Vec<(u32, u8)>)> = Vec::new();
        let bytes = text.as_bytes();
        let mut line_start = 0usize;
        let mut i = 0usize;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'\n' {
                line_start = i + 1;
                line_starts.push(TextSize::from(line_start as u32));
                i += 1;
            } else if b < 0x80 {
                i += 1;
            } else {
                let c = text[i..].chars().next().map_or(1, char::len_utf8);
                let line = (line_starts.len() - 1) as u32;
                let col = (i - line_start) as u32;
                match wide.last_mut() {
                    Some((l, chars)) if *l == line => chars.push((col, c as u8)),
                    _ => wide.push((line, vec![(col, c as u8)])),
                }
                i += c;
            }
        }
        LineIndex {
            line_starts,
            wide,
            len: TextSize::from(text.len() as u32),
        }
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// Total length in bytes.
    pub fn len(&self) -> TextSize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == TextSize::from(0)
    }

    /// Line and byte column of an offset (clamped to the text).
    pub fn line_col(&self, offset: TextSize) -> LineCol {
        let offset = offset.min(self.len);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        LineCol {
            line: line as u32,
            col: u32::from(offset - self.line_starts[line]),
        }
    }

    /// Offset of a line and byte column; `None` past the last line. Columns past the end of
    /// the line clamp to it.
    pub fn offset(&self, lc: LineCol) -> Option<TextSize> {
        let start = *self.line_starts.get(lc.line as usize)?;
        let end = self.line_end(lc.line);
        Some((start + TextSize::from(lc.col)).min(end))
    }

    /// Offset of the end of a line's content (before its `\n`).
    fn line_end(&self, line: u32) -> TextSize {
        match self.line_starts.get(line as usize + 1) {
            Some(&next) => next - TextSize::from(1),
            None => self.len,
        }
    }

    fn wide_chars(&self, line: u32) -> &[(u32, u8)] {
        match self.wide.binary_search_by_key(&line, |(l, _)| *l) {
            Ok(i) => &self.wide[i].1,
            Err(_) => &[],
        }
    }

    /// Converts a byte column to the given encoding.
    pub fn to_wide(&self, enc: PositionEncoding, lc: LineCol) -> WideLineCol {
        let mut col = lc.col;
        if enc != PositionEncoding::Utf8 {
            for &(c, len) in self.wide_chars(lc.line) {
                if c >= lc.col {
                    break;
                }
                let units = if enc == PositionEncoding::Utf16 && len == 4 {
                    2
                } else {
                    1
                };
                col -= u32::from(len) - units;
            }
        }
        WideLineCol { line: lc.line, col }
    }

    /// Converts a column in the given encoding to bytes. A column inside a character snaps
    /// to the character's start.
    pub fn to_utf8(&self, enc: PositionEncoding, wide: WideLineCol) -> LineCol {
        if enc == PositionEncoding::Utf8 {
            return LineCol {
                line: wide.line,
                col: wide.col,
            };
        }
        let mut col = wide.col;
        let mut units_before = 0u32; // wide units consumed so far, relative to bytes
        for &(c, len) in self.wide_chars(wide.line) {
            // Byte column `c` is at wide column `c - units_before`.
            let wide_c = c - units_before;
            if wide_c >= wide.col {
                break;
            }
            let units = if enc == PositionEncoding::Utf16 && len == 4 {
                2
            } else {
                1
            };
            if wide.col < wide_c + units {
                // Inside a surrogate pair: snap to the character's start.
                return LineCol {
                    line: wide.line,
                    col: c,
                };
            }
            units_before += u32::from(len) - units;
            col += u32::from(len) - units;
        }
        LineCol {
            line: wide.line,
            col,
        }
    }

    /// Offset → position in an encoding.
    pub fn position(&self, enc: PositionEncoding, offset: TextSize) -> WideLineCol {
        self.to_wide(enc, self.line_col(offset))
    }

    /// Position in an encoding → offset (clamped to the line; `None` past the last line).
    pub fn offset_of(&self, enc: PositionEncoding, pos: WideLineCol) -> Option<TextSize> {
        self.offset(self.to_utf8(enc, pos))
    }

    /// A range as (start, end) positions.
    pub fn range(&self, enc: PositionEncoding, range: TextRange) -> (WideLineCol, WideLineCol) {
        (
            self.position(enc, range.start()),
            self.position(enc, range.end()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionEncoding::*;

    fn round_trip_all(text: &str) {
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let offset = TextSize::from(offset as u32);
            for enc in [Utf8, Utf16, Utf32] {
                let pos = index.position(enc, offset);
                assert_eq!(
                    index.offset_of(enc, pos),
                    Some(offset),
                    "{enc:?} {pos:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn ascii() {
        let index = LineIndex::new("(a)\n(bc)\r\n\nx");
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_col(5.into()), LineCol { line: 1, col: 1 });
        assert_eq!(index.line_col(11.into()), LineCol { line: 3, col: 0 });
        assert_eq!(index.offset(LineCol { line: 0, col: 99 }), Some(3.into()));
        assert_eq!(index.offset(LineCol { line: 9, col: 0 }), None);
        round_trip_all("(a)\n(bc)\r\n\nx");
    }

    #[test]
    fn non_ascii_columns() {
        // é: 2 bytes, 1 UTF-16 unit; 😀: 4 bytes, 2 units; 日本: 3 bytes each, 1 unit.
        let text = "(é \"😀\" 日本 x)";
        let index = LineIndex::new(text);
        let x = TextSize::from(text.find('x').unwrap() as u32);
        assert_eq!(index.position(Utf8, x), WideLineCol { line: 0, col: 18 });
        assert_eq!(index.position(Utf16, x), WideLineCol { line: 0, col: 11 });
        assert_eq!(index.position(Utf32, x), WideLineCol { line: 0, col: 10 });
        round_trip_all(text);
        round_trip_all("😀😀\né\n\n日本語 😀 é\n");
    }

    #[test]
    fn inside_a_surrogate_pair_snaps_to_the_character() {
        let text = "a😀b";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset_of(Utf16, WideLineCol { line: 0, col: 2 }),
            Some(1.into())
        );
        assert_eq!(
            index.offset_of(Utf16, WideLineCol { line: 0, col: 3 }),
            Some(5.into())
        );
    }
}

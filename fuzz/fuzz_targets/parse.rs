//! Fuzz target: any bytes (as UTF-8, lossily) must parse without panicking, round-trip, keep
//! every error inside the text, and re-parse incrementally to the same tree as a full parse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syntax::{Document, TextEdit, TextRange, TextSize};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parse = syntax::parse(&text);
    assert_eq!(parse.syntax().to_string(), *text);
    for e in parse.errors() {
        assert!(usize::from(e.range.end()) <= text.len());
    }
    // Use the first byte to pick an edit: insert or delete one piece in the middle.
    if let Some(&b) = data.first() {
        let mut at = (b as usize * text.len()) / 256;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let pieces = ["(", ")", "\"", "\\", "#_", " ", "a", "]", ";", "\n"];
        let insert = pieces[b as usize % pieces.len()];
        let mut doc = Document::new(&text);
        let edit = TextEdit::new(TextRange::empty(TextSize::from(at as u32)), insert);
        doc.apply(&edit);
        let full = syntax::parse(&edit.apply(&text));
        assert_eq!(doc.parse().green(), full.green());
        assert_eq!(doc.parse().errors(), full.errors());
    }
});

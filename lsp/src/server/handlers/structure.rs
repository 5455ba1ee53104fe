//! `textDocument/foldingRange` (every multi-line form and comment block) and
//! `textDocument/selectionRange` (form by form, outwards from the cursor).

use syntax::{PositionEncoding, SyntaxKind, TextRange, TextSize};
use tower_lsp::lsp_types::{FoldingRange, FoldingRangeKind, SelectionRange};

use super::super::convert;
use super::super::lookup;
use super::super::world::Snapshot;

pub fn folding(snap: &Snapshot) -> Vec<FoldingRange> {
    let mut out = Vec::new();
    let line = |o: TextSize| snap.index.position(PositionEncoding::Utf8, o).line;
    for n in snap.parse.syntax().descendants() {
        if !matches!(
            n.kind(),
            SyntaxKind::LIST
                | SyntaxKind::VECTOR
                | SyntaxKind::MAP
                | SyntaxKind::SET
                | SyntaxKind::FN_LITERAL
                | SyntaxKind::READER_COND
        ) {
            continue;
        }
        let r = n.text_range();
        let (a, b) = (line(r.start()), line(r.end()));
        if b > a {
            out.push(FoldingRange {
                start_line: a,
                start_character: None,
                end_line: b,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: None,
            });
        }
    }
    // Runs of comment lines.
    let mut run: Option<(u32, u32)> = None;
    for t in snap
        .parse
        .syntax()
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
    {
        if t.kind() != SyntaxKind::COMMENT {
            continue;
        }
        let l = line(t.text_range().start());
        run = match run {
            Some((s, e)) if l == e + 1 => Some((s, l)),
            Some((s, e)) => {
                if e > s {
                    out.push(comment_fold(s, e));
                }
                Some((l, l))
            }
            None => Some((l, l)),
        };
    }
    if let Some((s, e)) = run
        && e > s
    {
        out.push(comment_fold(s, e));
    }
    out.sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
    out
}

fn comment_fold(s: u32, e: u32) -> FoldingRange {
    FoldingRange {
        start_line: s,
        start_character: None,
        end_line: e,
        end_character: None,
        kind: Some(FoldingRangeKind::Comment),
        collapsed_text: None,
    }
}

pub fn selection(snap: &Snapshot, offset: TextSize, enc: PositionEncoding) -> SelectionRange {
    let mut ranges: Vec<TextRange> = Vec::new();
    if let Some(tok) = lookup::token_at(snap, offset) {
        if !lookup::is_trivia(tok.kind()) {
            ranges.push(tok.text_range());
        }
        let mut node = tok.parent();
        while let Some(n) = node {
            let r = n.text_range();
            if ranges.last() != Some(&r) {
                ranges.push(r);
            }
            node = n.parent();
        }
    }
    if ranges.is_empty() {
        ranges.push(TextRange::empty(offset));
    }
    let mut sel: Option<SelectionRange> = None;
    for r in ranges.into_iter().rev() {
        sel = Some(SelectionRange {
            range: convert::range(&snap.index, enc, r),
            parent: sel.map(Box::new),
        });
    }
    sel.expect("at least one range")
}

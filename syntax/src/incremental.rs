//! Incremental re-parsing: after an edit, re-parse only the top-level forms it touches.
//!
//! The edit's neighbourhood (the touched root children plus one untouched neighbour on each
//! side) is re-parsed on its own and spliced into the old root; every other top-level green
//! node is reused as is. The result must equal a full parse of the new text, so the splice
//! is refused (and a full parse done) whenever the fragment could read differently inside the
//! whole file:
//! - the old tree had an unclosed collection (a full parse with recovery produced it);
//! - the fragment leaves a collection open, or ends in an error at its very end (a prefix
//!   waiting for a form, an unterminated string, …);
//! - the fragment's last top-level child differs from the untouched neighbour it should end
//!   with (a token ran past the edit, e.g. `\` eating the following space).
//!
//! Errors are kept per top-level form: each error lies inside the root child that produced
//! it (an empty range marks the end of its form), so errors outside the region are kept or
//! shifted and the fragment's own errors replace the ones inside.

use ropey::Rope;
use rowan::{GreenNode, NodeOrToken};

use crate::{Parse, SyntaxError, SyntaxKind, TextRange, TextSize, parse, parse_with, sort_errors};

/// Replace `range` (byte offsets in the old text) by `insert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub range: TextRange,
    pub insert: String,
}

impl TextEdit {
    pub fn new(range: TextRange, insert: impl Into<String>) -> TextEdit {
        TextEdit {
            range,
            insert: insert.into(),
        }
    }

    /// Applies the edit to a string (for tests and simple callers).
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + self.insert.len());
        out.push_str(&text[..usize::from(self.range.start())]);
        out.push_str(&self.insert);
        out.push_str(&text[usize::from(self.range.end())..]);
        out
    }
}

/// How an edit was re-parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reparse {
    /// Only this range of the new text was parsed again.
    Incremental(TextRange),
    Full,
}

/// A text being edited (a `ropey::Rope`) together with its current parse.
#[derive(Debug, Clone)]
pub struct Document {
    rope: Rope,
    parse: Parse,
}

impl Document {
    pub fn new(text: &str) -> Document {
        Document {
            rope: Rope::from_str(text),
            parse: parse(text),
        }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    pub fn parse(&self) -> &Parse {
        &self.parse
    }

    /// Applies an edit and re-parses. Ranges outside the text are clamped to it, and offsets
    /// inside a character move to its start, so no edit can panic.
    pub fn apply(&mut self, edit: &TextEdit) -> Reparse {
        let edit = self.sanitize(edit);
        let start = self.rope.byte_to_char(usize::from(edit.range.start()));
        let end = self.rope.byte_to_char(usize::from(edit.range.end()));
        self.rope.remove(start..end);
        self.rope.insert(start, &edit.insert);
        let (parse, how) = reparse(&self.parse, &self.rope, &edit);
        self.parse = parse;
        how
    }

    fn sanitize(&self, edit: &TextEdit) -> TextEdit {
        let len = self.rope.len_bytes();
        let snap = |offset: TextSize| {
            let offset = usize::from(offset).min(len);
            // Move to the start of the character containing `offset`.
            let char_idx = self.rope.byte_to_char(offset);
            TextSize::from(self.rope.char_to_byte(char_idx) as u32)
        };
        let start = snap(edit.range.start());
        let end = snap(edit.range.end()).max(start);
        TextEdit::new(TextRange::new(start, end), edit.insert.clone())
    }
}

/// Re-parses `new_text` (the old text with `edit` applied), reusing what it can of `old`.
pub fn reparse(old: &Parse, new_text: &Rope, edit: &TextEdit) -> (Parse, Reparse) {
    match try_incremental(old, new_text, edit) {
        Some((parse, range)) => (parse, Reparse::Incremental(range)),
        None => (parse(&new_text.to_string()), Reparse::Full),
    }
}

fn try_incremental(old: &Parse, new_text: &Rope, edit: &TextEdit) -> Option<(Parse, TextRange)> {
    if old.unclosed {
        return None;
    }
    // Root children with their ranges in the old text.
    let mut children = Vec::new();
    let mut offset = TextSize::from(0);
    for child in old.green().children() {
        let len = match child {
            NodeOrToken::Node(n) => n.text_len(),
            NodeOrToken::Token(t) => t.text_len(),
        };
        children.push((TextRange::at(offset, len), child));
        offset += len;
    }
    let n = children.len();
    // Touched children (touching counts), then one neighbour on each side.
    let first = children
        .iter()
        .position(|(r, _)| r.end() >= edit.range.start())?;
    let last = children
        .iter()
        .rposition(|(r, _)| r.start() <= edit.range.end())?;
    let first = first.saturating_sub(1);
    let last = (last + 1).min(n - 1);
    if first > last {
        return None;
    }
    let old_region = TextRange::new(children[first].0.start(), children[last].0.end());
    let delta = edit.insert.len() as i64 - i64::from(u32::from(edit.range.len()));
    let new_end = i64::from(u32::from(old_region.end())) + delta;
    let new_region = TextRange::new(
        old_region.start(),
        TextSize::from(u32::try_from(new_end).ok()?),
    );
    let at_eof = last == n - 1;

    let fragment = new_text
        .byte_slice(usize::from(new_region.start())..usize::from(new_region.end()))
        .to_string();
    let frag = crate::with_interner(|interner| parse_with(&fragment, interner, false));
    if frag.unclosed {
        return None;
    }
    let frag_len = TextSize::from(fragment.len() as u32);
    if !at_eof {
        if frag.errors.iter().any(|e| e.range.end() == frag_len) {
            return None;
        }
        let frag_last = frag.green().children().last()?;
        if frag_last != children[last].1 {
            return None;
        }
    }

    let new_children = children[..first]
        .iter()
        .map(|(_, c)| owned(*c))
        .chain(frag.green().children().map(owned))
        .chain(children[last + 1..].iter().map(|(_, c)| owned(*c)))
        .collect::<Vec<_>>();
    let green = GreenNode::new(SyntaxKind::ROOT.into(), new_children);

    let shift = |r: TextRange, by: i64| {
        let s = i64::from(u32::from(r.start())) + by;
        TextRange::at(TextSize::from(s as u32), r.len())
    };
    let mut errors: Vec<SyntaxError> = Vec::new();
    for e in &old.errors {
        let empty = e.range.is_empty();
        if e.range.end() <= old_region.start() {
            errors.push(e.clone());
        } else if e.range.start() >= old_region.end()
            && !(empty && e.range.start() == old_region.end())
        {
            errors.push(SyntaxError::new(e.message.clone(), shift(e.range, delta)));
        }
    }
    let base = i64::from(u32::from(new_region.start()));
    errors.extend(
        frag.errors
            .iter()
            .map(|e| SyntaxError::new(e.message.clone(), shift(e.range, base))),
    );
    sort_errors(&mut errors);
    Some((
        Parse {
            green,
            errors,
            unclosed: false,
        },
        new_region,
    ))
}

fn owned(
    element: NodeOrToken<&rowan::GreenNodeData, &rowan::GreenTokenData>,
) -> rowan::NodeOrToken<GreenNode, rowan::GreenToken> {
    match element {
        NodeOrToken::Node(n) => NodeOrToken::Node(n.to_owned()),
        NodeOrToken::Token(t) => NodeOrToken::Token(t.to_owned()),
    }
}

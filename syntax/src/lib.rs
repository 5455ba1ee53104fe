//! `syntax`: the lossless concrete syntax tree of the ClojureWasm dialect.
//!
//! [`parse`] turns any text into a [rowan] tree that holds every byte of the input (trivia and
//! malformed tokens included) plus a list of [`SyntaxError`]s with ranges. Parsing never fails
//! and never panics; a nesting limit and a step budget bound the work on hostile input.
//!
//! Layers: [`lexer`] (bytes → tokens) → `parser`/`grammar` (tokens → green tree) →
//! [`ast`] (typed views). [`LineIndex`] maps offsets to editor positions, and
//! [`incremental`] re-parses only the top-level forms an edit touches.
//!
//! This crate knows nothing of evaluation or of the language server.

pub mod ast;
mod builder;
mod grammar;
pub mod incremental;
mod kind;
pub mod lexer;
mod line_index;
mod parser;
mod validate;

use std::fmt;

pub use incremental::{Document, TextEdit};
pub use kind::{Clojure, SyntaxElement, SyntaxKind, SyntaxNode, SyntaxToken};
pub use line_index::{LineCol, LineIndex, PositionEncoding, WideLineCol};
pub use parser::MAX_DEPTH;
pub use rowan::{GreenNode, TextRange, TextSize, TokenAtOffset};
pub use validate::{valid_char_name, valid_number, valid_symbol};

/// A syntax error: a message a person can act on, and the range it is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SyntaxError {
    pub message: String,
    pub range: TextRange,
}

impl SyntaxError {
    pub fn new(message: impl Into<String>, range: TextRange) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            range,
        }
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {:?}", self.message, self.range)
    }
}

/// The result of parsing: the green tree and the errors found, sorted by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parse {
    green: GreenNode,
    errors: Vec<SyntaxError>,
    /// Whether some collection was left unclosed at the end of input (the incremental
    /// re-parser then falls back to a full parse).
    unclosed: bool,
}

impl Parse {
    /// The green (immutable, position-free) root.
    pub fn green(&self) -> &GreenNode {
        &self.green
    }

    /// The red (positioned) root node, of kind `ROOT`.
    pub fn syntax(&self) -> SyntaxNode {
        SyntaxNode::new_root(self.green.clone())
    }

    /// The typed root.
    pub fn root(&self) -> ast::Root {
        ast::Root::cast_root(self.syntax())
    }

    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    /// Does the text end inside a form (an unclosed collection, an unterminated string, a
    /// prefix waiting for its form)? A REPL keeps reading lines while this holds.
    pub fn is_incomplete(&self) -> bool {
        self.unclosed
            || self.errors.iter().any(|e| {
                e.message.starts_with("unterminated")
                    || e.message.starts_with("expected a form after")
            })
    }

    /// A textual dump of the tree: one line per node or token with its kind and range, tokens
    /// with their text, errors listed at the end. Used by golden tests and `kiln parse`.
    pub fn debug_tree(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let mut indent = 0usize;
        for event in self.syntax().preorder_with_tokens() {
            match event {
                rowan::WalkEvent::Enter(element) => {
                    let _ = write!(out, "{:indent$}", "", indent = indent * 2);
                    match element {
                        rowan::NodeOrToken::Node(node) => {
                            let _ = writeln!(out, "{:?}@{:?}", node.kind(), node.text_range());
                            indent += 1;
                        }
                        rowan::NodeOrToken::Token(token) => {
                            let _ = writeln!(
                                out,
                                "{:?}@{:?} {:?}",
                                token.kind(),
                                token.text_range(),
                                token.text()
                            );
                        }
                    }
                }
                rowan::WalkEvent::Leave(rowan::NodeOrToken::Node(_)) => indent -= 1,
                rowan::WalkEvent::Leave(rowan::NodeOrToken::Token(_)) => {}
            }
        }
        for error in &self.errors {
            let _ = writeln!(out, "error@{:?}: {}", error.range, error.message);
        }
        out
    }
}

/// Parses a whole file. Never fails: every byte ends up in the tree.
///
/// A file with an unclosed collection is parsed a second time with a recovery rule that
/// closes every open collection at an opening delimiter in column 0, so the rest of the file
/// still reads as separate top-level forms.
pub fn parse(text: &str) -> Parse {
    with_interner(|interner| {
        let first = parse_with(text, interner, false);
        if !first.unclosed {
            return first;
        }
        let mut second = parse_with(text, interner, true);
        second.unclosed = true;
        second
    })
}

/// Input bytes after which a thread's token interner is replaced by a fresh one.
const INTERNER_RESET_BYTES: usize = 256 << 20;

/// Runs `f` with this thread's token interner. Reusing it across parses makes repeated
/// parses (an editor re-parsing a file, a linter parsing a project) cheaper and lets trees of
/// different files share identical tokens. It is replaced after [`INTERNER_RESET_BYTES`] of
/// input so a long-running process does not keep every token it ever saw.
pub(crate) fn with_interner<R>(f: impl FnOnce(&mut builder::Interner) -> R) -> R {
    use std::cell::RefCell;
    thread_local! {
        static INTERNER: RefCell<builder::Interner> = RefCell::new(Default::default());
    }
    INTERNER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut interner) => {
            if interner.seen > INTERNER_RESET_BYTES {
                *interner = Default::default();
            }
            f(&mut interner)
        }
        // Re-entrant use (cannot happen today): fall back to a fresh interner.
        Err(_) => f(&mut Default::default()),
    })
}

/// One pass of the parser, without the column-0 recovery retry.
pub(crate) fn parse_with(text: &str, interner: &mut builder::Interner, recover: bool) -> Parse {
    interner.seen += text.len();
    let mut p = parser::Parser::new(text, interner);
    p.recover_at_column_0 = recover;
    grammar::root(&mut p);
    let unclosed = p.unclosed || p.exhausted;
    let (green, mut errors) = p.finish_root();
    sort_errors(&mut errors);
    Parse {
        green,
        errors,
        unclosed,
    }
}

/// The one order of errors: by position, then message (so incremental and full parses agree).
pub(crate) fn sort_errors(errors: &mut [SyntaxError]) {
    errors.sort_by(|a, b| {
        (a.range.start(), a.range.end(), &a.message).cmp(&(
            b.range.start(),
            b.range.end(),
            &b.message,
        ))
    });
}

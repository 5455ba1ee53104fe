//! The grammar: one small function per form kind, over the [`Parser`] cursor.
//!
//! Each function is entered with the current token at the start of its form and leaves the
//! cursor after it. Trivia and `#_` discards between forms are attached to the enclosing node.
//! Recovery rules: a closer nobody expects becomes an `ERROR` node; a closer some enclosing
//! collection expects closes the inner ones (each reported unclosed); prefixes (`'`, `^`, `#_`,
//! …) with nothing after them are reported and finished empty.

use crate::SyntaxKind::{self, *};
use crate::TextRange;
use crate::parser::{MAX_DEPTH, Parser, closer_slot};

/// A whole file: trivia, forms and stray closers until the end of input.
pub(crate) fn root(p: &mut Parser) {
    p.start(ROOT);
    while let Some(kind) = p.current() {
        if kind.is_trivia() {
            p.bump();
        } else if kind.is_closer() {
            stray_closer(p);
        } else {
            if kind == HASH_QUESTION_AT {
                let range = p.current_range();
                p.error(
                    "reader conditional splicing `#?@` is not allowed at the top level",
                    range,
                );
            }
            form(p);
        }
    }
}

/// One form starting at the current token (which is neither trivia nor a closer). Returns
/// the kind of what was built: the node kind, or the token kind for atoms.
fn form(p: &mut Parser) -> SyntaxKind {
    let Some(kind) = p.current() else {
        return ERROR;
    };
    if kind.is_atom() {
        if kind == SYMBOL && matches!(p.current_text(), "nil" | "true" | "false") {
            p.bump();
            return LITERAL_SYMBOL;
        }
        p.bump();
        return kind;
    }
    if p.depth >= MAX_DEPTH {
        too_deep(p);
        return ERROR;
    }
    p.depth += 1;
    let built = match kind {
        L_PAREN => collection(p, LIST),
        L_BRACKET => collection(p, VECTOR),
        L_BRACE => collection(p, MAP),
        HASH_L_BRACE => collection(p, SET),
        HASH_L_PAREN => fn_literal(p),
        NS_MAP_PREFIX => namespaced_map(p),
        QUOTE => prefixed(p, QUOTED),
        BACKTICK => prefixed(p, SYNTAX_QUOTED),
        TILDE => prefixed(p, UNQUOTED),
        TILDE_AT => prefixed(p, UNQUOTE_SPLICED),
        AT => prefixed(p, DEREF),
        HASH_QUOTE => prefixed(p, VAR_QUOTED),
        HASH_EQ => prefixed(p, READ_EVAL),
        HASH_UNDERSCORE => prefixed(p, DISCARDED),
        TAG => prefixed(p, TAGGED_LITERAL),
        CARET | HASH_CARET => metadata(p),
        HASH_QUESTION => reader_conditional(p, READER_COND),
        HASH_QUESTION_AT => reader_conditional(p, READER_COND_SPLICING),
        _ => {
            p.bump();
            ERROR
        }
    };
    p.depth -= 1;
    built
}

/// What `form` reports for `nil`, `true` and `false`: symbols to the lexer, values to the
/// reader (they cannot carry metadata).
const LITERAL_SYMBOL: SyntaxKind = SyntaxKind::ROOT;

/// Skips trivia and discards, then parses the form a prefix applies to. Reports an error
/// (and parses nothing) at a closer or at the end of input.
fn form_after(p: &mut Parser, what: &str) -> Option<(SyntaxKind, TextRange)> {
    loop {
        match p.current() {
            Some(k) if k.is_trivia() => p.bump(),
            Some(HASH_UNDERSCORE) => {
                form(p);
            }
            Some(k) if !k.is_closer() => {
                let start = p.current_range().start();
                let built = form(p);
                let end = p.current_range().start();
                return Some((built, TextRange::new(start, end)));
            }
            _ => {
                // An empty range where the form should start: it stays inside the prefix's
                // own top-level form (which the incremental re-parser relies on).
                let at = p.current_range().start();
                p.error(
                    format!("expected a form after {what}"),
                    TextRange::empty(at),
                );
                return None;
            }
        }
    }
}

/// `'x`, `@x`, `#'x`, `#_ x`, `#inst "…"`, …: the prefix token and one form.
fn prefixed(p: &mut Parser, node: SyntaxKind) -> SyntaxKind {
    let what = format!("`{}`", p.current_text());
    p.start(node);
    p.bump();
    form_after(p, &what);
    p.finish();
    node
}

/// `^meta target`: the caret, the metadata form, the target form. As in Clojure, metadata
/// must be a symbol, keyword, string or map, and only forms that can carry metadata
/// (symbols, collections, and the lists prefixes read as) take it.
fn metadata(p: &mut Parser) -> SyntaxKind {
    let caret = format!("`{}`", p.current_text());
    p.start(WITH_META);
    p.bump();
    if let Some((kind, range)) = form_after(p, &caret)
        && matches!(
            kind,
            NUMBER
                | CHAR
                | REGEX
                | SYMBOLIC_VALUE
                | VECTOR
                | LIST
                | SET
                | LITERAL_SYMBOL
                | FN_LITERAL
                | QUOTED
                | SYNTAX_QUOTED
                | UNQUOTED
                | UNQUOTE_SPLICED
                | DEREF
                | VAR_QUOTED
        )
    {
        p.error("metadata must be a symbol, keyword, string or map", range);
    }
    if let Some((kind, range)) = form_after(p, "metadata")
        && matches!(
            kind,
            NUMBER | CHAR | REGEX | SYMBOLIC_VALUE | KEYWORD | STRING | LITERAL_SYMBOL
        )
    {
        p.error(
            "metadata can only be applied to symbols, collections and fns",
            range,
        );
    }
    p.finish();
    WITH_META
}

/// `#?( … )` and `#?@( … )`: the body must be a list of keyword/form pairs.
fn reader_conditional(p: &mut Parser, node: SyntaxKind) -> SyntaxKind {
    let prefix_range = p.current_range();
    p.start(node);
    p.bump();
    while p.current().is_some_and(|k| k == WHITESPACE) {
        p.bump();
    }
    match p.current() {
        Some(L_PAREN) => {
            let errors_before = p.errors.len();
            p.pairs = Some(Vec::new());
            collection(p, LIST);
            let pairs = p.pairs.take().unwrap_or_default();
            if p.errors.len() == errors_before {
                check_features(p, &pairs, prefix_range);
            }
        }
        _ => {
            p.error("reader conditional body must be a list", prefix_range);
            form_after(p, "`#?`");
        }
    }
    p.finish();
    node
}

/// Features (every other form) must be keywords, and forms come in pairs.
fn check_features(p: &mut Parser, forms: &[(SyntaxKind, TextRange)], prefix: TextRange) {
    for (kind, range) in forms.iter().step_by(2) {
        if *kind != KEYWORD {
            p.error("reader conditional feature must be a keyword", *range);
        }
    }
    if forms.len() % 2 == 1 {
        p.error("reader conditional needs an even number of forms", prefix);
    }
}

/// `#:ns{…}`, `#::{…}`, `#::alias{…}`.
fn namespaced_map(p: &mut Parser) -> SyntaxKind {
    let prefix_range = p.current_range();
    p.start(NAMESPACED_MAP);
    p.bump();
    while p.current().is_some_and(|k| k == WHITESPACE) {
        p.bump();
    }
    match p.current() {
        Some(L_BRACE) => {
            collection(p, MAP);
        }
        _ => p.error("namespaced map must specify a map", prefix_range),
    }
    p.finish();
    NAMESPACED_MAP
}

/// `#( … )`; nested fn literals are an error, as in Clojure.
fn fn_literal(p: &mut Parser) -> SyntaxKind {
    if p.fn_literals > 0 {
        let range = p.current_range();
        p.error("nested #()s are not allowed", range);
    }
    p.fn_literals += 1;
    collection(p, FN_LITERAL);
    p.fn_literals -= 1;
    FN_LITERAL
}

/// A delimited collection: the opener, forms until the matching closer, the closer.
fn collection(p: &mut Parser, node: SyntaxKind) -> SyntaxKind {
    // A reader conditional asks for the kinds of its list's direct children.
    let mut record = p.pairs.take();
    let opener = p.current_text();
    let opener_range = p.current_range();
    let closer = p.current().and_then(SyntaxKind::closer).unwrap_or(R_PAREN);
    let slot = closer_slot(closer);
    p.start(node);
    p.bump();
    p.open[slot] += 1;
    loop {
        let Some(kind) = p.current() else {
            p.unclosed = true;
            p.error(
                format!("unclosed `{opener}`: missing `{}`", closer_text(closer)),
                opener_range,
            );
            break;
        };
        if kind == closer {
            p.bump();
            break;
        }
        if kind.is_closer() {
            if p.open[closer_slot(kind)] > 0 {
                // An enclosing collection expects this closer: this one was never closed.
                let found = p.current_range();
                p.error(
                    format!(
                        "mismatched delimiter: expected `{}` to close `{opener}`, found `{}`",
                        closer_text(closer),
                        closer_text(kind)
                    ),
                    found,
                );
                break;
            }
            stray_closer(p);
        } else if kind.is_trivia() {
            p.bump();
        } else if p.recover_at_column_0 && p.at_column_0() && kind.closer().is_some() {
            p.unclosed = true;
            p.error(
                format!("unclosed `{opener}`: missing `{}`", closer_text(closer)),
                opener_range,
            );
            break;
        } else {
            let start = p.current_range().start();
            let built = form(p);
            if let Some(forms) = record.as_mut()
                && kind != HASH_UNDERSCORE
            {
                forms.push((built, TextRange::new(start, p.current_range().start())));
            }
        }
    }
    p.open[slot] -= 1;
    p.finish();
    p.pairs = record;
    node
}

/// A form nested past [`MAX_DEPTH`]: its tokens are kept, flat, in an `ERROR` node, up to
/// the end of the first complete form (prefixes and trivia before it included).
fn too_deep(p: &mut Parser) {
    let range = p.current_range();
    p.error(format!("nesting deeper than {MAX_DEPTH} levels"), range);
    p.start(ERROR);
    let mut balance = 0u32;
    while let Some(kind) = p.current() {
        let mut complete = false;
        if kind.closer().is_some() {
            balance += 1;
        } else if kind.is_closer() {
            if balance == 0 {
                break;
            }
            balance -= 1;
            complete = balance == 0;
        } else if kind.is_atom() || kind == HASH {
            complete = balance == 0;
        }
        p.bump();
        if complete {
            break;
        }
    }
    p.finish();
}

/// A closer that no open collection expects.
fn stray_closer(p: &mut Parser) {
    let range = p.current_range();
    let text = p.current_text();
    p.error(format!("unmatched delimiter `{text}`"), range);
    p.start(ERROR);
    p.bump();
    p.finish();
}

fn closer_text(kind: SyntaxKind) -> &'static str {
    match kind {
        R_PAREN => ")",
        R_BRACKET => "]",
        _ => "}",
    }
}

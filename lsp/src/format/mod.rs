//! A formatter with cljfmt's default behaviour: re-indent every line by the form it is in
//! (function-call alignment, `Block`/`Inner` rules for macros, see [`rules`]), remove
//! whitespace after opening and before closing brackets, insert a space between forms that
//! touch, drop trailing whitespace, and collapse runs of blank lines to one. It only ever
//! changes whitespace (tested on the whole corpus: the tokens other than whitespace are
//! identical, and formatting twice changes nothing more). Files with syntax errors are not
//! formatted.

pub mod rules;

use syntax::{SyntaxElement, SyntaxKind as K, SyntaxNode, SyntaxToken, TextRange};

use rules::Rule;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coll {
    List,
    Other,
}

/// One element of an open collection: its column, output line, and whether it was the
/// first thing on its line.
#[derive(Debug, Clone, Copy)]
struct Elem {
    col: u32,
    line: u32,
    starts_line: bool,
}

struct Frame {
    kind: Coll,
    /// Column of the opening bracket (its last character for `#{`, `#(`).
    open_col: u32,
    first_line: u32,
    rule: Option<Rule>,
    elems: Vec<Elem>,
}

struct Out {
    text: String,
    line: u32,
    col: u32,
    /// Nothing but indentation on the current line so far.
    fresh_line: bool,
    frames: Vec<Frame>,
}

fn is_coll(k: K) -> bool {
    matches!(k, K::LIST | K::VECTOR | K::MAP | K::SET | K::FN_LITERAL)
}

fn is_open(k: K) -> bool {
    matches!(
        k,
        K::L_PAREN | K::L_BRACKET | K::L_BRACE | K::HASH_L_PAREN | K::HASH_L_BRACE
    )
}

fn is_close(k: K) -> bool {
    matches!(k, K::R_PAREN | K::R_BRACKET | K::R_BRACE)
}

fn is_ws(k: K) -> bool {
    k == K::WHITESPACE
}

impl Out {
    fn emit(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.text.push_str(s);
        match s.rfind('\n') {
            Some(i) => {
                self.line += s.matches('\n').count() as u32;
                self.col = s[i + 1..].chars().count() as u32;
            }
            None => self.col += s.chars().count() as u32,
        }
        self.fresh_line = false;
    }

    fn newlines(&mut self, n: usize, indent: u32) {
        // No trailing whitespace before a line break.
        let trimmed = self.text.trim_end_matches([' ', '\t']).len();
        self.text.truncate(trimmed);
        for _ in 0..n {
            self.text.push('\n');
        }
        self.line += n as u32;
        self.text.extend(std::iter::repeat_n(' ', indent as usize));
        self.col = indent;
        self.fresh_line = true;
    }

    /// The indentation of a line that starts inside the innermost open collection.
    fn indent(&self) -> u32 {
        let Some(f) = self.frames.last() else {
            return 0;
        };
        if f.kind == Coll::Other {
            return f.open_col + 1;
        }
        let args_seen = f.elems.len().saturating_sub(1);
        let inner = match f.rule {
            Some(Rule::Inner) => true,
            Some(Rule::Block(n)) => {
                args_seen == n
                    || (args_seen > n && f.elems.get(n + 1).is_some_and(|e| e.starts_line))
            }
            None => false,
        };
        if inner {
            return f.open_col + 2;
        }
        match f.elems.get(1) {
            Some(second) if second.line == f.first_line => second.col,
            _ => f.open_col + 1,
        }
    }

    fn token(&mut self, t: &SyntaxToken) {
        match t.kind() {
            K::COMMENT => self.emit(t.text().trim_end()),
            _ => self.emit(t.text()),
        }
    }

    /// Whitespace between `prev` and `next` (siblings inside a node).
    fn whitespace(
        &mut self,
        text: &str,
        prev: Option<&SyntaxElement>,
        next: Option<&SyntaxElement>,
        top: bool,
    ) {
        let lines = text.matches('\n').count();
        if top {
            if lines > 0 {
                self.newlines(lines.min(2), 0);
            } else if prev.is_some() && next.is_some() {
                self.emit(text);
            }
            return;
        }
        let after_open = prev.is_none_or(|p| is_open(p.kind()));
        let before_close = next.is_none_or(|n| is_close(n.kind()));
        let after_comment = prev.is_some_and(|p| p.kind() == K::COMMENT);
        if after_comment && lines > 0 {
            // A comment runs to the end of its line: the break must stay.
            let indent = self.indent();
            self.newlines(lines.min(2), indent);
        } else if after_open || before_close {
            // `( foo )` → `(foo)`.
        } else if lines > 0 {
            let indent = self.indent();
            self.newlines(lines.min(2), indent);
        } else {
            self.emit(text);
        }
    }

    fn children(&mut self, n: &SyntaxNode, top: bool) {
        let kids: Vec<SyntaxElement> = n.children_with_tokens().collect();
        let coll = is_coll(n.kind());
        let mut prev_elem = false;
        for (i, k) in kids.iter().enumerate() {
            if is_ws(k.kind()) {
                let prev = i.checked_sub(1).map(|j| &kids[j]);
                let text = k
                    .as_token()
                    .map(|t| t.text().to_string())
                    .unwrap_or_default();
                self.whitespace(&text, prev, kids.get(i + 1), top);
                prev_elem = false;
                continue;
            }
            let element = coll
                && !is_open(k.kind())
                && !is_close(k.kind())
                && k.kind() != K::COMMA
                && k.kind() != K::COMMENT;
            if element {
                if prev_elem {
                    // `(foo(bar))` → `(foo (bar))`.
                    self.emit(" ");
                }
                let starts_line = self.fresh_line || self.text.is_empty();
                let e = Elem {
                    col: self.col,
                    line: self.line,
                    starts_line,
                };
                if let Some(f) = self.frames.last_mut() {
                    if f.elems.is_empty() && f.kind == Coll::List {
                        f.rule = k
                            .as_token()
                            .filter(|t| t.kind() == K::SYMBOL)
                            .and_then(|t| rules::rule(t.text()));
                    }
                    f.elems.push(e);
                }
            }
            prev_elem = element;
            match k {
                rowan::NodeOrToken::Token(t) => {
                    self.token(t);
                    if coll && is_open(t.kind()) {
                        self.frames.push(Frame {
                            kind: if matches!(n.kind(), K::LIST | K::FN_LITERAL) {
                                Coll::List
                            } else {
                                Coll::Other
                            },
                            open_col: self.col - 1,
                            first_line: self.line,
                            rule: None,
                            elems: Vec::new(),
                        });
                    }
                    if coll && is_close(t.kind()) {
                        self.frames.pop();
                    }
                }
                rowan::NodeOrToken::Node(child) => self.children(child, false),
            }
        }
        // An unclosed collection (only in erroneous input, which is not formatted).
        if coll && kids.last().is_none_or(|k| !is_close(k.kind())) {
            self.frames.pop();
        }
    }
}

/// The formatted text, or `None` when the text has syntax errors.
pub fn format(text: &str) -> Option<String> {
    let parse = syntax::parse(text);
    if !parse.errors().is_empty() {
        return None;
    }
    let mut out = Out {
        text: String::with_capacity(text.len()),
        line: 0,
        col: 0,
        fresh_line: true,
        frames: Vec::new(),
    };
    out.children(&parse.syntax(), true);
    // Trailing whitespace at the end of the file: keep its line break, drop spaces.
    let mut s = out.text;
    let trimmed = s.trim_end_matches([' ', '\t']).len();
    s.truncate(trimmed);
    Some(s)
}

/// Edits for the top-level forms overlapping `range` (their text in the input, their
/// formatted text), for range formatting.
pub fn format_range(text: &str, range: TextRange) -> Option<Vec<(TextRange, String)>> {
    let formatted = format(text)?;
    let old = syntax::parse(text);
    let new = syntax::parse(&formatted);
    let forms = |p: &syntax::Parse| -> Vec<TextRange> {
        p.syntax()
            .children_with_tokens()
            .filter(|c| !is_ws(c.kind()))
            .map(|c| c.text_range())
            .collect()
    };
    let (a, b) = (forms(&old), forms(&new));
    if a.len() != b.len() {
        return None;
    }
    Some(
        a.iter()
            .zip(&b)
            .filter(|(o, _)| {
                o.end() > range.start()
                    && o.start() < range.end().max(range.start() + syntax::TextSize::from(1))
            })
            .filter(|(o, n)| text[**o] != formatted[**n])
            .map(|(o, n)| (*o, formatted[*n].to_string()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::format;

    fn check(input: &str, want: &str) {
        let got = format(input).expect("no syntax errors");
        assert_eq!(got, want, "\n--- got ---\n{got}\n--- want ---\n{want}");
        assert_eq!(format(&got).unwrap(), got, "idempotent");
    }

    #[test]
    fn function_calls_align_or_indent_one() {
        check("(foo bar\nbaz)\n", "(foo bar\n     baz)\n");
        check("(foo\nbar\n   baz)\n", "(foo\n bar\n baz)\n");
        check("[1\n2\n  3]", "[1\n 2\n 3]");
        check("{:a 1\n:b 2}", "{:a 1\n :b 2}");
        check("#{1\n2}", "#{1\n  2}");
    }

    #[test]
    fn block_and_inner_rules() {
        check("(let [x 1]\n(inc x))", "(let [x 1]\n  (inc x))");
        check("(defn f [x]\n(inc x))", "(defn f [x]\n  (inc x))");
        check("(do (a)\n(b))", "(do (a)\n    (b))");
        check("(do\n(a)\n(b))", "(do\n  (a)\n  (b))");
        check("(if test\nthen\nelse)", "(if test\n  then\n  else)");
        check("(cond-> x\na (b))", "(cond-> x\n  a (b))");
        check("(defthing x\n:y)", "(defthing x\n  :y)");
        check(
            "(ns a\n(:require [b]\n[c]))",
            "(ns a\n  (:require [b]\n            [c]))",
        );
    }

    #[test]
    fn surrounding_and_missing_whitespace_blank_lines_trailing_spaces() {
        check("( foo  bar )", "(foo  bar)");
        check("(foo(bar)[x]\"s\")", "(foo (bar) [x] \"s\")");
        check("(a)   \n\n\n\n(b)\n", "(a)\n\n(b)\n");
        check("(foo\n  )", "(foo)");
        check("(foo ; note\n)", "(foo ; note\n )");
        check("'(a\nb)", "'(a\n  b)");
    }

    #[test]
    fn strings_and_comments_are_untouched() {
        check("(str \"a\n   b\"\n  c)", "(str \"a\n   b\"\n     c)");
        check(";; c   \n(a)", ";; c\n(a)");
    }

    #[test]
    fn syntax_errors_are_not_formatted() {
        assert_eq!(format("(foo"), None);
    }
}

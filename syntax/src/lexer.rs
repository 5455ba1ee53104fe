//! The lexer: bytes → tokens, trivia included, following the JVM Clojure reader's rules.
//!
//! Tokens are produced on demand (the parser pulls them), never fail, and never allocate: a
//! malformed token still covers its bytes and carries a [`LexError`]. Token boundaries follow
//! `LispReader`: a symbol-like token runs until whitespace or a *terminating* macro character
//! (`" ; @ ^ ` ~ ( ) [ ] { } \`); `#`, `'` and `%` do not end a token.

use crate::SyntaxKind::{self, *};
use crate::validate::{valid_char_name, valid_number, valid_symbol};

/// What is wrong with a token. The message is built from the token text by the parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LexError {
    UnterminatedString,
    UnterminatedRegex,
    InvalidEscape,
    InvalidNumber,
    InvalidSymbol,
    InvalidKeyword,
    InvalidChar,
    /// `\` at the end of input.
    EmptyChar,
    InvalidSymbolicValue,
    /// `#` followed by a character that starts no dispatch form.
    UnknownDispatch,
    /// `#<…`: unreadable form.
    Unreadable,
    /// `#:` not followed by a namespace.
    InvalidNsMapPrefix,
    /// `#tag` whose tag is not a valid symbol.
    InvalidTag,
}

/// One token: its kind, its length in bytes, and an error if it is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: SyntaxKind,
    pub len: u32,
    pub error: Option<LexError>,
}

/// Pulls tokens out of a string.
pub struct Lexer<'a> {
    src: &'a [u8],
    /// Start of the token being lexed.
    start: usize,
    pos: usize,
}

/// Byte classes, one table lookup per byte.
const WS: u8 = 1;
const TERM: u8 = 2;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let ws = b" \t\n\r\x0B\x0C\x1C\x1D\x1E\x1F,";
    let mut i = 0;
    while i < ws.len() {
        t[ws[i] as usize] = WS;
        i += 1;
    }
    let term = b"\";@^`~()[]{}\\";
    let mut i = 0;
    while i < term.len() {
        t[term[i] as usize] = TERM;
        i += 1;
    }
    t
};

/// Length of the Unicode whitespace character (as Java's `Character.isWhitespace` sees it)
/// starting at `s[0]`, if there is one. Non-breaking spaces are not whitespace.
fn unicode_ws_len(s: &[u8]) -> Option<usize> {
    match s {
        [0xE1, 0x9A, 0x80, ..] // U+1680
        | [0xE2, 0x80, 0x80..=0x86 | 0x88..=0x8A | 0xA8 | 0xA9, ..] // U+2000.., U+2028/9
        | [0xE2, 0x81, 0x9F, ..] // U+205F
        | [0xE3, 0x80, 0x80, ..] => Some(3), // U+3000
        _ => None,
    }
}

/// Does whitespace (ASCII, comma or Unicode) start at `s[0]`?
fn is_ws_at(s: &[u8]) -> bool {
    match s.first() {
        Some(&b) if b < 0x80 => CLASS[b as usize] & WS != 0,
        Some(_) => unicode_ws_len(s).is_some(),
        None => false,
    }
}

/// Length of a UTF-8 sequence from its first byte (1 for stray continuation bytes, which
/// cannot occur in a `&str` anyway).
fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Lexer<'a> {
        Lexer {
            src: text.as_bytes(),
            start: 0,
            pos: 0,
        }
    }

    /// The next token, or `None` at the end of input.
    #[inline]
    pub fn next_token(&mut self) -> Option<Token> {
        self.start = self.pos;
        let b = *self.src.get(self.pos)?;
        let (kind, error) = self.lex(b);
        debug_assert!(self.pos > self.start, "lexer made no progress");
        Some(Token {
            kind,
            len: (self.pos - self.start) as u32,
            error,
        })
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.src.get(self.pos + ahead).copied()
    }

    fn text(&self) -> &'a [u8] {
        &self.src[self.start..self.pos]
    }

    fn single(&mut self, kind: SyntaxKind) -> (SyntaxKind, Option<LexError>) {
        self.pos += 1;
        (kind, None)
    }

    fn lex(&mut self, b: u8) -> (SyntaxKind, Option<LexError>) {
        match b {
            b',' => {
                self.pos += 1;
                while self.peek(0) == Some(b',') {
                    self.pos += 1;
                }
                (COMMA, None)
            }
            b';' => {
                self.eat_line();
                (COMMENT, None)
            }
            b'(' => self.single(L_PAREN),
            b')' => self.single(R_PAREN),
            b'[' => self.single(L_BRACKET),
            b']' => self.single(R_BRACKET),
            b'{' => self.single(L_BRACE),
            b'}' => self.single(R_BRACE),
            b'\'' => self.single(QUOTE),
            b'`' => self.single(BACKTICK),
            b'@' => self.single(AT),
            b'^' => self.single(CARET),
            b'~' if self.peek(1) == Some(b'@') => {
                self.pos += 2;
                (TILDE_AT, None)
            }
            b'~' => self.single(TILDE),
            b'"' => {
                self.pos += 1;
                self.string_body(STRING)
            }
            b'\\' => self.char_literal(),
            b'#' => self.dispatch(),
            b':' => {
                self.eat_token_chars();
                let ok = valid_symbol(self.text());
                (KEYWORD, (!ok).then_some(LexError::InvalidKeyword))
            }
            b'0'..=b'9' => self.number(),
            b'+' | b'-' if matches!(self.peek(1), Some(b'0'..=b'9')) => self.number(),
            _ if is_ws_at(&self.src[self.pos..]) => {
                self.eat_whitespace();
                (WHITESPACE, None)
            }
            _ => {
                self.eat_token_chars();
                let ok = valid_symbol(self.text());
                (SYMBOL, (!ok).then_some(LexError::InvalidSymbol))
            }
        }
    }

    /// Consumes whitespace other than commas (commas get their own token).
    fn eat_whitespace(&mut self) {
        loop {
            match self.peek(0) {
                Some(b',') | None => return,
                Some(b) if b < 0x80 => {
                    if CLASS[b as usize] & WS == 0 {
                        return;
                    }
                    self.pos += 1;
                }
                Some(_) => match unicode_ws_len(&self.src[self.pos..]) {
                    Some(n) => self.pos += n,
                    None => return,
                },
            }
        }
    }

    /// Consumes up to (not including) the next `\n`.
    fn eat_line(&mut self) {
        match self.src[self.pos..].iter().position(|&b| b == b'\n') {
            Some(n) => self.pos += n,
            None => self.pos = self.src.len(),
        }
    }

    /// Consumes token constituents: everything up to whitespace or a terminating macro char.
    fn eat_token_chars(&mut self) {
        while let Some(b) = self.peek(0) {
            if b < 0x80 {
                if CLASS[b as usize] != 0 {
                    return;
                }
                self.pos += 1;
            } else {
                if unicode_ws_len(&self.src[self.pos..]).is_some() {
                    return;
                }
                self.pos += utf8_len(b);
            }
        }
    }

    /// Numbers end at any macro character (`LispReader.readNumber` uses `isMacro`), so unlike
    /// symbols they also stop at `#`, `'` and `%`: `1#_x` is `1` then a discard.
    fn number(&mut self) -> (SyntaxKind, Option<LexError>) {
        self.pos += 1;
        while let Some(b) = self.peek(0) {
            if matches!(b, b'#' | b'\'' | b'%') {
                break;
            }
            if b < 0x80 {
                if CLASS[b as usize] != 0 {
                    break;
                }
                self.pos += 1;
            } else {
                if unicode_ws_len(&self.src[self.pos..]).is_some() {
                    break;
                }
                self.pos += utf8_len(b);
            }
        }
        let ok = valid_number(self.text());
        (NUMBER, (!ok).then_some(LexError::InvalidNumber))
    }

    /// After the opening quote: up to and including the closing `"`.
    fn string_body(&mut self, kind: SyntaxKind) -> (SyntaxKind, Option<LexError>) {
        let mut error = None;
        loop {
            let rest = &self.src[self.pos..];
            let Some(i) = rest.iter().position(|&b| b == b'"' || b == b'\\') else {
                self.pos = self.src.len();
                let e = if kind == STRING {
                    LexError::UnterminatedString
                } else {
                    LexError::UnterminatedRegex
                };
                return (kind, Some(e));
            };
            self.pos += i;
            if rest[i] == b'"' {
                self.pos += 1;
                return (kind, error);
            }
            // A backslash: regexes keep any escape; strings allow Java's escapes only.
            self.pos += 1;
            match self.peek(0) {
                None => {}
                Some(c) if kind == REGEX => self.pos += utf8_len(c),
                Some(b't' | b'r' | b'n' | b'\\' | b'"' | b'b' | b'f') => self.pos += 1,
                Some(b'u') => {
                    self.pos += 1;
                    let hex = self.src[self.pos..]
                        .iter()
                        .take(4)
                        .take_while(|b| b.is_ascii_hexdigit())
                        .count();
                    self.pos += hex;
                    if hex != 4 {
                        error.get_or_insert(LexError::InvalidEscape);
                    }
                }
                Some(b'0'..=b'7') => {
                    let digits = self.src[self.pos..]
                        .iter()
                        .take(3)
                        .take_while(|b| (b'0'..=b'7').contains(b))
                        .count();
                    let value = self.src[self.pos..self.pos + digits]
                        .iter()
                        .fold(0u32, |acc, d| acc * 8 + u32::from(d - b'0'));
                    self.pos += digits;
                    if value > 0o377 {
                        error.get_or_insert(LexError::InvalidEscape);
                    }
                }
                Some(c) => {
                    self.pos += utf8_len(c);
                    error.get_or_insert(LexError::InvalidEscape);
                }
            }
        }
    }

    /// `\c`, `\newline`, `\u00e9`, `\o12`: the backslash, one character (any, even a
    /// delimiter or a space), then token constituents.
    fn char_literal(&mut self) -> (SyntaxKind, Option<LexError>) {
        self.pos += 1;
        let Some(b) = self.peek(0) else {
            return (CHAR, Some(LexError::EmptyChar));
        };
        self.pos += utf8_len(b);
        self.eat_token_chars();
        let ok = valid_char_name(&self.text()[1..]);
        (CHAR, (!ok).then_some(LexError::InvalidChar))
    }

    /// Everything that starts with `#`.
    fn dispatch(&mut self) -> (SyntaxKind, Option<LexError>) {
        let two = |lexer: &mut Self, kind| {
            lexer.pos += 2;
            (kind, None)
        };
        match self.peek(1) {
            Some(b'(') => two(self, HASH_L_PAREN),
            Some(b'{') => two(self, HASH_L_BRACE),
            Some(b'\'') => two(self, HASH_QUOTE),
            Some(b'_') => two(self, HASH_UNDERSCORE),
            Some(b'^') => two(self, HASH_CARET),
            Some(b'=') => two(self, HASH_EQ),
            Some(b'?') if self.peek(2) == Some(b'@') => {
                self.pos += 3;
                (HASH_QUESTION_AT, None)
            }
            Some(b'?') => two(self, HASH_QUESTION),
            Some(b'!') => {
                self.eat_line();
                (COMMENT, None)
            }
            Some(b'"') => {
                self.pos += 2;
                self.string_body(REGEX)
            }
            Some(b'#') => {
                self.pos += 2;
                self.eat_token_chars();
                let ok = matches!(&self.text()[2..], b"Inf" | b"-Inf" | b"NaN");
                (
                    SYMBOLIC_VALUE,
                    (!ok).then_some(LexError::InvalidSymbolicValue),
                )
            }
            Some(b':') => {
                self.pos += 2;
                if self.peek(0) == Some(b':') {
                    self.pos += 1;
                }
                self.eat_token_chars();
                let text = self.text();
                let auto = text.starts_with(b"#::");
                let ns = &text[if auto { 3 } else { 2 }..];
                let ok = if ns.is_empty() {
                    auto
                } else {
                    valid_symbol(ns) && !ns.contains(&b'/') && !ns.starts_with(b":")
                };
                (NS_MAP_PREFIX, (!ok).then_some(LexError::InvalidNsMapPrefix))
            }
            Some(b'<') => {
                self.pos += 2;
                (HASH, Some(LexError::Unreadable))
            }
            Some(b) if b < 0x80 && CLASS[b as usize] != 0 => {
                self.pos += 1;
                (HASH, Some(LexError::UnknownDispatch))
            }
            None => {
                self.pos += 1;
                (HASH, Some(LexError::UnknownDispatch))
            }
            Some(_) if unicode_ws_len(&self.src[self.pos + 1..]).is_some() => {
                self.pos += 1;
                (HASH, Some(LexError::UnknownDispatch))
            }
            Some(_) => {
                self.pos += 1;
                self.eat_token_chars();
                let tag = &self.text()[1..];
                let ok = valid_symbol(tag) && !tag.starts_with(b":") && !is_number_start(tag);
                (TAG, (!ok).then_some(LexError::InvalidTag))
            }
        }
    }
}

fn is_number_start(s: &[u8]) -> bool {
    matches!(s, [b'0'..=b'9', ..] | [b'+' | b'-', b'0'..=b'9', ..])
}

/// Lexes the whole text into a vector of tokens (for tests and tools; the parser streams).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut lexer = Lexer::new(text);
    std::iter::from_fn(|| lexer.next_token()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(SyntaxKind, String, Option<LexError>)> {
        let mut pos = 0;
        tokenize(text)
            .into_iter()
            .map(|t| {
                let s = text[pos..pos + t.len as usize].to_string();
                pos += t.len as usize;
                (t.kind, s, t.error)
            })
            .collect()
    }

    fn one(text: &str) -> (SyntaxKind, Option<LexError>) {
        let toks = kinds(text);
        assert_eq!(toks.len(), 1, "{text:?} lexed as {toks:?}");
        (toks[0].0, toks[0].2)
    }

    #[test]
    fn numbers() {
        for ok in [
            "42", "-7", "+3", "0", "0x1F", "0X1f", "017", "2r1010", "36rZZ", "42N", "1.5", "1e10",
            "-1.5e-3", "1.5M", "1/3", "-1/3", "1.", "1.e5", "0x1FN", "1E+4", "12M",
        ] {
            assert_eq!(one(ok), (NUMBER, None), "{ok}");
        }
        for bad in [
            "1.2.3", "08", "1abc", "2r102", "37r1", "0x", "1/", "1/2/3", "1e",
        ] {
            assert_eq!(one(bad), (NUMBER, Some(LexError::InvalidNumber)), "{bad}");
        }
    }

    #[test]
    fn symbols_and_keywords() {
        for ok in [
            "foo",
            "ns/name",
            "/",
            "clojure.core//",
            "..",
            ".method",
            "Class.",
            "a.b/c",
            "+",
            "-",
            "->",
            "a'b",
            "foo#",
            "%",
            "%1",
            "%&",
            "nil",
            "é",
            "日本",
            "a/b/c",
        ] {
            assert_eq!(one(ok), (SYMBOL, None), "{ok}");
        }
        for ok in [
            ":a",
            ":a/b",
            "::a",
            "::alias/b",
            ":a.b/c",
            ":1",
            ":/",
            ":5",
            ":1.10",
        ] {
            assert_eq!(one(ok), (KEYWORD, None), "{ok}");
        }
        for bad in [":", "::", ":a:", ":a/", "::a::b", ":a/5"] {
            assert_eq!(one(bad), (KEYWORD, Some(LexError::InvalidKeyword)), "{bad}");
        }
        for bad in ["a:", "a::b", "/a", "a/1"] {
            assert_eq!(one(bad), (SYMBOL, Some(LexError::InvalidSymbol)), "{bad}");
        }
    }

    #[test]
    fn chars() {
        for ok in [
            "\\a",
            "\\newline",
            "\\space",
            "\\tab",
            "\\u00e9",
            "\\o12",
            "\\(",
            "\\\\",
            "\\\"",
            "\\é",
            "\\ ",
            "\\u",
            "\\o",
            "\\formfeed",
            "\\backspace",
            "\\return",
            "\\o377",
        ] {
            assert_eq!(one(ok), (CHAR, None), "{ok}");
        }
        for bad in ["\\ab", "\\u00e", "\\o400", "\\uD800", "\\newlinex"] {
            assert_eq!(one(bad), (CHAR, Some(LexError::InvalidChar)), "{bad}");
        }
        assert_eq!(one("\\"), (CHAR, Some(LexError::EmptyChar)));
        assert_eq!(kinds("\\((")[1].0, L_PAREN);
        assert_eq!(kinds("\\a\\b").len(), 2);
    }

    #[test]
    fn strings_and_regexes() {
        assert_eq!(one(r#""a\"b\n\t\u00e9\101""#), (STRING, None));
        assert_eq!(one("\"multi\nline\""), (STRING, None));
        assert_eq!(one(r#""\q""#), (STRING, Some(LexError::InvalidEscape)));
        assert_eq!(one("\"abc"), (STRING, Some(LexError::UnterminatedString)));
        assert_eq!(one(r#"#"\d+\"x""#), (REGEX, None));
        assert_eq!(one("#\"abc"), (REGEX, Some(LexError::UnterminatedRegex)));
    }

    #[test]
    fn dispatch() {
        let cases = [
            ("#(", HASH_L_PAREN),
            ("#{", HASH_L_BRACE),
            ("#'", HASH_QUOTE),
            ("#_", HASH_UNDERSCORE),
            ("#^", HASH_CARET),
            ("#=", HASH_EQ),
            ("#?", HASH_QUESTION),
            ("#?@", HASH_QUESTION_AT),
            ("#inst", TAG),
            ("#foo/bar", TAG),
            ("#:ns", NS_MAP_PREFIX),
            ("#::", NS_MAP_PREFIX),
            ("#::alias", NS_MAP_PREFIX),
            ("##Inf", SYMBOLIC_VALUE),
            ("##-Inf", SYMBOLIC_VALUE),
            ("##NaN", SYMBOLIC_VALUE),
            ("#!/usr/bin/env bb", COMMENT),
        ];
        for (text, kind) in cases {
            assert_eq!(one(text), (kind, None), "{text}");
        }
        assert_eq!(
            one("##Foo"),
            (SYMBOLIC_VALUE, Some(LexError::InvalidSymbolicValue))
        );
        assert_eq!(
            one("#:"),
            (NS_MAP_PREFIX, Some(LexError::InvalidNsMapPrefix))
        );
        assert_eq!(one("#1"), (TAG, Some(LexError::InvalidTag)));
        assert_eq!(
            kinds("#<foo>")[0],
            (HASH, "#<".into(), Some(LexError::Unreadable))
        );
        assert_eq!(
            kinds("# x")[0],
            (HASH, "#".into(), Some(LexError::UnknownDispatch))
        );
        assert_eq!(kinds("#)")[0].2, Some(LexError::UnknownDispatch));
        assert_eq!(one("#"), (HASH, Some(LexError::UnknownDispatch)));
    }

    #[test]
    fn trivia() {
        let toks = kinds("a ,, b ; c\n\u{3000}d\u{a0}e");
        let k: Vec<_> = toks.iter().map(|t| (t.0, t.1.as_str())).collect();
        assert_eq!(
            k,
            vec![
                (SYMBOL, "a"),
                (WHITESPACE, " "),
                (COMMA, ",,"),
                (WHITESPACE, " "),
                (SYMBOL, "b"),
                (WHITESPACE, " "),
                (COMMENT, "; c"),
                (WHITESPACE, "\n\u{3000}"),
                (SYMBOL, "d\u{a0}e"),
            ]
        );
    }

    #[test]
    fn numbers_also_end_at_non_terminating_macros() {
        let k: Vec<_> = kinds("1#_x 2'a 3%")
            .into_iter()
            .map(|t| (t.0, t.1))
            .collect();
        assert_eq!(k[0], (NUMBER, "1".to_string()));
        assert_eq!(k[1], (HASH_UNDERSCORE, "#_".to_string()));
        assert_eq!(k[4], (NUMBER, "2".to_string()));
        assert_eq!(k[5], (QUOTE, "'".to_string()));
        assert_eq!(k[8], (NUMBER, "3".to_string()));
        assert_eq!(k[9], (SYMBOL, "%".to_string()));
    }

    #[test]
    fn terminating_characters_split_tokens() {
        let k: Vec<_> = kinds("a\"s\"b@c~d`e^f;g")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(
            k,
            vec![
                SYMBOL, STRING, SYMBOL, AT, SYMBOL, TILDE, SYMBOL, BACKTICK, SYMBOL, CARET, SYMBOL,
                COMMENT
            ]
        );
    }
}

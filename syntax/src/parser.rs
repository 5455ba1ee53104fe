//! The parser's cursor: pulls tokens from the lexer, feeds rowan's builder directly, and keeps
//! the errors, the nesting depth and the step budget.
//!
//! There is no intermediate event list: grammar functions in [`crate::grammar`] call
//! `start`/`bump`/`finish` and the green tree is built as they go. Two limits make every input
//! safe: a nesting limit (deeper collections are kept flat inside an `ERROR` node) and a step
//! budget proportional to the input (when it runs out, the rest of the input becomes one
//! `ERROR` node). Neither can be reached by a correct parse of ordinary code.

use rowan::{GreenNode, TextRange, TextSize};

use crate::SyntaxError;
use crate::SyntaxKind::{self, *};
use crate::builder::{Builder, Interner};
use crate::lexer::{LexError, Lexer, Token};

/// Collections nested deeper than this are not built as nodes.
pub const MAX_DEPTH: u32 = 512;

pub(crate) struct Parser<'t, 'i> {
    text: &'t str,
    lexer: Lexer<'t>,
    /// The current token and its start offset; `None` at the end of input.
    current: Option<Token>,
    offset: usize,
    builder: Builder<'i>,
    pub(crate) errors: Vec<SyntaxError>,
    pub(crate) depth: u32,
    /// How many open collections expect each closer: `)`, `]`, `}`.
    pub(crate) open: [u32; 3],
    /// Nesting of fn literals (`#(` inside `#(` is an error).
    pub(crate) fn_literals: u32,
    steps: u64,
    step_limit: u64,
    pub(crate) exhausted: bool,
    /// Set when some collection was still open at the end of input.
    pub(crate) unclosed: bool,
    /// Second-pass recovery: an opener at column 0 closes every open collection.
    pub(crate) recover_at_column_0: bool,
    /// Set by a reader conditional for its list: the kind and range of each direct child.
    pub(crate) pairs: Option<Vec<(SyntaxKind, TextRange)>>,
}

impl<'t, 'i> Parser<'t, 'i> {
    pub(crate) fn new(text: &'t str, interner: &'i mut Interner) -> Parser<'t, 'i> {
        let mut lexer = Lexer::new(text);
        let current = lexer.next_token();
        Parser {
            text,
            lexer,
            current,
            offset: 0,
            builder: Builder::new(interner),
            errors: Vec::new(),
            depth: 0,
            open: [0; 3],
            fn_literals: 0,
            steps: 0,
            step_limit: 64 * text.len() as u64 + 4096,
            exhausted: false,
            unclosed: false,
            recover_at_column_0: false,
            pairs: None,
        }
    }

    /// The kind of the current token, or `None` at the end of input (or when the step budget
    /// is spent, which looks like the end of input to the grammar).
    #[inline]
    pub(crate) fn current(&mut self) -> Option<SyntaxKind> {
        self.steps += 1;
        if self.steps > self.step_limit {
            self.exhausted = true;
            return None;
        }
        self.current.map(|t| t.kind)
    }

    /// Range of the current token.
    pub(crate) fn current_range(&self) -> TextRange {
        let len = self.current.map_or(0, |t| t.len);
        TextRange::at(TextSize::from(self.offset as u32), TextSize::from(len))
    }

    /// Text of the current token.
    pub(crate) fn current_text(&self) -> &'t str {
        &self.text[self.current_range()]
    }

    /// Is the current token at the start of a line?
    pub(crate) fn at_column_0(&self) -> bool {
        self.offset == 0 || self.text.as_bytes()[self.offset - 1] == b'\n'
    }

    /// Adds the current token to the tree (recording its lexical error) and advances.
    pub(crate) fn bump(&mut self) {
        let Some(token) = self.current else { return };
        let range = self.current_range();
        if let Some(error) = token.error {
            let message = lex_error_message(
                error,
                &self.text[range],
                &self.text[usize::from(range.end())..],
            );
            self.errors.push(SyntaxError::new(message, range));
        }
        self.builder.token(token.kind, &self.text[range]);
        self.offset += token.len as usize;
        self.current = self.lexer.next_token();
    }

    pub(crate) fn start(&mut self, kind: SyntaxKind) {
        self.builder.start_node(kind);
    }

    pub(crate) fn finish(&mut self) {
        self.builder.finish_node();
    }

    pub(crate) fn error(&mut self, message: impl Into<String>, range: TextRange) {
        self.errors.push(SyntaxError::new(message.into(), range));
    }

    /// Ends the parse: when the step budget ran out, the unread rest becomes one `ERROR` node.
    pub(crate) fn finish_root(mut self) -> (GreenNode, Vec<SyntaxError>) {
        if self.current.is_some() {
            let start = self.offset as u32;
            self.start(ERROR);
            while let Some(token) = self.current {
                let range = self.current_range();
                self.builder.token(token.kind, &self.text[range]);
                self.offset += token.len as usize;
                self.current = self.lexer.next_token();
            }
            self.finish();
            let range = TextRange::new(start.into(), (self.text.len() as u32).into());
            self.error(
                "parser step limit reached: the rest of the input is not parsed",
                range,
            );
        }
        self.finish();
        (self.builder.finish(), self.errors)
    }
}

/// Index of a closer in [`Parser::open`].
pub(crate) fn closer_slot(kind: SyntaxKind) -> usize {
    match kind {
        R_PAREN => 0,
        R_BRACKET => 1,
        _ => 2,
    }
}

fn lex_error_message(error: LexError, text: &str, after: &str) -> String {
    match error {
        LexError::UnterminatedString => "unterminated string: missing closing `\"`".into(),
        LexError::UnterminatedRegex => "unterminated regex: missing closing `\"`".into(),
        LexError::InvalidEscape => {
            format!("unsupported escape character in string {}", short(text))
        }
        LexError::InvalidNumber => format!("invalid number `{text}`"),
        LexError::InvalidSymbol => format!("invalid symbol `{text}`"),
        LexError::InvalidKeyword => format!("invalid keyword `{text}`"),
        LexError::InvalidChar => format!("unsupported character `{text}`"),
        LexError::EmptyChar => "`\\` at the end of input: expected a character".into(),
        LexError::InvalidSymbolicValue => {
            format!("unknown symbolic value `{text}`: expected ##Inf, ##-Inf or ##NaN")
        }
        LexError::UnknownDispatch => match after.chars().next() {
            None => "`#` at the end of input: expected a dispatch form".into(),
            Some(c) if c.is_whitespace() => "`#` followed by whitespace: no dispatch macro".into(),
            Some(c) => format!("no dispatch macro for `#{c}`"),
        },
        LexError::Unreadable => "unreadable form: `#<` cannot be read back".into(),
        LexError::InvalidNsMapPrefix => {
            format!("invalid namespaced map prefix `{text}`: expected `#:ns`, `#::` or `#::alias`")
        }
        LexError::InvalidTag => format!("invalid reader tag `{text}`: a tag must be a symbol"),
    }
}

/// A string token shortened for messages.
fn short(text: &str) -> String {
    if text.chars().count() <= 24 {
        text.to_string()
    } else {
        let head: String = text.chars().take(20).collect();
        format!("{head}…")
    }
}

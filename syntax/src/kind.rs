//! `SyntaxKind`: the one table of token and node kinds of the dialect's reader grammar.
//!
//! Tokens come first (trivia, delimiters, prefixes, atoms), then nodes. Atoms (symbols,
//! numbers, strings, …) are tokens directly under their parent node: there is no wrapper
//! node per atom, which keeps the tree small and the parser fast. The typed layer in
//! [`crate::ast`] hides that detail.

/// Every kind of token and node in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u16)]
#[allow(non_camel_case_types)]
pub enum SyntaxKind {
    // ---- trivia ----
    /// Spaces, tabs, newlines and the other characters Clojure treats as whitespace.
    WHITESPACE = 0,
    /// A run of commas (whitespace to the reader, kept apart for formatters).
    COMMA,
    /// `; …` up to the end of the line, and `#! …` (the shebang line, and a comment anywhere).
    COMMENT,

    // ---- delimiters ----
    L_PAREN,
    R_PAREN,
    L_BRACKET,
    R_BRACKET,
    L_BRACE,
    R_BRACE,
    /// `#(` opening a fn literal.
    HASH_L_PAREN,
    /// `#{` opening a set.
    HASH_L_BRACE,

    // ---- prefixes ----
    /// `'`
    QUOTE,
    /// `` ` ``
    BACKTICK,
    /// `~`
    TILDE,
    /// `~@`
    TILDE_AT,
    /// `@`
    AT,
    /// `^`
    CARET,
    /// `#^` (old metadata syntax)
    HASH_CARET,
    /// `#'`
    HASH_QUOTE,
    /// `#_`
    HASH_UNDERSCORE,
    /// `#?`
    HASH_QUESTION,
    /// `#?@`
    HASH_QUESTION_AT,
    /// `#=`
    HASH_EQ,
    /// `#:ns`, `#::` or `#::alias` before a namespaced map.
    NS_MAP_PREFIX,
    /// `#tag` of a tagged literal (`#inst`, `#uuid`, `#foo/bar`).
    TAG,
    /// A `#` that starts no valid dispatch (always carries an error).
    HASH,

    // ---- atoms ----
    SYMBOL,
    KEYWORD,
    NUMBER,
    STRING,
    REGEX,
    CHAR,
    /// `##Inf`, `##-Inf`, `##NaN`.
    SYMBOLIC_VALUE,

    // ---- nodes ----
    /// The whole file.
    ROOT,
    LIST,
    VECTOR,
    MAP,
    SET,
    /// `#( … )`
    FN_LITERAL,
    /// `#:ns{ … }`: an `NS_MAP_PREFIX` token then a `MAP` node.
    NAMESPACED_MAP,
    /// `'form`
    QUOTED,
    /// `` `form ``
    SYNTAX_QUOTED,
    /// `~form`
    UNQUOTED,
    /// `~@form`
    UNQUOTE_SPLICED,
    /// `@form`
    DEREF,
    /// `^meta target` (also `#^`): the caret, the metadata form, then the target form.
    WITH_META,
    /// `#'sym`
    VAR_QUOTED,
    /// `#_ form`: read and dropped by the reader; trivia to everything above the syntax layer.
    DISCARDED,
    /// `#?( … )`: the prefix then a `LIST` of feature/form pairs.
    READER_COND,
    /// `#?@( … )`
    READER_COND_SPLICING,
    /// `#tag form`
    TAGGED_LITERAL,
    /// `#=form` (read-time eval; parsed, flagged by the linter).
    READ_EVAL,
    /// Input the parser could not make sense of (stray closers, over-deep nesting, …).
    ERROR,
}

use SyntaxKind::*;

impl SyntaxKind {
    /// Number of kinds; `ERROR` is the last one.
    pub const COUNT: u16 = ERROR as u16 + 1;

    /// Whitespace, commas and comments: everything the reader skips between forms.
    pub fn is_trivia(self) -> bool {
        matches!(self, WHITESPACE | COMMA | COMMENT)
    }

    /// Tokens that close a collection.
    pub fn is_closer(self) -> bool {
        matches!(self, R_PAREN | R_BRACKET | R_BRACE)
    }

    /// Atom tokens: forms that are a single token.
    pub fn is_atom(self) -> bool {
        matches!(
            self,
            SYMBOL | KEYWORD | NUMBER | STRING | REGEX | CHAR | SYMBOLIC_VALUE
        )
    }

    /// Is this a node kind (as opposed to a token kind)?
    pub fn is_node(self) -> bool {
        self as u16 >= ROOT as u16
    }

    /// The closing token kind for an opening one.
    pub fn closer(self) -> Option<SyntaxKind> {
        match self {
            L_PAREN | HASH_L_PAREN => Some(R_PAREN),
            L_BRACKET => Some(R_BRACKET),
            L_BRACE | HASH_L_BRACE => Some(R_BRACE),
            _ => None,
        }
    }

    fn from_raw(raw: u16) -> SyntaxKind {
        assert!(raw < Self::COUNT, "invalid SyntaxKind {raw}");
        // SAFETY: `SyntaxKind` is `repr(u16)` with contiguous discriminants 0..COUNT,
        // and the assert above keeps `raw` within that range.
        unsafe { std::mem::transmute::<u16, SyntaxKind>(raw) }
    }
}

impl From<SyntaxKind> for rowan::SyntaxKind {
    fn from(kind: SyntaxKind) -> Self {
        rowan::SyntaxKind(kind as u16)
    }
}

/// The rowan language tag of the dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Clojure {}

impl rowan::Language for Clojure {
    type Kind = SyntaxKind;

    fn kind_from_raw(raw: rowan::SyntaxKind) -> SyntaxKind {
        SyntaxKind::from_raw(raw.0)
    }

    fn kind_to_raw(kind: SyntaxKind) -> rowan::SyntaxKind {
        kind.into()
    }
}

/// A node of the red (positioned) tree.
pub type SyntaxNode = rowan::SyntaxNode<Clojure>;
/// A token of the red tree.
pub type SyntaxToken = rowan::SyntaxToken<Clojure>;
/// A node or a token of the red tree.
pub type SyntaxElement = rowan::SyntaxElement<Clojure>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_round_trip_covers_every_kind() {
        for raw in 0..SyntaxKind::COUNT {
            let kind = SyntaxKind::from_raw(raw);
            assert_eq!(kind as u16, raw);
        }
        assert!(ROOT.is_node() && !SYMBOL.is_node());
        assert_eq!(HASH_L_PAREN.closer(), Some(R_PAREN));
    }
}

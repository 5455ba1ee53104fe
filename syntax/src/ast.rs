//! Typed views over the syntax tree: zero-cost newtypes around rowan nodes and tokens, with
//! accessors that return `Option` (the tree may be incomplete).
//!
//! [`Form`] is any readable form. Collections, prefixed forms and the other compound forms
//! are nodes; atoms (symbols, keywords, numbers, strings, characters, regexes, `##Inf`) are
//! tokens. Trivia, `#_` discards and error nodes are never forms: iterating over a
//! collection's forms skips them, as the reader does.

use crate::SyntaxKind::{self, *};
use crate::{SyntaxElement, SyntaxNode, SyntaxToken, TextRange};

/// A typed node.
pub trait AstNode: Sized {
    fn can_cast(kind: SyntaxKind) -> bool;
    fn cast(node: SyntaxNode) -> Option<Self>;
    fn syntax(&self) -> &SyntaxNode;
}

/// A typed token.
pub trait AstToken: Sized {
    fn can_cast(kind: SyntaxKind) -> bool;
    fn cast(token: SyntaxToken) -> Option<Self>;
    fn syntax(&self) -> &SyntaxToken;
    fn text(&self) -> &str {
        self.syntax().text()
    }
}

macro_rules! ast_node {
    ($($(#[$doc:meta])* $name:ident = $kind:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(SyntaxNode);
        impl AstNode for $name {
            fn can_cast(kind: SyntaxKind) -> bool { kind == $kind }
            fn cast(node: SyntaxNode) -> Option<Self> {
                Self::can_cast(node.kind()).then(|| $name(node))
            }
            fn syntax(&self) -> &SyntaxNode { &self.0 }
        }
    )*};
}

macro_rules! ast_token {
    ($($(#[$doc:meta])* $name:ident = $kind:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(SyntaxToken);
        impl AstToken for $name {
            fn can_cast(kind: SyntaxKind) -> bool { kind == $kind }
            fn cast(token: SyntaxToken) -> Option<Self> {
                Self::can_cast(token.kind()).then(|| $name(token))
            }
            fn syntax(&self) -> &SyntaxToken { &self.0 }
        }
    )*};
}

ast_node! {
    /// `( … )`
    List = LIST;
    /// `[ … ]`
    Vector = VECTOR;
    /// `{ … }`
    Map = MAP;
    /// `#{ … }`
    Set = SET;
    /// `#( … )`
    FnLiteral = FN_LITERAL;
    /// `#:ns{ … }`
    NamespacedMap = NAMESPACED_MAP;
    /// `'form`
    Quoted = QUOTED;
    /// `` `form ``
    SyntaxQuoted = SYNTAX_QUOTED;
    /// `~form`
    Unquoted = UNQUOTED;
    /// `~@form`
    UnquoteSpliced = UNQUOTE_SPLICED;
    /// `@form`
    Deref = DEREF;
    /// `^meta target`
    WithMeta = WITH_META;
    /// `#'sym`
    VarQuoted = VAR_QUOTED;
    /// `#?( … )`
    ReaderCond = READER_COND;
    /// `#?@( … )`
    ReaderCondSplicing = READER_COND_SPLICING;
    /// `#tag form`
    TaggedLiteral = TAGGED_LITERAL;
    /// `#=form`
    ReadEval = READ_EVAL;
    /// `#_ form`
    Discarded = DISCARDED;
}

ast_token! {
    Symbol = SYMBOL;
    Keyword = KEYWORD;
    Number = NUMBER;
    Str = STRING;
    Regex = REGEX;
    Char = CHAR;
    /// `##Inf`, `##-Inf`, `##NaN`
    SymbolicValue = SYMBOLIC_VALUE;
}

/// The root of a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Root(SyntaxNode);

impl Root {
    pub(crate) fn cast_root(node: SyntaxNode) -> Root {
        Root(node)
    }

    pub fn syntax(&self) -> &SyntaxNode {
        &self.0
    }

    /// The top-level forms.
    pub fn forms(&self) -> impl Iterator<Item = Form> + '_ {
        forms_of(&self.0)
    }
}

/// Any form the reader would return.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Form {
    List(List),
    Vector(Vector),
    Map(Map),
    Set(Set),
    FnLiteral(FnLiteral),
    NamespacedMap(NamespacedMap),
    Quoted(Quoted),
    SyntaxQuoted(SyntaxQuoted),
    Unquoted(Unquoted),
    UnquoteSpliced(UnquoteSpliced),
    Deref(Deref),
    WithMeta(WithMeta),
    VarQuoted(VarQuoted),
    ReaderCond(ReaderCond),
    ReaderCondSplicing(ReaderCondSplicing),
    TaggedLiteral(TaggedLiteral),
    ReadEval(ReadEval),
    Symbol(Symbol),
    Keyword(Keyword),
    Number(Number),
    Str(Str),
    Regex(Regex),
    Char(Char),
    SymbolicValue(SymbolicValue),
}

impl Form {
    /// A form from a tree element; `None` for trivia, discards, errors and delimiters.
    pub fn cast(element: SyntaxElement) -> Option<Form> {
        match element {
            rowan::NodeOrToken::Node(node) => Form::cast_node(node),
            rowan::NodeOrToken::Token(token) => Form::cast_token(token),
        }
    }

    fn cast_node(n: SyntaxNode) -> Option<Form> {
        Some(match n.kind() {
            LIST => Form::List(List(n)),
            VECTOR => Form::Vector(Vector(n)),
            MAP => Form::Map(Map(n)),
            SET => Form::Set(Set(n)),
            FN_LITERAL => Form::FnLiteral(FnLiteral(n)),
            NAMESPACED_MAP => Form::NamespacedMap(NamespacedMap(n)),
            QUOTED => Form::Quoted(Quoted(n)),
            SYNTAX_QUOTED => Form::SyntaxQuoted(SyntaxQuoted(n)),
            UNQUOTED => Form::Unquoted(Unquoted(n)),
            UNQUOTE_SPLICED => Form::UnquoteSpliced(UnquoteSpliced(n)),
            DEREF => Form::Deref(Deref(n)),
            WITH_META => Form::WithMeta(WithMeta(n)),
            VAR_QUOTED => Form::VarQuoted(VarQuoted(n)),
            READER_COND => Form::ReaderCond(ReaderCond(n)),
            READER_COND_SPLICING => Form::ReaderCondSplicing(ReaderCondSplicing(n)),
            TAGGED_LITERAL => Form::TaggedLiteral(TaggedLiteral(n)),
            READ_EVAL => Form::ReadEval(ReadEval(n)),
            _ => return None,
        })
    }

    fn cast_token(t: SyntaxToken) -> Option<Form> {
        Some(match t.kind() {
            SYMBOL => Form::Symbol(Symbol(t)),
            KEYWORD => Form::Keyword(Keyword(t)),
            NUMBER => Form::Number(Number(t)),
            STRING => Form::Str(Str(t)),
            REGEX => Form::Regex(Regex(t)),
            CHAR => Form::Char(Char(t)),
            SYMBOLIC_VALUE => Form::SymbolicValue(SymbolicValue(t)),
            _ => return None,
        })
    }

    /// The underlying element.
    pub fn syntax(&self) -> SyntaxElement {
        macro_rules! each {
            ($($v:ident),*) => {
                match self {
                    $(Form::$v(x) => x.syntax().clone().into(),)*
                }
            };
        }
        each!(
            List,
            Vector,
            Map,
            Set,
            FnLiteral,
            NamespacedMap,
            Quoted,
            SyntaxQuoted,
            Unquoted,
            UnquoteSpliced,
            Deref,
            WithMeta,
            VarQuoted,
            ReaderCond,
            ReaderCondSplicing,
            TaggedLiteral,
            ReadEval,
            Symbol,
            Keyword,
            Number,
            Str,
            Regex,
            Char,
            SymbolicValue
        )
    }

    pub fn text_range(&self) -> TextRange {
        self.syntax().text_range()
    }

    pub fn kind(&self) -> SyntaxKind {
        self.syntax().kind()
    }

    /// The symbol, if this form is one.
    pub fn as_symbol(&self) -> Option<&Symbol> {
        match self {
            Form::Symbol(s) => Some(s),
            _ => None,
        }
    }

    /// The forms inside, for collections (the list of a reader conditional, the map of a
    /// namespaced map); empty for everything else.
    pub fn children(&self) -> Vec<Form> {
        match self {
            Form::List(x) => x.forms().collect(),
            Form::Vector(x) => x.forms().collect(),
            Form::Map(x) => x.forms().collect(),
            Form::Set(x) => x.forms().collect(),
            Form::FnLiteral(x) => x.forms().collect(),
            Form::NamespacedMap(x) => x.map().map(|m| m.forms().collect()).unwrap_or_default(),
            Form::ReaderCond(x) => x.list().map(|l| l.forms().collect()).unwrap_or_default(),
            Form::ReaderCondSplicing(x) => {
                x.list().map(|l| l.forms().collect()).unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }
}

/// The forms directly under a node.
fn forms_of(node: &SyntaxNode) -> impl Iterator<Item = Form> + use<> {
    node.children_with_tokens().filter_map(Form::cast)
}

macro_rules! collection {
    ($($name:ident),*) => {$(
        impl $name {
            /// The forms between the delimiters.
            pub fn forms(&self) -> impl Iterator<Item = Form> + use<> {
                forms_of(&self.0)
            }
            /// Is the closing delimiter present?
            pub fn is_closed(&self) -> bool {
                self.0.last_token().is_some_and(|t| t.kind().is_closer())
                    && self.0.first_token().map(|t| t.text_range()) != self.0.last_token().map(|t| t.text_range())
            }
        }
    )*};
}
collection!(List, Vector, Map, Set, FnLiteral);

impl List {
    /// The first form: the operator of a call.
    pub fn head(&self) -> Option<Form> {
        self.forms().next()
    }

    /// The head as a symbol: `defn` in `(defn f [])`.
    pub fn head_symbol(&self) -> Option<Symbol> {
        match self.head()? {
            Form::Symbol(s) => Some(s),
            _ => None,
        }
    }
}

impl Map {
    /// Key/value pairs; a missing last value is `None`.
    pub fn entries(&self) -> Vec<(Form, Option<Form>)> {
        let mut forms = self.forms();
        let mut out = Vec::new();
        while let Some(k) = forms.next() {
            out.push((k, forms.next()));
        }
        out
    }
}

macro_rules! prefixed {
    ($($name:ident),*) => {$(
        impl $name {
            /// The form the prefix applies to.
            pub fn form(&self) -> Option<Form> {
                forms_of(&self.0).next()
            }
        }
    )*};
}
prefixed!(
    Quoted,
    SyntaxQuoted,
    Unquoted,
    UnquoteSpliced,
    Deref,
    VarQuoted,
    ReadEval,
    TaggedLiteral,
    Discarded
);

impl WithMeta {
    /// The metadata form (`:private` in `^:private x`).
    pub fn meta(&self) -> Option<Form> {
        forms_of(&self.0).next()
    }

    /// The form the metadata is attached to.
    pub fn target(&self) -> Option<Form> {
        forms_of(&self.0).nth(1)
    }

    /// Is this the old `#^` syntax?
    pub fn is_old_syntax(&self) -> bool {
        self.0.first_token().is_some_and(|t| t.kind() == HASH_CARET)
    }
}

macro_rules! reader_cond {
    ($($name:ident),*) => {$(
        impl $name {
            /// The list of feature/form pairs.
            pub fn list(&self) -> Option<List> {
                self.0.children().find_map(List::cast)
            }

            /// `(feature, form)` pairs: `(:clj x)`, `(:cljs y)`, `(:default z)`.
            pub fn branches(&self) -> Vec<(Form, Option<Form>)> {
                let mut out = Vec::new();
                if let Some(list) = self.list() {
                    let mut forms = list.forms();
                    while let Some(feature) = forms.next() {
                        out.push((feature, forms.next()));
                    }
                }
                out
            }

            /// The form for a feature (`"clj"`, `"cljw"`, `"default"`), if a branch names it.
            pub fn branch(&self, feature: &str) -> Option<Form> {
                self.branches().into_iter().find_map(|(f, form)| match f {
                    Form::Keyword(k) if k.namespace().is_none() && k.name() == feature => form,
                    _ => None,
                })
            }
        }
    )*};
}
reader_cond!(ReaderCond, ReaderCondSplicing);

impl NamespacedMap {
    /// The namespace after `#:`, or the alias after `#::`; `None` for `#::{…}`.
    pub fn namespace(&self) -> Option<String> {
        let prefix = self.0.first_token()?;
        let text = prefix.text();
        let ns = text
            .strip_prefix("#::")
            .or_else(|| text.strip_prefix("#:"))?;
        (!ns.is_empty()).then(|| ns.to_string())
    }

    /// `#::` or `#::alias`: resolved against the current namespace or its aliases.
    pub fn is_auto_resolved(&self) -> bool {
        self.0
            .first_token()
            .is_some_and(|t| t.text().starts_with("#::"))
    }

    pub fn map(&self) -> Option<Map> {
        self.0.children().find_map(Map::cast)
    }
}

impl TaggedLiteral {
    /// The tag without its `#`: `inst`, `foo/bar`.
    pub fn tag(&self) -> Option<String> {
        let token = self.0.first_token()?;
        token.text().strip_prefix('#').map(str::to_string)
    }
}

/// Splits `ns/name` as the reader does (`clojure.core//` is `clojure.core` + `/`).
pub fn split_qualified(text: &str) -> (Option<&str>, &str) {
    if text == "/" {
        return (None, text);
    }
    if let Some(ns) = text.strip_suffix("//")
        && !ns.is_empty()
    {
        return (Some(ns), "/");
    }
    match text.rfind('/') {
        Some(i) if i > 0 => (Some(&text[..i]), &text[i + 1..]),
        _ => (None, text),
    }
}

impl Symbol {
    pub fn namespace(&self) -> Option<&str> {
        split_qualified(self.text()).0
    }

    pub fn name(&self) -> &str {
        split_qualified(self.text()).1
    }

    /// `nil`, `true` and `false` are read as values, not symbols.
    pub fn is_literal_value(&self) -> bool {
        matches!(self.text(), "nil" | "true" | "false")
    }
}

impl Keyword {
    /// `::a` and `::alias/b`.
    pub fn is_auto_resolved(&self) -> bool {
        self.text().starts_with("::")
    }

    fn body(&self) -> &str {
        let t = self.text();
        t.strip_prefix("::")
            .or_else(|| t.strip_prefix(':'))
            .unwrap_or(t)
    }

    /// The namespace (or, for `::alias/b`, the alias).
    pub fn namespace(&self) -> Option<&str> {
        split_qualified(self.body()).0
    }

    pub fn name(&self) -> &str {
        split_qualified(self.body()).1
    }
}

/// What a number literal reads as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// A 64-bit integer (hex, octal and radix included).
    Long,
    /// `42N`
    BigInt,
    Double,
    /// `1.5M`
    BigDecimal,
    /// `1/3`
    Ratio,
}

impl Number {
    /// `None` for an invalid number.
    pub fn kind(&self) -> Option<NumberKind> {
        let t = self.text();
        if !crate::valid_number(t.as_bytes()) {
            return None;
        }
        let body = t.trim_start_matches(['+', '-']);
        let is_hex = body.starts_with("0x") || body.starts_with("0X");
        let is_radix = body.contains(['r', 'R']);
        Some(if body.contains('/') {
            NumberKind::Ratio
        } else if is_hex {
            if t.ends_with('N') {
                NumberKind::BigInt
            } else {
                NumberKind::Long
            }
        } else if is_radix {
            // The digit pattern is greedy: with a radix of 24 or more, a final `N` is a digit.
            let radix: u32 = body.split(['r', 'R']).next()?.parse().ok()?;
            if t.ends_with('N') && radix < 24 {
                NumberKind::BigInt
            } else {
                NumberKind::Long
            }
        } else if t.ends_with('M') {
            NumberKind::BigDecimal
        } else if body.contains(['.', 'e', 'E']) {
            NumberKind::Double
        } else if t.ends_with('N') {
            NumberKind::BigInt
        } else {
            NumberKind::Long
        })
    }
}

impl Str {
    /// The string's value with escapes resolved; `None` when unterminated or malformed.
    pub fn value(&self) -> Option<String> {
        let t = self.text();
        let inner = t.strip_prefix('"')?.strip_suffix('"')?;
        if t.len() < 2 {
            return None;
        }
        unescape(inner)
    }
}

fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next()?;
        out.push(match e {
            't' => '\t',
            'r' => '\r',
            'n' => '\n',
            'b' => '\u{8}',
            'f' => '\u{c}',
            '\\' | '"' => e,
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
            }
            '0'..='7' => {
                let mut v = e.to_digit(8)?;
                for _ in 0..2 {
                    match chars.clone().next().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                char::from_u32(v)?
            }
            _ => return None,
        });
    }
    Some(out)
}

impl Char {
    /// The character; `None` when malformed.
    pub fn value(&self) -> Option<char> {
        let name = self.text().strip_prefix('\\')?;
        if !crate::valid_char_name(name.as_bytes()) {
            return None;
        }
        let mut chars = name.chars();
        let first = chars.next()?;
        if chars.next().is_none() {
            return Some(first);
        }
        match name {
            "newline" => Some('\n'),
            "space" => Some(' '),
            "tab" => Some('\t'),
            "backspace" => Some('\u{8}'),
            "formfeed" => Some('\u{c}'),
            "return" => Some('\r'),
            _ if first == 'u' => char::from_u32(u32::from_str_radix(&name[1..], 16).ok()?),
            _ => char::from_u32(u32::from_str_radix(&name[1..], 8).ok()?),
        }
    }
}

impl Regex {
    /// The pattern source between `#"` and `"`, escapes kept as written.
    pub fn pattern(&self) -> Option<&str> {
        let t = self.text();
        if t.len() < 3 {
            return None;
        }
        t.strip_prefix("#\"")?.strip_suffix('"')
    }
}

impl SymbolicValue {
    pub fn value(&self) -> Option<f64> {
        match self.text() {
            "##Inf" => Some(f64::INFINITY),
            "##-Inf" => Some(f64::NEG_INFINITY),
            "##NaN" => Some(f64::NAN),
            _ => None,
        }
    }
}

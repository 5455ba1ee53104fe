//! The analyser's view of code: a small owned tree lowered from the syntax tree, with reader
//! conditionals already resolved and every node carrying the source range it came from.
//!
//! Lowering picks one branch of each reader conditional (`:cljw`, else `:clj`, else
//! `:default`), splices `#?@`, and drops `#_` discards. The branches not taken are kept aside
//! as [`Inactive`] symbols: they never produce findings, but a binding, alias or refer used
//! only there is not "unused". Macro expansions are lowered into the same tree (see
//! `expand.rs`), so one walker analyses both.

use syntax::TextRange;
use syntax::ast::{self, AstToken, Form, NumberKind};

/// A form, owned, with its source range.
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    pub range: TextRange,
}

/// What a node is.
#[derive(Debug, Clone)]
pub enum NodeKind {
    List(Vec<Node>),
    Vector(Vec<Node>),
    Map(Vec<Node>),
    Set(Vec<Node>),
    /// `#( … )`
    FnLit(Vec<Node>),
    Symbol(Sym),
    Keyword(Kw),
    Lit(Lit),
    Quote(Box<Node>),
    SyntaxQuote(Box<Node>),
    Unquote(Box<Node>),
    UnquoteSplice(Box<Node>),
    Deref(Box<Node>),
    Meta {
        meta: Box<Node>,
        target: Box<Node>,
    },
    VarQuote(Box<Node>),
    /// `#tag form`
    Tagged(String, Box<Node>),
    /// `#=form`
    ReadEval(Box<Node>),
}

/// A symbol, split as the reader splits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sym {
    pub ns: Option<String>,
    pub name: String,
    /// Produced by a macro rather than written at this place (its range is the call's).
    pub synthetic: bool,
}

impl Sym {
    pub fn full(&self) -> String {
        match &self.ns {
            Some(ns) => format!("{ns}/{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// A keyword: `:a`, `:ns/a`, `::a`, `::alias/a`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Kw {
    pub ns: Option<String>,
    pub name: String,
    pub auto: bool,
}

/// A literal value other than symbols and keywords.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    Nil,
    Bool(bool),
    Number(NumKind, String),
    Str(String),
    /// The literal as written: `\a`, `\newline`.
    Char(String),
    /// The literal as written: `#"a+"`.
    Regex(String),
    /// `##Inf`, `##NaN`, as written.
    Symbolic(String),
}

/// Numeric literal kinds, for type checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumKind {
    Integer,
    Float,
    Ratio,
    Invalid,
}

/// A symbol in a reader-conditional branch that was not taken.
#[derive(Debug, Clone)]
pub struct Inactive {
    pub ns: Option<String>,
    pub name: String,
    pub range: TextRange,
}

/// The reader features a branch may name, best first.
const FEATURES: [&str; 3] = ["cljw", "clj", "default"];

/// Lowers forms, collecting inactive branches into `inactive`.
pub struct Lowerer<'a> {
    pub inactive: &'a mut Vec<Inactive>,
}

impl Lowerer<'_> {
    /// Lowers one form; reader conditionals may yield zero or several nodes.
    pub fn lower_into(&mut self, form: Form, out: &mut Vec<Node>) {
        match form {
            Form::ReaderCond(rc) => {
                let chosen = self.choose(&rc.branches());
                if let Some(f) = chosen {
                    self.lower_into(f, out);
                }
            }
            Form::ReaderCondSplicing(rc) => {
                if let Some(f) = self.choose(&rc.branches()) {
                    for child in f.children() {
                        self.lower_into(child, out);
                    }
                }
            }
            other => {
                if let Some(n) = self.lower(other) {
                    out.push(n);
                }
            }
        }
    }

    /// Picks the branch for the best feature and records the others as inactive.
    fn choose(&mut self, branches: &[(Form, Option<Form>)]) -> Option<Form> {
        let feature_of = |f: &Form| match f {
            Form::Keyword(k) if k.namespace().is_none() => Some(k.name().to_string()),
            _ => None,
        };
        let best = FEATURES.iter().find_map(|want| {
            branches
                .iter()
                .position(|(f, _)| feature_of(f).as_deref() == Some(*want))
        });
        let mut chosen = None;
        for (i, (_, form)) in branches.iter().enumerate() {
            let Some(form) = form else { continue };
            if Some(i) == best {
                chosen = Some(form.clone());
            } else {
                collect_symbols(form, self.inactive);
            }
        }
        chosen
    }

    fn children(&mut self, forms: impl Iterator<Item = Form>) -> Vec<Node> {
        let mut out = Vec::new();
        for f in forms {
            self.lower_into(f, &mut out);
        }
        out
    }

    fn boxed(&mut self, form: Option<Form>, range: TextRange) -> Box<Node> {
        let mut out = Vec::new();
        if let Some(f) = form {
            self.lower_into(f, &mut out);
        }
        Box::new(out.into_iter().next().unwrap_or(Node {
            kind: NodeKind::Lit(Lit::Nil),
            range: TextRange::empty(range.end()),
        }))
    }

    /// Lowers a form that is not a reader conditional.
    pub fn lower(&mut self, form: Form) -> Option<Node> {
        let range = form.text_range();
        let kind = match form {
            Form::List(l) => NodeKind::List(self.children(l.forms())),
            Form::Vector(v) => NodeKind::Vector(self.children(v.forms())),
            Form::Map(m) => NodeKind::Map(self.children(m.forms())),
            Form::Set(s) => NodeKind::Set(self.children(s.forms())),
            Form::FnLiteral(f) => NodeKind::FnLit(self.children(f.forms())),
            Form::NamespacedMap(m) => NodeKind::Map(
                m.map()
                    .map(|m| self.children(m.forms()))
                    .unwrap_or_default(),
            ),
            Form::Quoted(q) => NodeKind::Quote(self.boxed(q.form(), range)),
            Form::SyntaxQuoted(q) => NodeKind::SyntaxQuote(self.boxed(q.form(), range)),
            Form::Unquoted(q) => NodeKind::Unquote(self.boxed(q.form(), range)),
            Form::UnquoteSpliced(q) => NodeKind::UnquoteSplice(self.boxed(q.form(), range)),
            Form::Deref(q) => NodeKind::Deref(self.boxed(q.form(), range)),
            Form::VarQuoted(q) => NodeKind::VarQuote(self.boxed(q.form(), range)),
            Form::ReadEval(q) => NodeKind::ReadEval(self.boxed(q.form(), range)),
            Form::TaggedLiteral(t) => {
                let tag = t.tag().unwrap_or_default();
                NodeKind::Tagged(tag, self.boxed(t.form(), range))
            }
            Form::WithMeta(m) => NodeKind::Meta {
                meta: self.boxed(m.meta(), range),
                target: self.boxed(m.target(), range),
            },
            Form::ReaderCond(_) | Form::ReaderCondSplicing(_) => return None,
            Form::Symbol(s) => match s.text() {
                "nil" => NodeKind::Lit(Lit::Nil),
                "true" => NodeKind::Lit(Lit::Bool(true)),
                "false" => NodeKind::Lit(Lit::Bool(false)),
                _ => NodeKind::Symbol(Sym {
                    ns: s.namespace().map(str::to_string),
                    name: s.name().to_string(),
                    synthetic: false,
                }),
            },
            Form::Keyword(k) => NodeKind::Keyword(Kw {
                ns: k.namespace().map(str::to_string),
                name: k.name().to_string(),
                auto: k.is_auto_resolved(),
            }),
            Form::Number(n) => {
                let kind = match n.kind() {
                    Some(NumberKind::Double | NumberKind::BigDecimal) => NumKind::Float,
                    Some(NumberKind::Ratio) => NumKind::Ratio,
                    Some(_) => NumKind::Integer,
                    None => NumKind::Invalid,
                };
                NodeKind::Lit(Lit::Number(kind, n.text().to_string()))
            }
            Form::Str(s) => NodeKind::Lit(Lit::Str(s.value().unwrap_or_default())),
            Form::Regex(r) => NodeKind::Lit(Lit::Regex(r.text().to_string())),
            Form::Char(c) => NodeKind::Lit(Lit::Char(c.text().to_string())),
            Form::SymbolicValue(v) => NodeKind::Lit(Lit::Symbolic(v.text().to_string())),
        };
        Some(Node { kind, range })
    }
}

/// Every symbol under a form, for inactive branches.
fn collect_symbols(form: &Form, out: &mut Vec<Inactive>) {
    match form.syntax() {
        syntax::SyntaxElement::Token(t) => {
            if let Some(s) = ast::Symbol::cast(t) {
                out.push(Inactive {
                    ns: s.namespace().map(str::to_string),
                    name: s.name().to_string(),
                    range: s.syntax().text_range(),
                });
            }
        }
        syntax::SyntaxElement::Node(n) => {
            for t in n.descendants_with_tokens() {
                if let Some(s) = t.into_token().and_then(ast::Symbol::cast) {
                    out.push(Inactive {
                        ns: s.namespace().map(str::to_string),
                        name: s.name().to_string(),
                        range: s.syntax().text_range(),
                    });
                }
            }
        }
    }
}

impl Node {
    pub fn symbol(&self) -> Option<&Sym> {
        match &self.kind {
            NodeKind::Symbol(s) => Some(s),
            _ => None,
        }
    }

    /// An unqualified symbol's name.
    pub fn simple_name(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Symbol(s) if s.ns.is_none() => Some(&s.name),
            _ => None,
        }
    }

    pub fn keyword(&self) -> Option<&Kw> {
        match &self.kind {
            NodeKind::Keyword(k) => Some(k),
            _ => None,
        }
    }

    pub fn list(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::List(xs) => Some(xs),
            _ => None,
        }
    }

    pub fn vector(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Vector(xs) => Some(xs),
            _ => None,
        }
    }

    pub fn string(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Lit(Lit::Str(s)) => Some(s),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.kind, NodeKind::Map(_))
    }

    /// The node with `^meta` wrappers removed.
    pub fn strip_meta(&self) -> &Node {
        let mut n = self;
        while let NodeKind::Meta { target, .. } = &n.kind {
            n = target;
        }
        n
    }

    /// The metadata maps and keywords attached with `^`, outermost first.
    pub fn metas(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        let mut n = self;
        while let NodeKind::Meta { meta, target } = &n.kind {
            out.push(&**meta);
            n = target;
        }
        out
    }

    /// A short description of a literal's type, for messages (`string`, `keyword`, …).
    pub fn literal_type(&self) -> Option<&'static str> {
        Some(match &self.kind {
            NodeKind::Lit(Lit::Nil) => "nil",
            NodeKind::Lit(Lit::Bool(_)) => "boolean",
            NodeKind::Lit(Lit::Number(..)) | NodeKind::Lit(Lit::Symbolic(_)) => "number",
            NodeKind::Lit(Lit::Str(_)) => "string",
            NodeKind::Lit(Lit::Char(_)) => "character",
            NodeKind::Lit(Lit::Regex(_)) => "regex",
            NodeKind::Keyword(_) => "keyword",
            NodeKind::Vector(_) => "vector",
            NodeKind::Map(_) => "map",
            NodeKind::Set(_) => "set",
            _ => return None,
        })
    }
}

/// Lowers a whole file: its top-level nodes and the inactive symbols.
pub fn lower_file(root: &ast::Root) -> (Vec<Node>, Vec<Inactive>) {
    let mut inactive = Vec::new();
    let mut nodes = Vec::new();
    let mut l = Lowerer {
        inactive: &mut inactive,
    };
    for f in root.forms() {
        l.lower_into(f, &mut nodes);
    }
    (nodes, inactive)
}

impl Node {
    /// A canonical text of the form, equal for forms the reader considers equal (for
    /// duplicate-key checks). Numbers compare by their text; regexes are never equal.
    pub fn canon(&self) -> String {
        let mut out = String::new();
        self.print_into(&mut out, false);
        out
    }

    /// The form printed back as source (metadata, regexes and prefixes included), e.g. to
    /// hand a macro call from an expansion to the runtime.
    pub fn to_source(&self) -> String {
        let mut out = String::new();
        self.print_into(&mut out, true);
        out
    }

    fn print_into(&self, out: &mut String, source: bool) {
        let seq = |out: &mut String, open: &str, xs: &[Node], close: &str| {
            out.push_str(open);
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                x.print_into(out, source);
            }
            out.push_str(close);
        };
        let prefixed = |out: &mut String, p: &str, x: &Node| {
            out.push_str(p);
            x.print_into(out, source);
        };
        match &self.kind {
            NodeKind::List(xs) => seq(out, "(", xs, ")"),
            NodeKind::Vector(xs) => seq(out, "[", xs, "]"),
            NodeKind::Map(xs) => seq(out, "{", xs, "}"),
            NodeKind::Set(xs) => seq(out, "#{", xs, "}"),
            NodeKind::FnLit(xs) => seq(out, "#(", xs, ")"),
            NodeKind::Symbol(s) => out.push_str(&s.full()),
            NodeKind::Keyword(k) => {
                out.push_str(if k.auto { "::" } else { ":" });
                if let Some(ns) = &k.ns {
                    out.push_str(ns);
                    out.push('/');
                }
                out.push_str(&k.name);
            }
            NodeKind::Lit(Lit::Nil) => out.push_str("nil"),
            NodeKind::Lit(Lit::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
            NodeKind::Lit(Lit::Number(_, t)) => out.push_str(t),
            NodeKind::Lit(Lit::Str(s)) => {
                out.push('"');
                for c in s.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\t' => out.push_str("\\t"),
                        '\r' => out.push_str("\\r"),
                        c => out.push(c),
                    }
                }
                out.push('"');
            }
            NodeKind::Lit(Lit::Char(t)) | NodeKind::Lit(Lit::Symbolic(t)) => out.push_str(t),
            NodeKind::Lit(Lit::Regex(t)) if source => out.push_str(t),
            NodeKind::Lit(Lit::Regex(_)) => out.push_str(&format!("#<regex@{:p}>", self)),
            NodeKind::Quote(x) => {
                out.push_str("(quote ");
                x.print_into(out, source);
                out.push(')');
            }
            NodeKind::SyntaxQuote(x) => prefixed(out, "`", x),
            NodeKind::Unquote(x) => prefixed(out, "~", x),
            NodeKind::UnquoteSplice(x) => prefixed(out, "~@", x),
            NodeKind::Deref(x) => prefixed(out, "@", x),
            NodeKind::VarQuote(x) => prefixed(out, "#'", x),
            NodeKind::Tagged(tag, x) => prefixed(out, &format!("#{tag} "), x),
            NodeKind::ReadEval(x) => prefixed(out, "#=", x),
            NodeKind::Meta { meta, target } if source => {
                prefixed(out, "^", meta);
                out.push(' ');
                target.print_into(out, source);
            }
            NodeKind::Meta { target, .. } => target.print_into(out, source),
        }
    }
}

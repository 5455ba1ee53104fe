//! The reader: lowers the `syntax` tree to forms (values), as `LispReader` does — the only
//! reader in the project sits on the one parser.
//!
//! Lists carry `{:line L :column C}` metadata (1-based, columns in characters). Syntax-quote
//! is expanded here, as in Clojure, so the reader needs a [`Resolve`] for the current
//! namespace, aliases and var resolution. Reader conditionals take the first branch whose
//! feature is `:cljw`, `:clj` or `:default`.

use std::rc::Rc;

use syntax::ast::{self, AstToken, Form};
use syntax::{LineIndex, PositionEncoding, TextSize};

use crate::value::num::parse_number;
use crate::value::{Keyword, List, Map, Set, Symbol, Value, Vector};

/// Features this dialect reads in reader conditionals.
pub const FEATURES: &[&str] = &["cljw", "clj"];

/// What the reader must know about the environment.
pub trait Resolve {
    /// The current namespace's name.
    fn current_ns(&self) -> String;
    /// The namespace an alias stands for in the current namespace.
    fn resolve_alias(&self, alias: &str) -> Option<String>;
    /// Syntax-quote's qualification of an unqualified or aliased symbol.
    fn qualify(&self, sym: &Symbol) -> Symbol;
    /// A fresh number for gensyms.
    fn next_id(&self) -> u64;
}

/// A reader error with its position (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ReadError {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

/// Reads every top-level form of `text`. The first syntax error, if any, is the error.
pub fn read_all(text: &str, resolve: &dyn Resolve) -> Result<Vec<Value>, ReadError> {
    let parse = syntax::parse(text);
    let index = LineIndex::new(text);
    if let Some(e) = parse.errors().first() {
        let pos = index.position(PositionEncoding::Utf32, e.range.start());
        return Err(ReadError {
            message: e.message.clone(),
            line: pos.line + 1,
            column: pos.col + 1,
        });
    }
    let mut reader = Reader {
        index: &index,
        resolve,
        gensyms: Vec::new(),
        fn_args: None,
    };
    let mut out = Vec::new();
    for form in parse.root().forms() {
        reader.read_into(&form, &mut out)?;
    }
    Ok(out)
}

/// Reads one top-level form of an already parsed file (`index` is the file's line index):
/// what a REPL or a file loader does between evaluations. A splicing reader conditional may
/// give several values.
pub fn read_form(
    form: &Form,
    index: &LineIndex,
    resolve: &dyn Resolve,
) -> Result<Vec<Value>, ReadError> {
    let mut reader = Reader {
        index,
        resolve,
        gensyms: Vec::new(),
        fn_args: None,
    };
    let mut out = Vec::new();
    reader.read_into(form, &mut out)?;
    Ok(out)
}

struct Reader<'a> {
    index: &'a LineIndex,
    resolve: &'a dyn Resolve,
    /// Gensym environments of the enclosing syntax-quotes (`foo#`).
    gensyms: Vec<Vec<(String, Symbol)>>,
    /// Inside `#(…)`: the arg symbols seen so far (`%1`…, and `%&` as index 0).
    fn_args: Option<Vec<(i64, Symbol)>>,
}

fn list(items: Vec<Value>) -> Value {
    Value::List(Rc::new(List::from_vec(items)))
}

fn sym(ns: Option<&str>, name: &str) -> Value {
    Value::Symbol(Symbol::new(ns, name))
}

fn core(name: &str) -> Value {
    sym(Some("clojure.core"), name)
}

const SPECIAL_FORMS: &[&str] = &[
    "def",
    "if",
    "do",
    "let*",
    "letfn*",
    "fn*",
    "loop*",
    "recur",
    "quote",
    "var",
    "throw",
    "try",
    "catch",
    "finally",
    "set!",
    "new",
    ".",
    "&",
    "case*",
    "monitor-enter",
    "monitor-exit",
    "deftype*",
    "reify*",
    "import*",
];

impl Reader<'_> {
    fn pos(&self, offset: TextSize) -> (u32, u32) {
        let p = self.index.position(PositionEncoding::Utf32, offset);
        (p.line + 1, p.col + 1)
    }

    fn error(&self, form: &Form, message: impl Into<String>) -> ReadError {
        let (line, column) = self.pos(form.text_range().start());
        ReadError {
            message: message.into(),
            line,
            column,
        }
    }

    fn position_meta(&self, form: &Form) -> Value {
        let (line, column) = self.pos(form.text_range().start());
        Value::Map(Rc::new(Map::from_pairs(vec![
            (Value::keyword("line"), Value::Long(i64::from(line))),
            (Value::keyword("column"), Value::Long(i64::from(column))),
        ])))
    }

    /// Reads `form`, appending its value(s) to `out` (a splicing reader conditional may
    /// append several or none).
    fn read_into(&mut self, form: &Form, out: &mut Vec<Value>) -> Result<(), ReadError> {
        if let Form::ReaderCondSplicing(rc) = form {
            if let Some(chosen) = self.choose(&rc.branches()) {
                let items =
                    match &chosen {
                        Form::List(l) => l.forms().collect::<Vec<_>>(),
                        Form::Vector(v) => v.forms().collect(),
                        _ => return Err(self.error(
                            form,
                            "Spliced form list in read-cond-splicing must implement java.util.List",
                        )),
                    };
                for item in items {
                    self.read_into(&item, out)?;
                }
            }
            return Ok(());
        }
        if let Form::ReaderCond(rc) = form {
            if let Some(chosen) = self.choose(&rc.branches()) {
                self.read_into(&chosen, out)?;
            }
            return Ok(());
        }
        out.push(self.read(form)?);
        Ok(())
    }

    fn choose(&self, branches: &[(Form, Option<Form>)]) -> Option<Form> {
        branches.iter().find_map(|(feature, form)| match feature {
            Form::Keyword(k)
                if k.namespace().is_none()
                    && (FEATURES.contains(&k.name()) || k.name() == "default") =>
            {
                form.clone()
            }
            _ => None,
        })
    }

    fn read_children(
        &mut self,
        forms: impl Iterator<Item = Form>,
    ) -> Result<Vec<Value>, ReadError> {
        let mut out = Vec::new();
        for f in forms {
            self.read_into(&f, &mut out)?;
        }
        Ok(out)
    }

    /// Reads exactly one value (reader conditionals must produce one here).
    fn read_one(&mut self, form: &Form) -> Result<Value, ReadError> {
        let mut out = Vec::new();
        self.read_into(form, &mut out)?;
        match out.len() {
            1 => Ok(out.pop().unwrap_or(Value::Nil)),
            _ => Err(self.error(
                form,
                "reader conditional must produce exactly one form here",
            )),
        }
    }

    fn read(&mut self, form: &Form) -> Result<Value, ReadError> {
        Ok(match form {
            Form::Number(n) => parse_number(n.text())
                .ok_or_else(|| self.error(form, format!("Invalid number: {}", n.text())))?,
            Form::Str(s) => Value::str(
                &s.value()
                    .ok_or_else(|| self.error(form, "invalid string"))?,
            ),
            Form::Char(c) => Value::Char(
                c.value()
                    .ok_or_else(|| self.error(form, "invalid character"))?,
            ),
            Form::Regex(r) => {
                let pattern = r.pattern().unwrap_or_default();
                let re = fancy_regex::Regex::new(pattern)
                    .map_err(|e| self.error(form, format!("invalid regex: {e}")))?;
                Value::Regex(Rc::new(re))
            }
            Form::SymbolicValue(s) => Value::Double(s.value().unwrap_or(f64::NAN)),
            Form::Symbol(s) => self.read_symbol(form, s)?,
            Form::Keyword(k) => self.read_keyword(form, k)?,
            Form::List(l) => {
                let items = self.read_children(l.forms())?;
                let v = list(items);
                v.with_meta(Some(self.position_meta(form))).unwrap_or(v)
            }
            Form::Vector(v) => {
                Value::Vector(Rc::new(Vector::from_vec(self.read_children(v.forms())?)))
            }
            Form::Map(m) => self.read_map(form, m.forms(), None)?,
            Form::NamespacedMap(nm) => {
                let ns = match (nm.namespace(), nm.is_auto_resolved()) {
                    (None, _) => self.resolve.current_ns(),
                    (Some(alias), true) => self.resolve.resolve_alias(&alias).ok_or_else(|| {
                        self.error(
                            form,
                            format!("Unknown auto-resolved namespace alias: {alias}"),
                        )
                    })?,
                    (Some(ns), false) => ns,
                };
                let map = nm
                    .map()
                    .ok_or_else(|| self.error(form, "Namespaced map must specify a map"))?;
                self.read_map(form, map.forms(), Some(&ns))?
            }
            Form::Set(s) => {
                let items = self.read_children(s.forms())?;
                let mut set = Set::default();
                for item in items {
                    if set.contains(&item) {
                        return Err(self.error(form, format!("Duplicate key: {item:?}")));
                    }
                    set = set.conj(item);
                }
                Value::Set(Rc::new(set))
            }
            Form::Quoted(q) => list(vec![sym(None, "quote"), self.read_target(form, q.form())?]),
            Form::VarQuoted(q) => list(vec![sym(None, "var"), self.read_target(form, q.form())?]),
            Form::Deref(q) => list(vec![core("deref"), self.read_target(form, q.form())?]),
            Form::Unquoted(_) | Form::UnquoteSpliced(_) if self.gensyms.is_empty() => {
                let inner = match form {
                    Form::Unquoted(q) => q.form(),
                    Form::UnquoteSpliced(q) => q.form(),
                    _ => None,
                };
                let name = if matches!(form, Form::Unquoted(_)) {
                    "unquote"
                } else {
                    "unquote-splicing"
                };
                list(vec![core(name), self.read_target(form, inner)?])
            }
            Form::Unquoted(q) => self.read_target(form, q.form())?,
            Form::UnquoteSpliced(_) => return Err(self.error(form, "splice not in list")),
            Form::SyntaxQuoted(q) => {
                self.gensyms.push(Vec::new());
                let result = match q.form() {
                    Some(inner) => self.syntax_quote(&inner),
                    None => Err(self.error(form, "expected a form after `")),
                };
                self.gensyms.pop();
                result?
            }
            Form::WithMeta(wm) => {
                let meta = wm
                    .meta()
                    .ok_or_else(|| self.error(form, "metadata expected"))?;
                let target = wm
                    .target()
                    .ok_or_else(|| self.error(form, "expected a form after metadata"))?;
                let meta = match self.read_one(&meta)? {
                    Value::Keyword(k) => Value::Map(Rc::new(Map::from_pairs(vec![(
                        Value::Keyword(k),
                        Value::Bool(true),
                    )]))),
                    v @ (Value::Symbol(_) | Value::Str(_)) => {
                        Value::Map(Rc::new(Map::from_pairs(vec![(Value::keyword("tag"), v)])))
                    }
                    v @ Value::Map(_) => v,
                    _ => {
                        return Err(
                            self.error(form, "Metadata must be Symbol,Keyword,String or Map")
                        );
                    }
                };
                let value = self.read_one(&target)?;
                let merged = match (value.meta(), &meta) {
                    (Some(Value::Map(old)), Value::Map(new)) => {
                        let mut m = (**old).clone();
                        for (k, v) in new.entries() {
                            m = m.assoc(k, v);
                        }
                        Value::Map(Rc::new(m))
                    }
                    _ => meta,
                };
                value
                    .with_meta(Some(merged))
                    .ok_or_else(|| self.error(form, "Metadata can only be applied to IMetas"))?
            }
            Form::FnLiteral(f) => self.read_fn_literal(form, f)?,
            Form::TaggedLiteral(t) => {
                let tag = t.tag().unwrap_or_default();
                return Err(self.error(form, format!("No reader function for tag {tag}")));
            }
            Form::ReadEval(_) => {
                return Err(self.error(form, "EvalReader not allowed when *read-eval* is false."));
            }
            Form::ReaderCond(_) | Form::ReaderCondSplicing(_) => self.read_one(form)?,
        })
    }

    fn read_target(&mut self, form: &Form, inner: Option<Form>) -> Result<Value, ReadError> {
        let inner = inner.ok_or_else(|| self.error(form, "expected a form"))?;
        self.read_one(&inner)
    }

    fn read_symbol(&mut self, form: &Form, s: &ast::Symbol) -> Result<Value, ReadError> {
        Ok(match s.text() {
            "nil" => Value::Nil,
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            text => {
                if let Some(args) = self.fn_args.as_mut()
                    && let Some(idx) = fn_arg_index(text)
                {
                    if let Some((_, s)) = args.iter().find(|(i, _)| *i == idx) {
                        return Ok(Value::Symbol(s.clone()));
                    }
                    let name = if idx == 0 {
                        "rest".to_string()
                    } else {
                        format!("p{idx}")
                    };
                    let s = Symbol::new(None, &format!("{name}__{}#", self.resolve.next_id()));
                    args.push((idx, s.clone()));
                    return Ok(Value::Symbol(s));
                }
                let _ = form;
                Value::Symbol(Symbol::parse(text))
            }
        })
    }

    fn read_keyword(&mut self, form: &Form, k: &ast::Keyword) -> Result<Value, ReadError> {
        if !k.is_auto_resolved() {
            return Ok(Value::Keyword(Keyword::intern(k.namespace(), k.name())));
        }
        let ns = match k.namespace() {
            None => self.resolve.current_ns(),
            Some(alias) => self
                .resolve
                .resolve_alias(alias)
                .ok_or_else(|| self.error(form, format!("Invalid token: {}", k.text())))?,
        };
        Ok(Value::Keyword(Keyword::intern(Some(&ns), k.name())))
    }

    fn read_map(
        &mut self,
        form: &Form,
        forms: impl Iterator<Item = Form>,
        ns: Option<&str>,
    ) -> Result<Value, ReadError> {
        let items = self.read_children(forms)?;
        if items.len() % 2 == 1 {
            return Err(self.error(form, "Map literal must contain an even number of forms"));
        }
        let mut pairs: Vec<(Value, Value)> = Vec::with_capacity(items.len() / 2);
        let mut it = items.into_iter();
        while let (Some(k), Some(v)) = (it.next(), it.next()) {
            let k = match (ns, &k) {
                (Some(ns), Value::Keyword(kw)) if kw.ns().is_none() => {
                    Value::Keyword(Keyword::intern(Some(ns), kw.name()))
                }
                (Some(_), Value::Keyword(kw)) if kw.ns() == Some("_") => {
                    Value::Keyword(Keyword::intern(None, kw.name()))
                }
                (Some(ns), Value::Symbol(s)) if s.ns().is_none() => sym(Some(ns), s.name()),
                (Some(_), Value::Symbol(s)) if s.ns() == Some("_") => sym(None, s.name()),
                _ => k,
            };
            if pairs.iter().any(|(key, _)| *key == k) {
                return Err(self.error(form, format!("Duplicate key: {k:?}")));
            }
            pairs.push((k, v));
        }
        Ok(Value::Map(Rc::new(
            if pairs.len() > crate::value::coll::ARRAY_MAP_MAX {
                Map::hash_from_pairs(pairs)
            } else {
                Map::from_pairs(pairs)
            },
        )))
    }

    fn read_fn_literal(&mut self, form: &Form, f: &ast::FnLiteral) -> Result<Value, ReadError> {
        let outer = self.fn_args.replace(Vec::new());
        let body = self.read_children(f.forms());
        let args = std::mem::replace(&mut self.fn_args, outer).unwrap_or_default();
        let body = body?;
        let max = args.iter().map(|(i, _)| *i).max().unwrap_or(0);
        let mut params = Vec::new();
        for i in 1..=max {
            let s = match args.iter().find(|(j, _)| *j == i) {
                Some((_, s)) => s.clone(),
                None => Symbol::new(None, &format!("p{i}__{}#", self.resolve.next_id())),
            };
            params.push(Value::Symbol(s));
        }
        if let Some((_, rest)) = args.iter().find(|(i, _)| *i == 0) {
            params.push(sym(None, "&"));
            params.push(Value::Symbol(rest.clone()));
        }
        let v = list(vec![
            sym(None, "fn*"),
            Value::Vector(Rc::new(Vector::from_vec(params))),
            list(body),
        ]);
        Ok(v.with_meta(Some(self.position_meta(form))).unwrap_or(v))
    }

    // ---- syntax-quote ----

    fn syntax_quote(&mut self, form: &Form) -> Result<Value, ReadError> {
        Ok(match form {
            Form::Symbol(s) if !matches!(s.text(), "nil" | "true" | "false") => {
                list(vec![sym(None, "quote"), self.sq_symbol(s.text())])
            }
            Form::Unquoted(q) => {
                let inner = q
                    .form()
                    .ok_or_else(|| self.error(form, "expected a form after ~"))?;
                // Leave the syntax-quote for the unquoted form.
                let saved = std::mem::take(&mut self.gensyms);
                let r = self.read_one(&inner);
                self.gensyms = saved;
                r?
            }
            Form::UnquoteSpliced(_) => return Err(self.error(form, "splice not in list")),
            // Prefixes read as lists (`'x` is `(quote x)`), and are syntax-quoted as lists.
            Form::Quoted(q) => self.sq_prefixed(form, sym(None, "quote"), q.form())?,
            Form::VarQuoted(q) => self.sq_prefixed(form, sym(None, "var"), q.form())?,
            Form::Deref(q) => self.sq_prefixed(form, core("deref"), q.form())?,
            Form::List(l) => {
                let items: Vec<Form> = l.forms().collect();
                if items.is_empty() {
                    list(vec![core("list")])
                } else {
                    list(vec![core("seq"), self.sq_concat(&items)?])
                }
            }
            Form::Vector(v) => {
                let items: Vec<Form> = v.forms().collect();
                list(vec![
                    core("apply"),
                    core("vector"),
                    list(vec![core("seq"), self.sq_concat(&items)?]),
                ])
            }
            Form::Set(s) => {
                let items: Vec<Form> = s.forms().collect();
                list(vec![
                    core("apply"),
                    core("hash-set"),
                    list(vec![core("seq"), self.sq_concat(&items)?]),
                ])
            }
            Form::Map(m) => {
                let items: Vec<Form> = m.forms().collect();
                list(vec![
                    core("apply"),
                    core("hash-map"),
                    list(vec![core("seq"), self.sq_concat(&items)?]),
                ])
            }
            Form::ReaderCond(_) | Form::ReaderCondSplicing(_) => {
                let mut out = Vec::new();
                self.read_into(form, &mut out)?;
                out.pop().unwrap_or(Value::Nil)
            }
            Form::WithMeta(wm) => match wm.target() {
                Some(t) => self.syntax_quote(&t)?,
                None => return Err(self.error(form, "expected a form after metadata")),
            },
            // Keywords, numbers, strings, characters, nil/true/false: themselves.
            _ => {
                let v = self.read_one(form)?;
                match v {
                    Value::List(_) | Value::Symbol(_) => list(vec![sym(None, "quote"), v]),
                    v => v,
                }
            }
        })
    }

    /// `(head x)` syntax-quoted: `(seq (concat (list 'head) (list <x>)))`.
    fn sq_prefixed(
        &mut self,
        form: &Form,
        head: Value,
        inner: Option<Form>,
    ) -> Result<Value, ReadError> {
        let inner = inner.ok_or_else(|| self.error(form, "expected a form"))?;
        let inner = self.syntax_quote(&inner)?;
        Ok(list(vec![
            core("seq"),
            list(vec![
                core("concat"),
                list(vec![core("list"), list(vec![sym(None, "quote"), head])]),
                list(vec![core("list"), inner]),
            ]),
        ]))
    }

    fn sq_concat(&mut self, items: &[Form]) -> Result<Value, ReadError> {
        let mut parts = vec![core("concat")];
        for item in items {
            match item {
                Form::UnquoteSpliced(q) => {
                    let inner = q
                        .form()
                        .ok_or_else(|| self.error(item, "expected a form after ~@"))?;
                    let saved = std::mem::take(&mut self.gensyms);
                    let r = self.read_one(&inner);
                    self.gensyms = saved;
                    parts.push(r?);
                }
                _ => parts.push(list(vec![core("list"), self.syntax_quote(item)?])),
            }
        }
        Ok(list(parts))
    }

    fn sq_symbol(&mut self, text: &str) -> Value {
        let s = Symbol::parse(text);
        if s.ns().is_none() && SPECIAL_FORMS.contains(&s.name()) {
            return Value::Symbol(s);
        }
        if s.ns().is_none() && s.name().ends_with('#') {
            let base = &s.name()[..s.name().len() - 1];
            if let Some(env) = self.gensyms.last_mut() {
                if let Some((_, g)) = env.iter().find(|(n, _)| n == base) {
                    return Value::Symbol(g.clone());
                }
                let g = Symbol::new(None, &format!("{base}__{}__auto__", self.resolve.next_id()));
                if let Some(env) = self.gensyms.last_mut() {
                    env.push((base.to_string(), g.clone()));
                }
                return Value::Symbol(g);
            }
        }
        Value::Symbol(self.resolve.qualify(&s))
    }
}

/// `%` → 1, `%N` → N, `%&` → 0; `None` for other symbols.
fn fn_arg_index(text: &str) -> Option<i64> {
    match text {
        "%" => Some(1),
        "%&" => Some(0),
        _ => text
            .strip_prefix('%')?
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 1),
    }
}

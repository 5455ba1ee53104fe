//! Loading code: evaluating a source text form by form, `require` with source roots,
//! `refer`, `alias`, and the `ns` macro's helpers.
//!
//! Namespaces load from the interpreter's source roots (`src` unless set otherwise, e.g.
//! from `deps.edn` `:paths`): `foo.bar-baz` is `foo/bar_baz.cljw`, `.clj` or `.cljc`.
//! Reading project sources is the only I/O allowed in the analysis sandbox.

use std::path::PathBuf;
use std::rc::Rc;

use crate::reader::{ReadError, Resolve, read_form};
use crate::value::{Symbol, Value, seq};
use crate::vm::{ExClass, Interp, NativeImpl, Throw};

/// Why loading stopped.
pub enum LoadError {
    Read { file: String, error: ReadError },
    Throw(Throw),
}

impl LoadError {
    pub fn into_throw(self) -> Throw {
        match self {
            LoadError::Throw(t) => t,
            LoadError::Read { file, error } => Throw::compiler(
                ExClass::RuntimeException,
                format!(
                    "{file}:{}:{}: syntax error: {}",
                    error.line, error.column, error.message
                ),
            ),
        }
    }
}

/// Resolution for the reader (syntax-quote, `::kw`), against the interpreter's namespaces.
pub(crate) struct ReaderEnv<'a>(pub &'a Interp);

impl Resolve for ReaderEnv<'_> {
    fn current_ns(&self) -> String {
        self.0.current_ns().name().to_string()
    }

    fn resolve_alias(&self, alias: &str) -> Option<String> {
        let current = self.0.current_ns();
        current
            .alias(alias)
            .map(|ns| ns.name().to_string())
            .or_else(|| self.0.find_ns(alias).map(|ns| ns.name().to_string()))
    }

    fn qualify(&self, sym: &Symbol) -> Symbol {
        let current = self.0.current_ns();
        match sym.ns() {
            Some(ns) => match current.alias(ns) {
                Some(target) => Symbol::new(Some(target.name()), sym.name()),
                None => sym.clone(),
            },
            None if sym.name().ends_with('.') || sym.name().starts_with('.') => sym.clone(),
            None if current.lookup(sym.name()).is_none()
                && crate::compiler::class_name(sym).is_some() =>
            {
                Symbol::new(None, &crate::compiler::class_name(sym).unwrap_or_default())
            }
            None => match current.lookup(sym.name()) {
                Some(var) => Symbol::new(Some(&var.ns), sym.name()),
                None => Symbol::new(Some(current.name()), sym.name()),
            },
        }
    }

    fn next_id(&self) -> u64 {
        self.0.next_id()
    }
}

/// Reads and evaluates every form of `src` in order: each top-level form is read after the
/// previous one ran, so `(ns …)` and aliases affect how later forms read.
pub fn eval_source(interp: &Interp, src: &str, file: &str) -> Result<Value, LoadError> {
    let parse = syntax::parse(src);
    let index = syntax::LineIndex::new(src);
    if let Some(e) = parse.errors().first() {
        let pos = index.position(syntax::PositionEncoding::Utf32, e.range.start());
        return Err(LoadError::Read {
            file: file.to_string(),
            error: ReadError {
                message: e.message.clone(),
                line: pos.line + 1,
                column: pos.col + 1,
            },
        });
    }
    // `*file*` names the file being loaded while its forms run.
    let file_var = interp
        .find_ns("clojure.core")
        .and_then(|core| core.lookup("*file*"));
    let saved_file = file_var.as_ref().and_then(|v| v.root());
    if let Some(v) = &file_var {
        v.set_root(Value::str(file));
    }
    let result = eval_forms(interp, &parse, &index, file);
    if let Some(v) = &file_var {
        v.set_root(saved_file.unwrap_or(Value::Nil));
    }
    result
}

fn eval_forms(
    interp: &Interp,
    parse: &syntax::Parse,
    index: &syntax::LineIndex,
    file: &str,
) -> Result<Value, LoadError> {
    let mut last = Value::Nil;
    for form in parse.root().forms() {
        let forms =
            read_form(&form, index, &ReaderEnv(interp)).map_err(|error| LoadError::Read {
                file: file.to_string(),
                error,
            })?;
        for f in forms {
            last = eval_toplevel(interp, &f, file).map_err(LoadError::Throw)?;
            // A top-level boundary: the only safe point for the cycle collector.
            crate::gc::maybe_collect(interp, std::slice::from_ref(&last));
        }
    }
    Ok(last)
}

/// Compiles and runs one top-level form. A top-level `(do …)` runs its forms one after
/// the other, each compiled after the previous ran, as in Clojure, so
/// `(do (intern 'user 'x 1) x)` and `(do (require …) (alias/f))` work.
pub fn eval_toplevel(interp: &Interp, form: &Value, file: &str) -> Result<Value, Throw> {
    if let Value::List(l) = form
        && let Some(Value::Symbol(s)) = l.first()
        && s.ns().is_none()
        && s.name() == "do"
        && l.len() > 2
    {
        let mut last = Value::Nil;
        for sub in l.iter().skip(1) {
            last = eval_toplevel(interp, sub, file)?;
        }
        return Ok(last);
    }
    let chunk = crate::compiler::compile_toplevel(interp, form, file)?;
    if disassembly_wanted() {
        eprintln!("{}", chunk.disassemble());
    }
    interp.run_chunk(chunk)
}

/// `KILN_DISASM=1` prints the bytecode of every top-level form to stderr (for VM work).
fn disassembly_wanted() -> bool {
    static WANTED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *WANTED.get_or_init(|| std::env::var_os("KILN_DISASM").is_some_and(|v| v == "1"))
}

/// The file a namespace loads from, if one exists on the source roots.
pub fn find_source(interp: &Interp, ns: &str) -> Option<PathBuf> {
    let rel = ns.replace('.', "/").replace('-', "_");
    for root in interp.source_roots.borrow().iter() {
        for ext in ["cljw", "clj", "cljc"] {
            let path = root.join(format!("{rel}.{ext}"));
            if path.is_file() {
                return Some(path);
            }
        }
    }
    None
}

/// Loads namespace `ns` from the source roots unless it is already loaded.
pub fn load_ns(interp: &Interp, ns: &str) -> Result<(), Throw> {
    if interp.find_ns(ns).is_some() {
        return Ok(());
    }
    let Some(path) = find_source(interp, ns) else {
        if let Some(src) = crate::core::bundled_source(ns) {
            let saved = interp.current_ns();
            let file = format!("{}.clj", ns.replace('.', "/"));
            let result = eval_source(interp, src, &file);
            interp.set_current_ns(saved);
            return result.map(|_| ()).map_err(LoadError::into_throw);
        }
        let rel = ns.replace('.', "/").replace('-', "_");
        return Err(Throw::new(
            ExClass::RuntimeException,
            format!("Could not locate {rel}.cljw, {rel}.clj or {rel}.cljc on the source path"),
        ));
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Throw::runtime(format!("cannot read {}: {e}", path.display())))?;
    let saved = interp.current_ns();
    let result = eval_source(interp, &text, &path.to_string_lossy());
    interp.set_current_ns(saved);
    result.map_err(LoadError::into_throw)?;
    if interp.find_ns(ns).is_none() {
        return Err(Throw::runtime(format!(
            "{} did not define namespace {ns}",
            path.display()
        )));
    }
    Ok(())
}

fn sym_name(v: &Value) -> Result<String, Throw> {
    match v {
        Value::Symbol(s) => Ok(s.full_name()),
        x => Err(Throw::illegal_argument(format!(
            "expected a namespace symbol, got {}",
            x.type_name()
        ))),
    }
}

/// Refers vars of `from` into the current namespace: all public ones, or `only`, minus
/// `exclude`, renamed by `rename`.
fn refer(
    interp: &Interp,
    from: &str,
    only: Option<Vec<String>>,
    exclude: &[String],
    rename: &[(String, String)],
) -> Result<(), Throw> {
    let source = interp
        .find_ns(from)
        .ok_or_else(|| Throw::runtime(format!("No namespace: {from}")))?;
    let to = interp.current_ns();
    let vars = source.vars.borrow();
    let names: Vec<String> = match only {
        Some(names) => names,
        None => vars
            .iter()
            .filter(|(_, v)| !v.private.get())
            .map(|(n, _)| n.to_string())
            .collect(),
    };
    for name in names {
        if exclude.contains(&name) {
            continue;
        }
        let var = vars.get(name.as_str()).ok_or_else(|| {
            Throw::illegal_access(format!("{name} does not exist in namespace {from}"))
        })?;
        let local = rename
            .iter()
            .find(|(f, _)| *f == name)
            .map_or(name.clone(), |(_, t)| t.clone());
        to.refer(&local, var.clone());
    }
    Ok(())
}

fn symbols(v: &Value) -> Result<Vec<String>, Throw> {
    seq::to_vec(v)?.iter().map(sym_name).collect()
}

/// One `require` spec: `a.b`, `[a.b :as x :refer [y]]`, or a prefix list `(a b [c :as d])`.
fn require_spec(interp: &Interp, spec: &Value) -> Result<(), Throw> {
    match spec {
        Value::Symbol(s) => load_ns(interp, &s.full_name()),
        Value::Vector(v) => {
            let items: Vec<Value> = v.iter().cloned().collect();
            let ns = sym_name(items.first().unwrap_or(&Value::Nil))?;
            let opts = &items[1..];
            let get = |k: &str| {
                opts.chunks(2).find_map(|p| match (&p[0], p.get(1)) {
                    (Value::Keyword(kw), v) if kw.ns().is_none() && kw.name() == k => v.cloned(),
                    _ => None,
                })
            };
            if let Some(alias) = get("as-alias") {
                let target = interp.ns(&ns);
                interp.current_ns().add_alias(&sym_name(&alias)?, target);
                return Ok(());
            }
            load_ns(interp, &ns)?;
            if let Some(alias) = get("as") {
                let target = interp
                    .find_ns(&ns)
                    .ok_or_else(|| Throw::runtime(format!("No namespace: {ns}")))?;
                interp.current_ns().add_alias(&sym_name(&alias)?, target);
            }
            match get("refer") {
                Some(Value::Keyword(k)) if k.name() == "all" => refer(interp, &ns, None, &[], &[])?,
                Some(v @ (Value::Vector(_) | Value::List(_))) => {
                    let rename = rename_pairs(get("rename"))?;
                    refer(interp, &ns, Some(symbols(&v)?), &[], &rename)?;
                }
                _ => {}
            }
            Ok(())
        }
        Value::List(l) => {
            let items: Vec<Value> = l.iter().cloned().collect();
            let prefix = sym_name(items.first().unwrap_or(&Value::Nil))?;
            for item in &items[1..] {
                let full = match item {
                    Value::Symbol(s) => {
                        Value::Symbol(Symbol::new(None, &format!("{prefix}.{}", s.full_name())))
                    }
                    Value::Vector(v) => {
                        let mut parts: Vec<Value> = v.iter().cloned().collect();
                        let head = sym_name(parts.first().unwrap_or(&Value::Nil))?;
                        parts[0] = Value::Symbol(Symbol::new(None, &format!("{prefix}.{head}")));
                        Value::Vector(Rc::new(crate::value::Vector::from_vec(parts)))
                    }
                    x => {
                        return Err(Throw::illegal_argument(format!(
                            "bad prefix list entry: {}",
                            x.type_name()
                        )));
                    }
                };
                require_spec(interp, &full)?;
            }
            Ok(())
        }
        Value::Keyword(_) => Ok(()), // :reload, :verbose
        x => Err(Throw::illegal_argument(format!(
            "bad require spec: {}",
            x.type_name()
        ))),
    }
}

fn rename_pairs(v: Option<Value>) -> Result<Vec<(String, String)>, Throw> {
    match v {
        Some(Value::Map(m)) => m
            .entries()
            .iter()
            .map(|(k, v)| Ok((sym_name(k)?, sym_name(v)?)))
            .collect(),
        _ => Ok(Vec::new()),
    }
}

fn n_require(i: &Interp, a: &[Value]) -> Result<Value, Throw> {
    for spec in a {
        require_spec(i, spec)?;
    }
    Ok(Value::Nil)
}

/// `(-refer-clojure & filters)`: `:exclude [..]`, `:only [..]`, `:rename {..}`.
fn n_refer_clojure(i: &Interp, a: &[Value]) -> Result<Value, Throw> {
    let mut exclude = Vec::new();
    let mut only = None;
    let mut rename = Vec::new();
    for pair in a.chunks(2) {
        match (&pair[0], pair.get(1)) {
            (Value::Keyword(k), Some(v)) if k.name() == "exclude" => exclude = symbols(v)?,
            (Value::Keyword(k), Some(v)) if k.name() == "only" => only = Some(symbols(v)?),
            (Value::Keyword(k), Some(v)) if k.name() == "rename" => {
                rename = rename_pairs(Some(v.clone()))?
            }
            _ => {}
        }
    }
    refer(i, "clojure.core", only, &exclude, &rename)?;
    Ok(Value::Nil)
}

fn n_alias(i: &Interp, a: &[Value]) -> Result<Value, Throw> {
    if a.len() != 2 {
        return Err(Throw::arity(a.len(), "clojure.core/alias"));
    }
    let target = sym_name(&a[1])?;
    let ns = i
        .find_ns(&target)
        .ok_or_else(|| Throw::runtime(format!("No namespace: {target} found")))?;
    i.current_ns().add_alias(&sym_name(&a[0])?, ns);
    Ok(Value::Nil)
}

fn n_refer(i: &Interp, a: &[Value]) -> Result<Value, Throw> {
    let from = sym_name(a.first().unwrap_or(&Value::Nil))?;
    let mut only = None;
    let mut exclude = Vec::new();
    for pair in a[1..].chunks(2) {
        match (&pair[0], pair.get(1)) {
            (Value::Keyword(k), Some(v)) if k.name() == "only" => only = Some(symbols(v)?),
            (Value::Keyword(k), Some(v)) if k.name() == "exclude" => exclude = symbols(v)?,
            _ => {}
        }
    }
    refer(i, &from, only, &exclude, &[])?;
    Ok(Value::Nil)
}

fn n_find_ns(i: &Interp, a: &[Value]) -> Result<Value, Throw> {
    let name = sym_name(a.first().unwrap_or(&Value::Nil))?;
    Ok(i.find_ns(&name).map(Value::Namespace).unwrap_or(Value::Nil))
}

fn n_ns_name(_: &Interp, a: &[Value]) -> Result<Value, Throw> {
    match a.first() {
        Some(Value::Namespace(ns)) => Ok(Value::Symbol(ns.symbol())),
        _ => Err(Throw::class_cast("ns-name expects a namespace")),
    }
}

/// Natives of this module, installed into `clojure.core`.
pub const NATIVES: &[(&str, NativeImpl)] = &[
    ("require", n_require),
    ("-refer-clojure", n_refer_clojure),
    ("alias", n_alias),
    ("refer", n_refer),
    ("find-ns", n_find_ns),
    ("ns-name", n_ns_name),
];

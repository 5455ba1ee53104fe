//! Users' macros, for real: calls to macros defined in the project are expanded by the
//! embedded runtime in its sandbox, and the expansion is analysed in place of the call.
//!
//! Positions: the call's arguments are read by the runtime from the call's own text, with
//! `:kiln/pos` metadata on every symbol; a symbol the macro passes through keeps its
//! metadata, so it maps back to where the user wrote it. Symbols the macro introduces have
//! none: they are analysed as synthetic (their range is the call's), and never reported.
//! When expansion is off, fails, or runs out of budget, the call's arguments are analysed
//! without reporting unresolved names (and a `macro-expansion` info finding says why).

use syntax::TextRange;

use super::node::Node;
use super::walker::{Tail, Walker};
use crate::lint::rules::macro_expansion;

/// How many project-macro expansions may nest.
const MAX_NESTED_EXPANSIONS: usize = 8;

/// Expands macro calls. Implementations own a sandboxed runtime.
pub trait Expander {
    /// Expands the call whose source text is `call_text` (starting at byte `offset` of the
    /// file) to a macro `ns/name`, returning the expansion lowered to nodes.
    fn expand(
        &self,
        macro_var: (&str, &str),
        file_ns: &str,
        file_text: &str,
        requires: &[(String, Option<String>)],
        call: &Node,
    ) -> Result<Node, String>;
}

/// Analyses a call to a project macro `ns/name`.
pub fn macro_call(w: &mut Walker, list: &Node, ns: &str, name: &str, tail: Tail) {
    let args = list.list().map(|xs| &xs[1..]).unwrap_or(&[]);
    if !w.env.config.expand_macros {
        // Expansion turned off: the call is analysed as if it were a function call, as
        // linters without expansion do (this is what `--no-expand` demonstrates).
        for a in args {
            w.expr(a, Tail::No);
        }
        return;
    }
    // Calls inside an expansion are expanded in turn (their symbols keep the places
    // already mapped); nesting is bounded.
    if w.env.config.expand_macros
        && w.expanding.len() < MAX_NESTED_EXPANSIONS
        && let Some(expander) = w.env.expander
    {
        let requires: Vec<(String, Option<String>)> = w
            .out
            .requires
            .iter()
            .map(|r| (r.ns.clone(), r.alias.as_ref().map(|(a, _)| a.clone())))
            .collect();
        match expander.expand(
            (ns, name),
            &w.ns.name.clone(),
            w.source_text(),
            &requires,
            list,
        ) {
            Ok(expansion) => {
                if std::env::var_os("KILN_TRACE_EXPAND").is_some() {
                    eprintln!(
                        "kiln: expanded {ns}/{name} at byte {:?}:\n  {}",
                        list.range,
                        expansion.canon()
                    );
                }
                // A top-level macro that expands to nothing may have relied on something
                // kiln's runtime lacks; do not trust the namespace's list of definitions.
                if w.depth == 0
                    && w.expanding.is_empty()
                    && (expansion.list().is_some_and(<[Node]>::is_empty)
                        || matches!(expansion.kind, NodeKind::Lit(Lit::Nil)))
                {
                    w.out.opaque = true;
                }
                w.out.expansions.push((list.range, expansion.canon()));
                w.expanding.push(list.range);
                w.expr(&expansion, tail);
                w.expanding.pop();
                return;
            }
            Err(message) => {
                if std::env::var_os("KILN_TRACE_EXPAND").is_some() {
                    eprintln!(
                        "kiln: {ns}/{name} at byte {:?} not expanded: {message}",
                        list.range
                    );
                }
                let range = TextRange::new(
                    list.range.start(),
                    list.range.start() + syntax::TextSize::from(1),
                );
                w.finding(
                    macro_expansion::CODE,
                    range,
                    format!("macro call not expanded, names inside it are not checked: {message}"),
                );
            }
        }
    }
    unexpanded(w, list, args);
}

/// A macro call analysed without its expansion: its arguments leniently; at the top
/// level, a `def…` macro's first symbol is taken as what it defines (of unknown kind), and
/// the namespace becomes opaque (it may define more than kiln can see).
pub fn unexpanded(w: &mut Walker, list: &Node, args: &[Node]) {
    if w.depth == 0 && w.expanding.is_empty() {
        w.out.opaque = true;
        let head = list.list().and_then(|xs| xs.first()).and_then(Node::symbol);
        if head.is_some_and(|h| h.name.starts_with("def"))
            && let Some(first) = args.first()
            && let Some(name) = first.strip_meta().simple_name()
        {
            let def = super::Def {
                ns: w.ns.name.clone(),
                name: name.to_string(),
                kind: super::DefKind::Unknown,
                range: list.range,
                name_range: first.strip_meta().range,
                arity: None,
                private: false,
                doc: None,
                arglists: Vec::new(),
                top_level: true,
            };
            w.define(def);
        }
    }
    w.soft_exprs(args);
}

/// Budgets for one macro expansion.
const EXPAND_STEPS: u64 = 2_000_000;
const EXPAND_TIME: std::time::Duration = std::time::Duration::from_millis(500);

/// The wall-time budget of one expansion (or namespace load): [`EXPAND_TIME`], or
/// `KILN_EXPAND_TIMEOUT_MS` when set. The step and heap budgets bound the work regardless;
/// the time budget is the backstop, and on a heavily loaded machine 500 ms can cut a
/// namespace load short, so tests that compare lint results exactly raise it.
fn expand_time() -> std::time::Duration {
    static TIME: std::sync::OnceLock<std::time::Duration> = std::sync::OnceLock::new();
    *TIME.get_or_init(|| {
        std::env::var("KILN_EXPAND_TIMEOUT_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map(std::time::Duration::from_millis)
            .unwrap_or(EXPAND_TIME)
    })
}
const EXPAND_HEAP: usize = 64 << 20;

/// Expands with a sandboxed kiln runtime per thread (runtimes are single-threaded), loading
/// the project's namespaces from its source roots on demand.
pub struct RuntimeExpander {
    roots: Vec<std::path::PathBuf>,
}

/// Namespaces set up in a runtime, with the error loading each hit, if any.
type LoadedNamespaces = std::collections::HashMap<String, Option<String>>;

/// A thread's runtime, for the source roots it was made for.
type ThreadRuntime = (
    Vec<std::path::PathBuf>,
    eval::runtime::Runtime,
    LoadedNamespaces,
);

thread_local! {
    static RUNTIME: std::cell::RefCell<Option<ThreadRuntime>> =
        const { std::cell::RefCell::new(None) };
}

impl RuntimeExpander {
    pub fn new(roots: Vec<std::path::PathBuf>) -> RuntimeExpander {
        RuntimeExpander { roots }
    }
}

fn sym_text(ns: &str) -> String {
    ns.chars()
        .filter(|c| !c.is_whitespace() && !"()[]{}\"';`~@^\\".contains(*c))
        .collect()
}

impl Expander for RuntimeExpander {
    fn expand(
        &self,
        macro_var: (&str, &str),
        file_ns: &str,
        file_text: &str,
        requires: &[(String, Option<String>)],
        call: &Node,
    ) -> Result<Node, String> {
        let call_text = call.to_source();
        use eval::runtime::{EvalLimits, Runtime};
        RUNTIME.with(|cell| {
            let mut slot = cell.borrow_mut();
            // A thread serves one project at a time, but threads are reused: a runtime made
            // for other source roots (another project, or roots that changed) holds that
            // project's namespaces, so it is replaced.
            if slot.as_ref().is_none_or(|(roots, _, _)| *roots != self.roots) {
                let rt = Runtime::new().map_err(|e| format!("runtime failed to start: {e}"))?;
                rt.set_sandboxed(true);
                rt.set_source_roots(self.roots.clone());
                *slot = Some((self.roots.clone(), rt, LoadedNamespaces::new()));
            }
            let Some((_, rt, loaded)) = slot.as_mut() else {
                return Err("no runtime".to_string());
            };
            let limits = EvalLimits {
                max_steps: Some(EXPAND_STEPS),
                timeout: Some(expand_time()),
                max_heap_bytes: Some(EXPAND_HEAP),
            };
            let ns = sym_text(file_ns);
            if !loaded.contains_key(&ns) {
                // Load the file's namespace (its macros) and its requires; failures here
                // surface as the expansion's error below.
                let load_error = rt
                    .eval_limited(&format!("(require '{ns})"), "<kiln-lint>", &limits)
                    .err()
                    .map(|e| e.to_string().lines().next().unwrap_or_default().to_string());
                // Not loadable from the source roots (a file outside them, or an unsaved
                // buffer): evaluate the file's own text, in the sandbox, under budgets.
                // Only the `ns` form, macros and functions (which run nothing), form by form, so one failing
                // form does not hide the macros after it (and nothing else runs).
                if load_error.is_some() && macro_var.0 == ns {
                    let parse = syntax::parse(file_text);
                    for form in parse.root().forms() {
                        let head = match &form {
                            syntax::ast::Form::List(l) => l.head_symbol().map(|h| h.name().to_string()),
                            _ => None,
                        };
                        if !matches!(head.as_deref(), Some("ns" | "defmacro" | "defn" | "defn-" | "in-ns" | "require")) {
                            continue;
                        }
                        let r = form.text_range();
                        let text = &file_text[usize::from(r.start())..usize::from(r.end())];
                        let _ = rt.eval_limited(text, "<kiln-lint file>", &limits);
                    }
                }
                loaded.insert(ns.clone(), load_error);
                let mut setup = format!("(in-ns '{ns}) (clojure.core/-refer-all 'clojure.core)");
                for (req, alias) in requires {
                    let req = sym_text(req);
                    match alias {
                        Some(a) => setup.push_str(&format!(
                            " (try (require '[{req} :as {}]) (catch Throwable _ nil))",
                            sym_text(a)
                        )),
                        None => setup
                            .push_str(&format!(" (try (require '{req}) (catch Throwable _ nil))")),
                    }
                }
                let _ = rt.eval_limited(&setup, "<kiln-lint>", &limits);
            } else {
                let _ = rt.eval_limited(&format!("(in-ns '{ns})"), "<kiln-lint>", &limits);
            }
            let (macro_ns, macro_name) = macro_var;
            if !rt.is_macro(macro_ns, macro_name) {
                // One attempt per macro namespace: a namespace that failed to load fails fast.
                let key = format!("macro-ns {macro_ns}");
                let err = match loaded.get(&key) {
                    Some(Some(e)) => Some(e.clone()),
                    Some(None) => None,
                    None => {
                        let e = rt
                            .eval_limited(&format!("(require '{})", sym_text(macro_ns)), "<kiln-lint>", &limits)
                            .err()
                            .map(|e| e.to_string().lines().next().unwrap_or_default().to_string());
                        loaded.insert(key, e.clone());
                        e
                    }
                };
                if !rt.is_macro(macro_ns, macro_name) {
                    let why = err
                        .or_else(|| loaded.get(&ns).cloned().flatten())
                        .unwrap_or_else(|| format!("{macro_ns}/{macro_name} is not defined as a macro after loading"));
                    return Err(format!("{macro_ns} did not load in kiln's runtime: {why}"));
                }
            }
            // The head is qualified so the macro is found even where the file's own
            // namespace could not refer it.
            let src = format!(
                "(macroexpand-1 (clojure.core/apply clojure.core/list (quote {}/{}) (clojure.core/rest (quote {call_text}))))",
                sym_text(macro_ns),
                macro_name.replace(['(', ')', '[', ']', '{', '}', '"', ' '], "")
            );
            let out = rt.eval_limited(&src, "<kiln-lint>", &limits);
            match out {
                Ok(v) => {
                    let mut originals = Vec::new();
                    if let Some(items) = call.list() {
                        for x in &items[1..] {
                            collect_nodes(x, &mut originals);
                        }
                    }
                    let range = call.range;
                    // Printed by the runtime (which realizes lazy seqs) and read back by
                    // the one parser; then symbols are mapped to where the user wrote them.
                    let printed = rt.pr_str(&v);
                    let reparsed = syntax::parse(&printed);
                    let (mut nodes, _) = super::node::lower_file(&reparsed.root());
                    let Some(mut node) = nodes.pop().filter(|_| nodes.is_empty()) else {
                        return Err("the expansion does not print as one form".into());
                    };
                    remap(&mut node, range, &mut originals, 0);
                    let same_args = match (node.list(), call.list()) {
                        (Some(a), Some(b)) => {
                            a.len() == b.len() && a.iter().zip(b).skip(1).all(|(x, y)| x.canon() == y.canon())
                        }
                        _ => false,
                    };
                    if same_args && node.list().and_then(|xs| xs.first()).and_then(Node::symbol).is_some_and(|s| s.name == macro_name) {
                        return Err(format!("{macro_ns}/{macro_name} expanded to itself"));
                    }
                    Ok(node)
                }
                Err(e) => Err(e
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or("expansion failed")
                    .to_string()),
            }
        })
    }
}

/// A node and everything under it, in order (the user's forms a macro may pass through).
fn collect_nodes(n: &Node, out: &mut Vec<Node>) {
    out.push(n.clone());
    if let NodeKind::List(xs) | NodeKind::Vector(xs) | NodeKind::Map(xs) | NodeKind::Set(xs) =
        &n.kind
    {
        for x in xs {
            collect_nodes(x, out);
        }
    }
}

use super::node::{Lit, NodeKind};

/// Gives an expansion's nodes their places: a symbol equal to one the user wrote in the call
/// takes that occurrence's range (each occurrence is used once, in order); everything else
/// is synthetic and carries the call's range.
fn remap(n: &mut Node, call: TextRange, originals: &mut Vec<Node>, depth: usize) {
    n.range = call;
    if depth > 500 {
        return;
    }
    match &mut n.kind {
        NodeKind::Symbol(sym) => {
            if let Some(i) = originals.iter().position(|o| {
                o.symbol()
                    .is_some_and(|os| os.ns == sym.ns && os.name == sym.name)
            }) {
                let o = originals.remove(i);
                n.range = o.range;
                sym.synthetic = o.symbol().is_some_and(|os| os.synthetic);
            } else {
                sym.synthetic = true;
            }
        }
        NodeKind::List(xs)
        | NodeKind::Vector(xs)
        | NodeKind::Map(xs)
        | NodeKind::Set(xs)
        | NodeKind::FnLit(xs) => {
            for x in xs {
                remap(x, call, originals, depth + 1);
            }
        }
        NodeKind::Quote(x)
        | NodeKind::SyntaxQuote(x)
        | NodeKind::Unquote(x)
        | NodeKind::UnquoteSplice(x)
        | NodeKind::Deref(x)
        | NodeKind::VarQuote(x)
        | NodeKind::Tagged(_, x)
        | NodeKind::ReadEval(x) => remap(x, call, originals, depth + 1),
        NodeKind::Meta { meta, target } => {
            remap(meta, call, originals, depth + 1);
            remap(target, call, originals, depth + 1);
        }
        NodeKind::Keyword(_) | NodeKind::Lit(_) => {}
    }
}

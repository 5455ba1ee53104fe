//! The walker: one pass over a file's nodes that resolves symbols, tracks scopes, records
//! definitions and references, and raises findings. Special forms and core macros that bind
//! or define are handled in `forms.rs`; the `ns` form in `ns_form.rs`.

use std::collections::{HashMap, HashSet};

use syntax::TextRange;

use super::arity::Arity;
use super::core_index::{CoreIndex, VarKind};
use super::expand::Expander;
use super::node::{Inactive, Node, NodeKind, Sym};
use super::{
    AnalysisConfig, Def, ExtRef, FileAnalysis, FileScan, Finding, KeywordUse, Local, Missing,
    Reference, Target,
};
use crate::lint::rules;

/// What the walker knows about the rest of the project.
pub struct Env<'a> {
    /// Namespace → what the scan found in the files declaring it.
    pub scans: &'a HashMap<String, FileScan>,
    pub config: &'a AnalysisConfig,
    pub expander: Option<&'a (dyn Expander + Sync)>,
    /// The project root (relative Wasm module paths are resolved against it).
    pub root: Option<std::path::PathBuf>,
}

impl Env<'_> {
    pub fn is_project_ns(&self, ns: &str) -> bool {
        self.scans.contains_key(ns)
    }

    pub fn is_project_macro(&self, ns: &str, name: &str) -> bool {
        self.scans.get(ns).is_some_and(|s| s.macros.contains(name))
    }

    /// Is `ns/name` known to be an ordinary var (not a macro in disguise)?
    pub fn is_plain(&self, ns: &str, name: &str) -> bool {
        self.scans.get(ns).is_some_and(|s| s.plain.contains(name))
    }

    pub fn is_opaque(&self, ns: &str) -> bool {
        self.scans.get(ns).is_some_and(|s| s.opaque)
    }
}

/// Whether a form is in tail position (for `recur`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tail {
    Yes,
    No,
    /// Inside a macro kiln does not model: `recur` is not judged.
    Unknown,
}

/// A `loop` or `fn` arity that `recur` may target.
pub struct RecurFrame {
    pub found: bool,
}

/// The namespace context: aliases, refers, core exclusions, imports.
#[derive(Default)]
pub struct NsState {
    pub name: String,
    /// alias → (namespace, index of its require)
    pub aliases: HashMap<String, (String, usize)>,
    /// referred name → (namespace, require index, refer index)
    pub refers: HashMap<String, (String, usize, usize)>,
    pub refer_all: Vec<(String, usize)>,
    pub core_excluded: HashSet<String>,
    pub core_only: Option<HashSet<String>>,
    /// new name → core name
    pub core_renames: HashMap<String, String>,
    pub imports: HashSet<String>,
}

struct Pending {
    name: String,
    range: TextRange,
    reported: bool,
    call_args: Option<usize>,
    /// The reference recorded as unresolved, to fix up; `None` when none was recorded.
    ref_index: Option<usize>,
    /// Record a reference when it resolves (soft uses record nothing up front).
    record: bool,
}

pub struct Walker<'a> {
    pub core: &'static CoreIndex,
    pub env: &'a Env<'a>,
    pub out: FileAnalysis,
    pub ns: NsState,
    pub scopes: Vec<Vec<usize>>,
    pub soft: u32,
    /// Nesting of fn/let bodies: a `def` inside one is an inline def.
    pub depth: u32,
    /// Nesting of fn bodies: a `def` inside one is an inline def (a top-level `let` over a
    /// `defn` is an idiom, not a mistake).
    pub fn_depth: u32,
    pub recur: Vec<RecurFrame>,
    pub fn_lit: u32,
    pub file_defs: HashMap<String, usize>,
    pending: Vec<Pending>,
    /// Calls to unqualified names not yet known, checked once the file's defs are known.
    local_calls: Vec<(String, usize, TextRange)>,
    pub file_path: Option<std::path::PathBuf>,
    source: &'a str,
    /// Names bound to a literal `wasm/load`, and the module's path.
    pub wasm_modules: HashMap<String, std::path::PathBuf>,
    /// The calls being analysed through their expansion, innermost last.
    pub expanding: Vec<TextRange>,
    /// Resolving the symbol of a `#'var` form.
    pub var_quote: bool,
}

impl<'a> Walker<'a> {
    pub fn new(
        env: &'a Env<'a>,
        source: &'a str,
        file_path: Option<std::path::PathBuf>,
    ) -> Walker<'a> {
        Walker {
            core: CoreIndex::get(),
            env,
            out: FileAnalysis {
                ns: "user".into(),
                ..FileAnalysis::default()
            },
            ns: NsState {
                name: "user".into(),
                ..NsState::default()
            },
            scopes: vec![Vec::new()],
            soft: 0,
            depth: 0,
            fn_depth: 0,
            recur: Vec::new(),
            fn_lit: 0,
            file_defs: HashMap::new(),
            pending: Vec::new(),
            local_calls: Vec::new(),
            file_path,
            source,
            wasm_modules: HashMap::new(),
            expanding: Vec::new(),
            var_quote: false,
        }
    }

    /// The whole text of this file.
    pub fn source_text(&self) -> &'a str {
        self.source
    }

    /// The source text of a range of this file (for macro expansion).
    pub fn source_of(&self, range: TextRange) -> Option<String> {
        self.source
            .get(usize::from(range.start())..usize::from(range.end()))
            .map(str::to_string)
    }

    pub fn finding(&mut self, code: &'static str, range: TextRange, message: impl Into<String>) {
        // What a macro wrote (it carries the call's range) is not the user's to fix.
        if code != rules::macro_expansion::CODE && self.expanding.contains(&range) {
            return;
        }
        self.out.findings.push(Finding {
            code,
            range,
            message: message.into(),
        });
    }

    /// A finding that is only raised outside soft contexts (unknown macros).
    pub fn strict_finding(&mut self, code: &'static str, range: TextRange, message: String) {
        if self.soft == 0 {
            self.finding(code, range, message);
        }
    }

    // ----- scopes ---------------------------------------------------------------------

    pub fn push_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    pub fn pop_scope(&mut self) {
        self.scopes.pop();
        if self.scopes.is_empty() {
            self.scopes.push(Vec::new());
        }
    }

    /// Declares a local; it becomes visible once added to a scope with [`Self::enter`].
    pub fn new_local(
        &mut self,
        name: &str,
        range: TextRange,
        scope: TextRange,
        synthetic: bool,
    ) -> usize {
        if !synthetic {
            rules::shadowed_var::check(self, name, range);
        }
        self.out.locals.push(Local {
            name: name.to_string(),
            range,
            scope,
            used: false,
            synthetic,
        });
        self.out.locals.len() - 1
    }

    /// Makes locals visible in the innermost scope.
    pub fn enter(&mut self, ids: &[usize]) {
        if let Some(s) = self.scopes.last_mut() {
            s.extend_from_slice(ids);
        }
    }

    fn lookup_local(&self, name: &str) -> Option<usize> {
        for scope in self.scopes.iter().rev() {
            for &id in scope.iter().rev() {
                if self.out.locals[id].name == name {
                    return Some(id);
                }
            }
        }
        None
    }

    pub fn is_local(&self, name: &str) -> bool {
        self.lookup_local(name).is_some()
    }

    // ----- resolution -----------------------------------------------------------------

    fn record(&mut self, range: TextRange, target: Target, call_args: Option<usize>) -> usize {
        self.out.refs.push(Reference {
            range,
            target,
            call_args,
        });
        self.out.refs.len() - 1
    }

    /// Resolves a symbol in an evaluated position and records the reference.
    pub fn resolve(&mut self, sym: &Sym, range: TextRange, call_args: Option<usize>) -> Target {
        if sym.synthetic && sym.name == super::forms::THREADED {
            return Target::Special;
        }
        // kiln's runtime qualifies a syntax-quoted symbol it cannot resolve with the macro's
        // namespace (`my.ns/deftype` for a core macro it lacks, `my.ns/java.util.Date`); such
        // symbols mean what JVM Clojure would resolve them to.
        if sym.synthetic
            && let Some(q) = &sym.ns
        {
            let defined_there = if *q == self.ns.name {
                self.file_defs.contains_key(&sym.name)
            } else {
                self.env.is_plain(q, &sym.name) || self.env.is_project_macro(q, &sym.name)
            };
            if !defined_there && q != "clojure.core" && self.env.is_project_ns(q) {
                if sym.name.contains('.') {
                    return Target::Host;
                }
                if self.core.var("clojure.core", &sym.name).is_some()
                    || self.core.specials.contains(&sym.name)
                {
                    let fixed = Sym {
                        ns: if self.core.specials.contains(&sym.name) {
                            None
                        } else {
                            Some("clojure.core".into())
                        },
                        ..sym.clone()
                    };
                    return self.resolve(&fixed, range, call_args);
                }
            }
        }
        // A symbol a macro wrote is the macro's business, never a finding.
        if sym.synthetic {
            self.soft += 1;
            let t = self.resolve(
                &Sym {
                    synthetic: false,
                    ..sym.clone()
                },
                range,
                call_args,
            );
            self.soft -= 1;
            return t;
        }
        // In lenient contexts a list may not be a call at all: no arity judgements.
        let call_args = if self.soft > 0 { None } else { call_args };
        let target = match &sym.ns {
            None => self.resolve_simple(&sym.name, range, call_args),
            Some(ns) => self.resolve_qualified(ns, &sym.name, range, call_args),
        };
        if target != Target::Unresolved {
            self.record(range, target.clone(), call_args);
        }
        target
    }

    fn resolve_simple(&mut self, name: &str, range: TextRange, call_args: Option<usize>) -> Target {
        if let Some(id) = self.lookup_local(name) {
            self.out.locals[id].used = true;
            return Target::Local(id);
        }
        if self.core.specials.contains(name) {
            return Target::Special;
        }
        if self.fn_lit > 0 && is_percent_arg(name) {
            return Target::Special;
        }
        if self.file_defs.contains_key(name) {
            return Target::Var {
                ns: self.ns.name.clone(),
                name: name.to_string(),
            };
        }
        if let Some((ns, req, refer)) = self.ns.refers.get(name).cloned() {
            self.out.requires[req].used = true;
            self.out.requires[req].refers[refer].used = true;
            if self.env.is_project_ns(&ns) && ns != self.ns.name {
                self.out.ext_refs.push(ExtRef {
                    candidates: vec![ns.clone()],
                    name: name.to_string(),
                    range,
                    call_args,
                    missing: Missing::Silent,
                    var_quote: self.var_quote,
                });
            }
            return Target::Var {
                ns,
                name: name.to_string(),
            };
        }
        if let Some(core_name) = self.core_name(name) {
            return Target::Var {
                ns: "clojure.core".into(),
                name: core_name,
            };
        }
        if is_host_symbol(name)
            || self.ns.imports.contains(name)
            || self.core.classes.contains(name)
        {
            return Target::Host;
        }
        let ref_index = self.record(range, Target::Unresolved, call_args);
        self.pending.push(Pending {
            name: name.to_string(),
            range,
            reported: self.soft == 0,
            call_args,
            ref_index: Some(ref_index),
            record: false,
        });
        Target::Unresolved
    }

    /// The clojure.core var an unqualified name refers to, honouring `:refer-clojure`.
    fn core_name(&self, name: &str) -> Option<String> {
        if let Some(orig) = self.ns.core_renames.get(name) {
            return Some(orig.clone());
        }
        if self.ns.core_excluded.contains(name) || self.ns.core_renames.values().any(|v| v == name)
        {
            return None;
        }
        if let Some(only) = &self.ns.core_only
            && !only.contains(name)
        {
            return None;
        }
        self.core
            .var("clojure.core", name)
            .map(|_| name.to_string())
    }

    /// The namespace a qualifier names: an alias, the current namespace, or a known
    /// namespace's full name.
    pub fn namespace_of(&mut self, qualifier: &str) -> Option<String> {
        if let Some((ns, req)) = self.ns.aliases.get(qualifier).cloned() {
            self.out.requires[req].used = true;
            return Some(ns);
        }
        if qualifier == self.ns.name {
            return Some(qualifier.to_string());
        }
        if let Some(r) = self.out.requires.iter_mut().find(|r| r.ns == qualifier) {
            r.used = true;
            return Some(qualifier.to_string());
        }
        if self.core.has_ns(qualifier) || self.env.is_project_ns(qualifier) {
            return Some(qualifier.to_string());
        }
        None
    }

    fn resolve_qualified(
        &mut self,
        qualifier: &str,
        name: &str,
        range: TextRange,
        call_args: Option<usize>,
    ) -> Target {
        let Some(ns) = self.namespace_of(qualifier) else {
            if is_host_qualifier(qualifier) {
                return Target::Host;
            }
            if !self.excluded(&format!("{qualifier}/{name}")) {
                self.strict_finding(
                    rules::unresolved_namespace::CODE,
                    range,
                    format!("Unresolved namespace {qualifier}. Are you missing a require?"),
                );
            }
            return Target::Host;
        };
        let target = Target::Var {
            ns: ns.clone(),
            name: name.to_string(),
        };
        if ns == self.ns.name {
            if !self.file_defs.contains_key(name) && self.core.var(&ns, name).is_none() {
                self.pending.push(Pending {
                    name: name.to_string(),
                    range,
                    reported: self.soft == 0,
                    call_args,
                    ref_index: None,
                    record: false,
                });
            }
            return target;
        }
        if let Some(info) = self.core.namespaces.get(&ns) {
            if !info.vars.contains_key(name) && !self.excluded(&format!("{ns}/{name}")) {
                self.strict_finding(
                    rules::unresolved_var::CODE,
                    range,
                    format!("Unresolved var: {qualifier}/{name}"),
                );
            }
        } else if self.env.is_project_ns(&ns) {
            self.out.ext_refs.push(ExtRef {
                candidates: vec![ns.clone()],
                name: name.to_string(),
                range,
                call_args,
                missing: if self.soft == 0 {
                    Missing::Var
                } else {
                    Missing::Silent
                },
                var_quote: self.var_quote,
            });
        }
        target
    }

    fn excluded(&self, full: &str) -> bool {
        self.env.config.unresolved_exclude.contains(full)
    }

    /// Marks names used by a symbol the walker does not evaluate (syntax-quote templates,
    /// metadata, inactive branches): locals, aliases, refers and file vars.
    pub fn soft_use(&mut self, sym: &Sym, range: TextRange) {
        match &sym.ns {
            None => {
                if let Some(id) = self.lookup_local(&sym.name) {
                    self.out.locals[id].used = true;
                    return;
                }
                if let Some((_, req, refer)) = self.ns.refers.get(&sym.name).cloned() {
                    self.out.requires[req].used = true;
                    self.out.requires[req].refers[refer].used = true;
                }
                if self.file_defs.contains_key(&sym.name)
                    || self
                        .env
                        .scans
                        .get(&self.ns.name)
                        .is_some_and(|s| s.macros.contains(&sym.name))
                {
                    self.record(
                        range,
                        Target::Var {
                            ns: self.ns.name.clone(),
                            name: sym.name.clone(),
                        },
                        None,
                    );
                } else {
                    self.pending.push(Pending {
                        name: sym.name.clone(),
                        range,
                        reported: false,
                        call_args: None,
                        ref_index: None,
                        record: true,
                    });
                }
            }
            Some(q) => {
                if let Some(ns) = self.namespace_of(q) {
                    self.record(
                        range,
                        Target::Var {
                            ns,
                            name: sym.name.clone(),
                        },
                        None,
                    );
                }
            }
        }
    }

    /// Registers a definition of a var in the current namespace.
    pub fn define(&mut self, def: Def) -> usize {
        if def.kind != super::DefKind::Declare
            && let Some(&prev) = self.file_defs.get(&def.name)
        {
            let p = &self.out.defs[prev];
            if p.kind != super::DefKind::Declare && p.top_level && def.top_level && self.soft == 0 {
                let msg = format!(
                    "Var {} is redefined (first defined on this file at byte {})",
                    def.name,
                    u32::from(p.name_range.start())
                );
                rules::redefined_var::report(self, def.name_range, &def.name, msg);
            }
        }
        let idx = self.out.defs.len();
        self.file_defs.insert(def.name.clone(), idx);
        self.out.defs.push(def);
        idx
    }

    /// `(xml/alias-uri 'pom "…")` and similar: an alias made at run time, to a namespace
    /// kiln cannot know.
    fn dynamic_alias(&mut self, args: &[Node]) {
        if let Some(NodeKind::Quote(q)) = args.first().map(|a| &a.kind)
            && let Some(a) = q.simple_name()
        {
            let idx = self.out.requires.len();
            self.out.requires.push(super::Require {
                ns: format!("<dynamic alias {a}>"),
                range: args[0].range,
                alias: Some((a.to_string(), args[0].range)),
                refers: Vec::new(),
                refer_all: false,
                used: false,
                bare: true,
            });
            self.ns
                .aliases
                .insert(a.to_string(), (format!("<dynamic alias {a}>"), idx));
        }
    }

    // ----- finishing ------------------------------------------------------------------

    /// Resolves what was left pending, checks arities of in-file calls, reports unused
    /// bindings, requires and private vars.
    pub fn finish(mut self, inactive: &[Inactive]) -> FileAnalysis {
        let pending = std::mem::take(&mut self.pending);
        for p in pending {
            if self.file_defs.contains_key(&p.name) {
                let target = Target::Var {
                    ns: self.ns.name.clone(),
                    name: p.name.clone(),
                };
                if let Some(i) = p.ref_index {
                    self.out.refs[i].target = target;
                } else if p.record {
                    self.record(p.range, target, p.call_args);
                }
                if let Some(n) = p.call_args {
                    self.local_calls.push((p.name.clone(), n, p.range));
                }
                continue;
            }
            if self.core.var(&self.ns.name, &p.name).is_some() {
                continue;
            }
            let core_hit = self
                .ns
                .refer_all
                .iter()
                .find(|(ns, _)| self.core.var(ns, &p.name).is_some())
                .map(|(ns, _)| ns.clone());
            if let Some(ns) = core_hit {
                if let Some(i) = p.ref_index {
                    self.out.refs[i].target = Target::Var {
                        ns,
                        name: p.name.clone(),
                    };
                }
                continue;
            }
            for (_, req) in self.ns.refer_all.clone() {
                self.out.requires[req].used = true;
            }
            // Another file of this namespace (`load`, `in-ns`) or a namespace referred
            // wholesale may define it: the link pass decides.
            let mut candidates = vec![self.ns.name.clone()];
            candidates.extend(self.ns.refer_all.iter().map(|(ns, _)| ns.clone()));
            let all_known = self
                .ns
                .refer_all
                .iter()
                .all(|(ns, _)| self.env.is_project_ns(ns) || self.core.has_ns(ns));
            let report = p.reported
                && all_known
                && !self.excluded(&p.name)
                && !self.out.opaque
                && !self.env.is_opaque(&self.ns.name);
            self.out.ext_refs.push(ExtRef {
                candidates,
                name: p.name.clone(),
                range: p.range,
                call_args: p.call_args,
                missing: if report {
                    Missing::Symbol
                } else {
                    Missing::Silent
                },
                var_quote: self.var_quote,
            });
        }
        for (name, n, range) in std::mem::take(&mut self.local_calls) {
            if let Some(&idx) = self.file_defs.get(&name)
                && let Some(arity) = self.out.defs[idx].arity.clone()
            {
                let full = format!("{}/{name}", self.ns.name);
                rules::invalid_arity::check(&mut self, range, &full, &arity, n);
            }
        }
        rules::unused_binding::check(&mut self, inactive);
        rules::unused_namespace::check(&mut self, inactive);
        rules::unused_referred_var::check(&mut self, inactive);
        rules::unused_private_var::check(&mut self, inactive);
        self.out.ns = self.ns.name.clone();
        self.out
    }

    // ----- expressions ----------------------------------------------------------------

    /// Analyses a form in an evaluated position.
    pub fn expr(&mut self, n: &Node, tail: Tail) {
        match &n.kind {
            NodeKind::Symbol(s) => {
                self.resolve(s, n.range, None);
            }
            NodeKind::List(items) => {
                if items.is_empty() {
                    return;
                }
                self.call(n, items, tail, 0);
            }
            NodeKind::Vector(items) | NodeKind::Set(items) => {
                if matches!(n.kind, NodeKind::Set(_)) && self.expanding.is_empty() {
                    rules::duplicate_set_key::check(self, items);
                }
                for x in items {
                    self.expr(x, Tail::No);
                }
            }
            NodeKind::Map(items) => {
                if self.expanding.is_empty() {
                    rules::missing_map_value::check(self, n, items);
                    rules::duplicate_map_key::check(self, items);
                }
                for x in items {
                    self.expr(x, Tail::No);
                }
            }
            NodeKind::FnLit(items) => {
                self.fn_lit += 1;
                self.recur.push(RecurFrame { found: false });
                if !items.is_empty() {
                    self.call(n, items, Tail::Yes, 0);
                }
                self.recur.pop();
                self.fn_lit -= 1;
            }
            NodeKind::Keyword(k) => {
                if k.auto
                    && let Some(q) = &k.ns
                    && !self.ns.aliases.contains_key(q)
                    && self.soft == 0
                {
                    self.finding(
                        rules::unresolved_namespace::CODE,
                        n.range,
                        format!("Unresolved namespace {q} in keyword. Are you missing a require?"),
                    );
                } else if k.auto
                    && let Some(q) = &k.ns
                {
                    self.namespace_of(q);
                }
                self.out.keywords.push(KeywordUse {
                    text: keyword_text(k),
                    range: n.range,
                });
            }
            NodeKind::Lit(_) => {}
            NodeKind::Quote(_) => {}
            NodeKind::SyntaxQuote(inner) => self.template(inner),
            NodeKind::Unquote(inner) | NodeKind::UnquoteSplice(inner) => self.expr(inner, Tail::No),
            NodeKind::Deref(inner) => self.expr(inner, Tail::No),
            NodeKind::Meta { meta, target } => {
                self.meta(meta);
                self.expr(target, tail);
            }
            NodeKind::VarQuote(inner) => {
                if let Some(s) = inner.symbol() {
                    // `#'ns/private-var` is the sanctioned way to reach private vars, which
                    // the core index (public vars only) does not list.
                    let core_ns = s.ns.as_deref().is_some_and(|q| self.core.has_ns(q));
                    self.soft += u32::from(core_ns);
                    self.var_quote = true;
                    self.resolve(s, inner.range, None);
                    self.var_quote = false;
                    self.soft -= u32::from(core_ns);
                }
            }
            NodeKind::Tagged(_, inner) => self.template(inner),
            NodeKind::ReadEval(inner) => {
                rules::read_eval::report(self, n.range);
                self.template(inner);
            }
        }
    }

    /// Metadata: type hints and maps are not evaluated, but count as uses.
    pub fn meta(&mut self, meta: &Node) {
        match &meta.kind {
            NodeKind::Map(_) => self.expr(meta, Tail::No),
            _ => self.template(meta),
        }
    }

    /// A syntax-quoted template: symbols are uses but never findings; unquotes are code.
    pub fn template(&mut self, n: &Node) {
        match &n.kind {
            NodeKind::Symbol(s) => {
                if !s.name.ends_with('#') {
                    self.soft_use(s, n.range)
                }
            }
            NodeKind::Unquote(inner) | NodeKind::UnquoteSplice(inner) => self.expr(inner, Tail::No),
            NodeKind::List(xs)
            | NodeKind::Vector(xs)
            | NodeKind::Map(xs)
            | NodeKind::Set(xs)
            | NodeKind::FnLit(xs) => {
                for x in xs {
                    self.template(x);
                }
            }
            NodeKind::Quote(x)
            | NodeKind::SyntaxQuote(x)
            | NodeKind::Deref(x)
            | NodeKind::VarQuote(x)
            | NodeKind::Tagged(_, x)
            | NodeKind::ReadEval(x) => self.template(x),
            NodeKind::Meta { meta, target } => {
                self.template(meta);
                self.template(target);
            }
            NodeKind::Keyword(_) | NodeKind::Lit(_) => {}
        }
    }

    /// Analyses forms with nothing reported about unresolved names (args of unknown macros).
    pub fn soft_exprs(&mut self, nodes: &[Node]) {
        self.soft += 1;
        for n in nodes {
            self.expr(n, Tail::Unknown);
        }
        self.soft -= 1;
    }

    /// A body: every form but the last is evaluated for effect.
    pub fn body(&mut self, nodes: &[Node], tail: Tail) {
        for (i, n) in nodes.iter().enumerate() {
            if i + 1 == nodes.len() {
                self.expr(n, tail);
            } else {
                rules::unused_value::check(self, n);
                self.expr(n, Tail::No);
            }
        }
    }

    /// A list in an evaluated position: a special form, a macro call or a call. `extra` is
    /// the number of arguments a threading macro adds.
    pub fn call(&mut self, list: &Node, items: &[Node], tail: Tail, extra: usize) {
        let head = &items[0];
        let args = &items[1..];
        let argc = args.len() + extra;
        let NodeKind::Symbol(sym) = &head.strip_meta().kind else {
            rules::not_a_function::check(self, head);
            self.expr(head, Tail::No);
            for a in args {
                self.expr(a, Tail::No);
            }
            return;
        };
        let target = self.resolve(sym, head.strip_meta().range, Some(argc));
        match target {
            Target::Special if extra == 0 => {
                super::forms::special(self, list, &sym.name, args, tail)
            }
            Target::Var { ns, name } => {
                if (name.ends_with("alias") || name == "alias-uri") && name != "alias" {
                    self.dynamic_alias(args);
                }
                let full = format!("{ns}/{name}");
                let key = self
                    .env
                    .config
                    .lint_as
                    .get(&full)
                    .cloned()
                    .unwrap_or(full.clone());
                if super::forms::core_macro(self, list, &key, args, tail, extra) {
                    return;
                }
                if self.env.is_project_macro(&ns, &name) {
                    if ns == "clojure.core" {
                        // clojure.core's own sources: kiln's runtime has its own core, so
                        // its macros are not the file's; analyse the call leniently.
                        super::expand::unexpanded(self, list, args);
                    } else {
                        super::expand::macro_call(self, list, &ns, &name, tail);
                    }
                    return;
                }
                let core_info = self.core.var(&ns, &name);
                match core_info {
                    Some(info) => {
                        if let Some(arity) = &info.arity
                            && (info.kind == VarKind::Fn || info.kind == VarKind::Macro)
                        {
                            let arity: Arity = arity.clone();
                            rules::invalid_arity::check(self, head.range, &full, &arity, argc);
                        }
                        if info.kind == VarKind::Macro
                            && !matches!(ns.as_str(), "clojure.core" | "clojure.test")
                        {
                            // A standard-library macro kiln does not model may bind names.
                            self.soft_exprs(args);
                            return;
                        }
                        if info.kind == VarKind::Macro {
                            // A core macro kiln does not model specially: its arguments are
                            // ordinary code, but recur is not judged inside.
                            let if_not = name == "if-not";
                            let t = if matches!(
                                name.as_str(),
                                "when"
                                    | "when-not"
                                    | "if-not"
                                    | "cond"
                                    | "and"
                                    | "or"
                                    | "do"
                                    | "condp"
                            ) {
                                tail
                            } else {
                                Tail::Unknown
                            };
                            for (i, a) in args.iter().enumerate() {
                                let t = if i + 1 == args.len()
                                    || name == "cond"
                                    || name == "condp"
                                    || (if_not && i >= 1)
                                {
                                    t
                                } else if t == Tail::Unknown {
                                    Tail::Unknown
                                } else {
                                    Tail::No
                                };
                                self.expr(a, t);
                            }
                            rules::call_rules(self, list, &ns, &name, args);
                            return;
                        }
                        rules::call_rules(self, list, &ns, &name, args);
                    }
                    None => {
                        let unknown_nature = if ns == self.ns.name {
                            self.file_defs
                                .get(&name)
                                .is_some_and(|&i| self.out.defs[i].kind == super::DefKind::Unknown)
                        } else {
                            self.env.is_project_ns(&ns) && !self.env.is_plain(&ns, &name)
                        };
                        if unknown_nature
                            || (ns != self.ns.name
                                && !self.env.is_project_ns(&ns)
                                && !self.core.has_ns(&ns))
                        {
                            // A var of a namespace kiln has no source for: it may be a macro
                            // with its own binding forms.
                            super::expand::unexpanded(self, list, args);
                            return;
                        }
                        if ns == self.ns.name && sym.ns.is_none() {
                            if let Some(&idx) = self.file_defs.get(&name)
                                && let Some(arity) = self.out.defs[idx].arity.clone()
                            {
                                rules::invalid_arity::check(self, head.range, &full, &arity, argc);
                            }
                        } else if ns == self.ns.name && self.soft == 0 {
                            self.local_calls.push((name.clone(), argc, head.range));
                        }
                    }
                }
                for a in args {
                    self.expr(a, Tail::No);
                }
            }
            Target::Unresolved => {
                if sym.ns.is_none() {
                    if self.soft == 0 {
                        self.local_calls.push((sym.name.clone(), argc, head.range));
                    }
                    if !self.ns.refer_all.is_empty() {
                        // Possibly a macro from a namespace referred wholesale.
                        self.soft_exprs(args);
                        return;
                    }
                }
                for a in args {
                    self.expr(a, Tail::No);
                }
            }
            _ => {
                for a in args {
                    self.expr(a, Tail::No);
                }
            }
        }
    }
}

/// `%`, `%1`…, `%&` inside `#( … )`.
fn is_percent_arg(name: &str) -> bool {
    name == "%"
        || name == "%&"
        || (name.starts_with('%') && name[1..].chars().all(|c| c.is_ascii_digit()))
}

/// Host interop written as a bare symbol: `String`, `java.util.Date`, `Foo.`, `.method`,
/// `.-field`, `Outer$Inner`.
pub fn is_host_symbol(name: &str) -> bool {
    let first = name.chars().next().unwrap_or(' ');
    first.is_uppercase()
        || (name.len() > 1 && (name.starts_with('.') || name.ends_with('.')))
        || (name.contains('.') && name != "..")
        || name.contains('$')
}

/// A qualifier that names a class (`Math/abs`, `java.util.UUID/randomUUID`).
fn is_host_qualifier(q: &str) -> bool {
    q.contains('.') || q.chars().next().is_some_and(char::is_uppercase) || q.contains('$')
}

fn keyword_text(k: &super::node::Kw) -> String {
    let prefix = if k.auto { "::" } else { ":" };
    match &k.ns {
        Some(ns) => format!("{prefix}{ns}/{}", k.name),
        None => format!("{prefix}{}", k.name),
    }
}

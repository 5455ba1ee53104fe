//! Defining forms: `def`, `defn`, `defmacro`, `defmulti`/`defmethod`, `defprotocol`,
//! `defrecord`/`deftype`, `declare`, `deftest`, and the method bodies of `reify`,
//! `extend-type`, `extend-protocol` and `proxy`.

use super::forms::{bind, fn_arities, one_arity};
use super::node::{Lit, Node, NodeKind};
use super::walker::{Tail, Walker};
use super::{Arity, Def, DefKind};
use crate::lint::rules;

/// The name symbol of a defining form, with whether its metadata makes it private.
fn def_name(w: &mut Walker, n: &Node) -> Option<(String, syntax::TextRange, bool)> {
    let mut private = false;
    for m in n.metas() {
        match &m.kind {
            NodeKind::Keyword(k) if k.name == "private" => private = true,
            NodeKind::Map(xs) => {
                for pair in xs.chunks(2) {
                    if pair[0].keyword().is_some_and(|k| k.name == "private")
                        && pair
                            .get(1)
                            .is_some_and(|v| matches!(v.kind, NodeKind::Lit(Lit::Bool(true))))
                    {
                        private = true;
                    }
                }
                w.meta(m);
            }
            _ => w.meta(m),
        }
    }
    let s = n.strip_meta();
    let name = s.simple_name()?;
    Some((name.to_string(), s.range, private))
}

fn new_def(
    w: &Walker,
    list: &Node,
    name: String,
    name_range: syntax::TextRange,
    kind: DefKind,
    private: bool,
) -> Def {
    Def {
        ns: w.ns.name.clone(),
        name,
        kind,
        range: list.range,
        name_range,
        arity: None,
        private,
        doc: None,
        arglists: Vec::new(),
        top_level: w.depth == 0,
    }
}

/// `(def name doc? init?)` and `defonce`.
pub fn def(w: &mut Walker, list: &Node, args: &[Node], _once: bool) {
    let Some(first) = args.first() else { return };
    if w.fn_depth > 0 {
        rules::inline_def::report(w, list.range);
    }
    let Some((name, range, private)) = def_name(w, first) else {
        for a in &args[1..] {
            w.expr(a, Tail::No);
        }
        return;
    };
    let mut def = new_def(w, list, name, range, DefKind::Var, private);
    let mut rest = &args[1..];
    if rest.len() == 2
        && let Some(doc) = rest[0].string()
    {
        def.doc = Some(doc.to_string());
        rest = &rest[1..];
    }
    // (def f (fn [x] …)) defines a function with that arity.
    if let Some(init) = rest.first()
        && let Some(items) = init.list()
        && items
            .first()
            .and_then(|h| h.simple_name())
            .is_some_and(|h| h == "fn" || h == "fn*")
    {
        def.kind = DefKind::Fn;
        def.arity = Some(quick_arity(&items[1..]));
    }
    if let Some(init) = rest.first()
        && let Some(path) = super::wasm_calls::load_path(w, init)
    {
        w.wasm_modules.insert(def.name.clone(), path);
    }
    w.define(def);
    for a in rest {
        w.expr(a, Tail::No);
    }
}

/// The arity of `fn` arguments without analysing them.
fn quick_arity(rest: &[Node]) -> Arity {
    let mut arity = Arity::default();
    let rest = if rest
        .first()
        .is_some_and(|n| n.strip_meta().symbol().is_some())
    {
        &rest[1..]
    } else {
        rest
    };
    let mut add = |ps: &[Node]| match ps.iter().position(|p| p.simple_name() == Some("&")) {
        Some(i) => arity.add(None, Some(i)),
        None => arity.add(Some(ps.len()), None),
    };
    if let Some(ps) = rest.first().and_then(|n| n.strip_meta().vector()) {
        add(ps);
    } else {
        for a in rest {
            if let Some(ps) = a
                .list()
                .and_then(|xs| xs.first())
                .and_then(|p| p.strip_meta().vector())
            {
                add(ps);
            }
        }
    }
    arity
}

/// `(defn name doc? attr? [params] body)` / `(defn name doc? attr? ([params] body)+ attr?)`,
/// also `defn-`, `defmacro`, `definline`.
pub fn defn(w: &mut Walker, list: &Node, which: &str, args: &[Node]) {
    let Some(first) = args.first() else { return };
    if w.fn_depth > 0 {
        rules::inline_def::report(w, list.range);
    }
    let Some((name, range, mut private)) = def_name(w, first) else {
        w.soft_exprs(&args[1..]);
        return;
    };
    private |= which == "defn-";
    let kind = if which == "defmacro" {
        DefKind::Macro
    } else {
        DefKind::Fn
    };
    let mut def = new_def(w, list, name, range, kind, private);
    let mut rest = &args[1..];
    if let Some(doc) = rest.first().and_then(Node::string) {
        def.doc = Some(doc.to_string());
        rest = &rest[1..];
    }
    if rest.first().is_some_and(Node::is_map) {
        w.expr(&rest[0], Tail::No);
        rest = &rest[1..];
    }
    // A trailing attr-map after the arities.
    if rest.len() > 1 && rest.last().is_some_and(Node::is_map) && rest[0].list().is_some() {
        rest = &rest[..rest.len() - 1];
    }
    def.arity = Some(quick_arity(rest));
    def.arglists = arglists(rest);
    rules::misplaced_docstring::check(w, rest);
    w.define(def);
    let implicit: &[&str] = if which == "defmacro" {
        &["&form", "&env"]
    } else {
        &[]
    };
    fn_arities(w, list, rest, implicit);
}

/// The parameter vectors of fn arities, as compact text.
fn arglists(rest: &[Node]) -> Vec<String> {
    let shape = |ps: &[Node]| {
        let names: Vec<String> = ps
            .iter()
            .map(|p| match &p.strip_meta().kind {
                NodeKind::Symbol(s) => s.full(),
                NodeKind::Vector(_) => "[…]".into(),
                NodeKind::Map(_) => "{…}".into(),
                _ => "_".into(),
            })
            .collect();
        format!("[{}]", names.join(" "))
    };
    if let Some(ps) = rest.first().and_then(|n| n.strip_meta().vector()) {
        return vec![shape(ps)];
    }
    rest.iter()
        .filter_map(|a| {
            a.list()
                .and_then(|xs| xs.first())
                .and_then(|p| p.strip_meta().vector())
        })
        .map(shape)
        .collect()
}

/// A form that defines just its name: `definterface`, `defstruct`.
pub fn simple_def(w: &mut Walker, list: &Node, args: &[Node], kind: DefKind) {
    if let Some(first) = args.first()
        && let Some((name, range, private)) = def_name(w, first)
    {
        let def = new_def(w, list, name, range, kind, private);
        w.define(def);
    }
}

/// `(declare a b c)`
pub fn declare(w: &mut Walker, list: &Node, args: &[Node]) {
    for a in args {
        if let Some((name, range, private)) = def_name(w, a) {
            let def = new_def(w, list, name, range, DefKind::Declare, private);
            w.define(def);
        }
    }
}

/// `(defmulti name doc? attr? dispatch-fn & options)`
pub fn defmulti(w: &mut Walker, list: &Node, args: &[Node]) {
    let Some(first) = args.first() else { return };
    if let Some((name, range, private)) = def_name(w, first) {
        let mut def = new_def(w, list, name, range, DefKind::Multi, private);
        if let Some(doc) = args.get(1).and_then(Node::string) {
            def.doc = Some(doc.to_string());
        }
        w.define(def);
    }
    for a in &args[1..] {
        w.expr(a, Tail::No);
    }
}

/// `(defmethod multi dispatch-value name? [params] body)` (or several arities).
pub fn defmethod(w: &mut Walker, list: &Node, args: &[Node]) {
    if let Some(m) = args.first() {
        w.expr(m, Tail::No);
    }
    if let Some(d) = args.get(1) {
        w.expr(d, Tail::No);
    }
    w.push_scope();
    let mut rest = args.get(2..).unwrap_or(&[]);
    if let Some(name) = rest.first().filter(|n| n.strip_meta().symbol().is_some()) {
        let mut ids = Vec::new();
        bind(w, name, list.range, &mut ids);
        for &id in &ids {
            w.out.locals[id].used = true;
        }
        w.enter(&ids);
        rest = &rest[1..];
    }
    fn_arities(w, list, rest, &[]);
    w.pop_scope();
}

/// `(defprotocol P doc? opts* (method [this] [this x] doc?)…)`
pub fn defprotocol(w: &mut Walker, list: &Node, args: &[Node]) {
    let Some(first) = args.first() else { return };
    let Some((name, range, private)) = def_name(w, first) else {
        return;
    };
    let mut def = new_def(w, list, name, range, DefKind::Protocol, private);
    if let Some(doc) = args.get(1).and_then(Node::string) {
        def.doc = Some(doc.to_string());
    }
    w.define(def);
    for sig in &args[1..] {
        let Some(items) = sig.list() else { continue };
        let Some((mname, mrange, _)) = items.first().and_then(|n| def_name(w, n)) else {
            continue;
        };
        let mut arity = Arity::default();
        let mut lists = Vec::new();
        let mut doc = None;
        for part in &items[1..] {
            if let Some(ps) = part.strip_meta().vector() {
                arity.add(Some(ps.len()), None);
                lists.push(arglists(std::slice::from_ref(part)).remove(0));
            } else if let Some(d) = part.string() {
                doc = Some(d.to_string());
            }
        }
        let mut m = new_def(w, sig, mname, mrange, DefKind::ProtocolMethod, false);
        m.arity = Some(arity);
        m.arglists = lists;
        m.doc = doc;
        w.define(m);
    }
}

/// `(defrecord R [fields] specs…)` / `(deftype T [fields] specs…)`: defines `R`, `->R` and
/// (records) `map->R`; fields are locals in the method bodies.
pub fn deftype(w: &mut Walker, list: &Node, which: &str, args: &[Node]) {
    let Some(first) = args.first() else { return };
    let fields: Vec<Node> = args
        .get(1)
        .and_then(Node::vector)
        .map(<[Node]>::to_vec)
        .unwrap_or_default();
    if let Some((name, range, _)) = def_name(w, first) {
        let kind = if which == "defrecord" {
            DefKind::Record
        } else {
            DefKind::Type
        };
        w.define(new_def(w, list, name.clone(), range, kind, false));
        let mut ctor = new_def(w, list, format!("->{name}"), range, DefKind::Fn, false);
        ctor.arity = Some(Arity {
            fixed: vec![fields.len()],
            variadic: None,
        });
        w.define(ctor);
        if which == "defrecord" {
            let mut from_map = new_def(w, list, format!("map->{name}"), range, DefKind::Fn, false);
            from_map.arity = Some(Arity {
                fixed: vec![1],
                variadic: None,
            });
            w.define(from_map);
        }
    }
    let field_names: Vec<&str> = fields
        .iter()
        .filter_map(|f| f.strip_meta().simple_name())
        .collect();
    let field_names: Vec<String> = field_names.iter().map(|s| s.to_string()).collect();
    let refs: Vec<&str> = field_names.iter().map(String::as_str).collect();
    for f in &fields {
        for m in f.metas() {
            w.template(m);
        }
    }
    method_impls(w, list, args.get(2..).unwrap_or(&[]), &refs, false);
}

/// `(reify specs…)`
pub fn reify(w: &mut Walker, list: &Node, args: &[Node], this: bool) {
    method_impls(w, list, args, &[], this);
}

/// `(extend-type T P (m [this] …)…)` / `(extend-protocol P T (m [this] …)…)`
pub fn extend_form(w: &mut Walker, list: &Node, args: &[Node]) {
    method_impls(w, list, args, &[], false);
}

/// Protocol/interface names and types (resolved as references) interleaved with method
/// implementations `(name [params] body…)` or `(name ([params] body…)…)`. `fields` are
/// locals in every body; `implicit_this` adds `this` (proxy).
pub fn method_impls(
    w: &mut Walker,
    list: &Node,
    specs: &[Node],
    fields: &[&str],
    implicit_this: bool,
) {
    for spec in specs {
        match &spec.kind {
            NodeKind::List(items) if !items.is_empty() => {
                let mut implicit: Vec<&str> = fields.to_vec();
                if implicit_this {
                    implicit.push("this");
                }
                w.push_scope();
                // Field locals are created per body and count as used (they are the
                // record's shape, not a choice of the method).
                let rest = &items[1..];
                if rest
                    .first()
                    .is_some_and(|n| n.strip_meta().vector().is_some())
                {
                    let mut arity = Arity::default();
                    one_arity_with(w, spec, rest, &implicit, &mut arity);
                } else {
                    for a in rest {
                        if let Some(xs) = a.list() {
                            let mut arity = Arity::default();
                            one_arity_with(w, a, xs, &implicit, &mut arity);
                        }
                    }
                }
                w.pop_scope();
            }
            NodeKind::Symbol(_) => w.expr(spec, Tail::No),
            _ => w.expr(spec, Tail::No),
        }
    }
    let _ = list;
}

fn one_arity_with(
    w: &mut Walker,
    scope: &Node,
    items: &[Node],
    implicit: &[&str],
    arity: &mut Arity,
) {
    let before = w.out.locals.len();
    one_arity(w, scope, items, implicit, arity);
    // Implicit locals (fields, this) and the `this` parameter are not unused bindings.
    let implicit_count = implicit.len();
    for l in w
        .out
        .locals
        .iter_mut()
        .skip(before)
        .take(implicit_count + 1)
    {
        l.used = true;
    }
}

/// `(deftest name body…)`
pub fn deftest(w: &mut Walker, list: &Node, args: &[Node]) {
    let Some(first) = args.first() else { return };
    if let Some((name, range, private)) = def_name(w, first) {
        let mut def = new_def(w, list, name, range, DefKind::Fn, private);
        def.arity = Some(Arity {
            fixed: vec![0],
            variadic: None,
        });
        w.define(def);
    }
    w.depth += 1;
    w.body(&args[1..], Tail::No);
    w.depth -= 1;
}

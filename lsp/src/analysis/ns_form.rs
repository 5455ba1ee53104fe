//! The `ns` form and `require`/`use` calls: the current namespace, its aliases, refers,
//! `:refer-clojure` exclusions and imports.

use std::collections::HashSet;

use super::node::{Node, NodeKind};
use super::walker::{NsState, Walker};
use super::{Refer, Require};
use crate::lint::rules;

/// `(ns name doc? attr? references…)`
pub fn ns_form(w: &mut Walker, _list: &Node, args: &[Node]) {
    let Some(name) = args.first() else { return };
    for m in name.metas() {
        w.template(m);
    }
    let name_node = name.strip_meta();
    if let Some(s) = name_node.symbol() {
        w.ns = NsState {
            name: s.full(),
            ..NsState::default()
        };
        w.out.ns_range = Some(name_node.range);
        w.out.ns_decl = Some(s.full());
    }
    for clause in &args[1..] {
        let Some(items) = clause.list() else { continue };
        let Some(kw) = items.first().and_then(Node::keyword) else {
            continue;
        };
        let rest = &items[1..];
        match kw.name.as_str() {
            "require" | "require-macros" => {
                for spec in rest {
                    libspec(w, spec, None, false);
                }
            }
            "use" | "use-macros" => {
                for spec in rest {
                    libspec(w, spec, None, true);
                }
            }
            "import" => imports(w, rest),
            "refer-clojure" => refer_clojure(w, rest),
            _ => {}
        }
    }
}

/// `(require '[a.b :as c] 'd.e)` and `(use 'a.b)` outside an `ns` form.
pub fn require_call(w: &mut Walker, which: &str, args: &[Node]) {
    for a in args {
        if let NodeKind::Quote(inner) = &a.kind {
            libspec(w, inner, None, which == "use");
        }
    }
}

fn imports(w: &mut Walker, specs: &[Node]) {
    for spec in specs {
        match &spec.kind {
            NodeKind::Symbol(s) => {
                let full = s.full();
                let short = full.rsplit('.').next().unwrap_or(&full).to_string();
                w.ns.imports.insert(short);
            }
            NodeKind::List(xs) | NodeKind::Vector(xs) => {
                for c in xs.iter().skip(1) {
                    if let Some(n) = c.simple_name() {
                        w.ns.imports.insert(n.to_string());
                    }
                }
            }
            NodeKind::Quote(inner) => imports(w, std::slice::from_ref(inner)),
            _ => {}
        }
    }
}

fn names(n: &Node) -> Vec<String> {
    match &n.kind {
        NodeKind::Vector(xs) | NodeKind::List(xs) | NodeKind::Set(xs) => xs
            .iter()
            .filter_map(|x| x.simple_name().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn refer_clojure(w: &mut Walker, opts: &[Node]) {
    for pair in opts.chunks(2) {
        let (Some(k), Some(v)) = (pair[0].keyword(), pair.get(1)) else {
            continue;
        };
        match k.name.as_str() {
            "exclude" => w.ns.core_excluded.extend(names(v)),
            "only" => w.ns.core_only = Some(names(v).into_iter().collect::<HashSet<_>>()),
            "rename" => {
                if let NodeKind::Map(xs) = &v.kind {
                    for p in xs.chunks(2) {
                        if let (Some(from), Some(to)) =
                            (p[0].simple_name(), p.get(1).and_then(Node::simple_name))
                        {
                            w.ns.core_renames.insert(to.to_string(), from.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// One libspec: `a.b`, `[a.b :as c :refer [x]]`, or a prefix list `[a b [c :as d]]`.
fn libspec(w: &mut Walker, spec: &Node, prefix: Option<&str>, is_use: bool) {
    let join = |name: &str| match prefix {
        Some(p) => format!("{p}.{name}"),
        None => name.to_string(),
    };
    match &spec.kind {
        NodeKind::Symbol(s) => {
            add_require(w, join(&s.full()), spec, &[], is_use);
        }
        NodeKind::Vector(xs) | NodeKind::List(xs) => {
            let Some(first) = xs.first().and_then(Node::symbol) else {
                return;
            };
            let name = join(&first.full());
            let is_prefix_list = xs.len() > 1 && !matches!(xs[1].kind, NodeKind::Keyword(_));
            if is_prefix_list {
                for inner in &xs[1..] {
                    libspec(w, inner, Some(&name), is_use);
                }
            } else {
                add_require(w, name, spec, &xs[1..], is_use);
            }
        }
        NodeKind::Quote(inner) => libspec(w, inner, prefix, is_use),
        _ => {}
    }
}

fn add_require(w: &mut Walker, ns: String, spec: &Node, opts: &[Node], is_use: bool) {
    if let Some(prev) = w.out.requires.iter().find(|r| r.ns == ns).map(|r| r.range)
        && prev != spec.range
    {
        rules::duplicate_require::report(w, spec.range, &ns);
    }
    let idx = w.out.requires.len();
    let mut req = Require {
        ns: ns.clone(),
        range: spec.range,
        alias: None,
        refers: Vec::new(),
        refer_all: false,
        used: false,
        bare: true,
    };
    let mut refer_nodes: Vec<&Node> = Vec::new();
    let mut use_all = is_use;
    for pair in opts.chunks(2) {
        let Some(k) = pair[0].keyword() else { continue };
        let Some(v) = pair.get(1) else { continue };
        match k.name.as_str() {
            "as" => {
                if let Some(a) = v.simple_name() {
                    req.alias = Some((a.to_string(), v.range));
                    req.bare = false;
                }
            }
            "as-alias" => {
                if let Some(a) = v.simple_name() {
                    req.alias = Some((a.to_string(), v.range));
                }
            }
            "refer" | "only" => {
                use_all = false;
                if v.keyword().is_some_and(|k| k.name == "all") {
                    req.refer_all = true;
                    req.bare = false;
                } else if let NodeKind::Vector(xs) | NodeKind::List(xs) = &v.kind {
                    refer_nodes.extend(xs.iter());
                    req.bare = false;
                }
            }
            _ => {}
        }
    }
    if use_all {
        req.refer_all = true;
    }
    for r in &refer_nodes {
        if let Some(name) = r.simple_name() {
            req.refers.push(Refer {
                name: name.to_string(),
                range: r.range,
                used: false,
            });
        }
    }
    if let Some((a, _)) = &req.alias {
        w.ns.aliases.insert(a.clone(), (ns.clone(), idx));
    }
    for (ri, r) in req.refers.iter().enumerate() {
        w.ns.refers.insert(r.name.clone(), (ns.clone(), idx, ri));
        if let Some(info) = w.core.namespaces.get(&ns)
            && !info.vars.contains_key(&r.name)
        {
            let msg = format!("Unresolved var: {ns}/{}", r.name);
            w.finding(rules::unresolved_var::CODE, r.range, msg);
        }
    }
    if req.refer_all {
        w.ns.refer_all.push((ns.clone(), idx));
    }
    let refers: Vec<(String, syntax::TextRange)> = req
        .refers
        .iter()
        .map(|r| (r.name.clone(), r.range))
        .collect();
    w.out.requires.push(req);
    if w.env.is_project_ns(&ns) && ns != w.ns.name {
        for (name, range) in refers {
            w.out.ext_refs.push(super::ExtRef {
                candidates: vec![ns.clone()],
                name,
                range,
                call_args: None,
                missing: super::Missing::Var,
                var_quote: false,
            });
        }
    }
}

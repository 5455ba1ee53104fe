//! Special forms and the core macros that bind locals or change evaluation: how each one's
//! parts are analysed (which are code, which are bindings, which are constants).
//! Definitions (`def`, `defn`, `defrecord`, …) are in `defs.rs`.

use syntax::TextRange;

use super::defs;
use super::node::{Node, NodeKind};
use super::walker::{RecurFrame, Tail, Walker};
use crate::lint::rules;

/// Analyses a special form. `args` excludes the operator.
pub fn special(w: &mut Walker, list: &Node, name: &str, args: &[Node], tail: Tail) {
    match name {
        "def" => defs::def(w, list, args, false),
        "if" => {
            rules::missing_else_branch::check(w, list, args);
            for (i, a) in args.iter().enumerate() {
                w.expr(a, if i == 0 { Tail::No } else { tail });
            }
        }
        "do" => {
            rules::redundant_do::check(w, list, args);
            w.body(args, tail);
        }
        "let*" => let_form(w, list, args, tail, false),
        "loop*" => let_form(w, list, args, tail, true),
        "fn*" => fn_form(w, list, args),
        "letfn*" => letfn(w, list, args, tail),
        "quote" | "import*" | "case*" | "deftype*" | "reify*" | "&" => {}
        "var" => {
            if let Some(s) = args.first().and_then(Node::symbol) {
                w.resolve(s, args[0].range, None);
            }
        }
        "recur" => {
            match tail {
                Tail::No if w.soft == 0 => rules::unexpected_recur::report(w, list.range),
                _ => {}
            }
            if let Some(frame) = w.recur.last_mut() {
                frame.found = true;
            }
            for a in args {
                w.expr(a, Tail::No);
            }
        }
        "try" => try_form(w, args, tail),
        "new" => {
            for a in args.iter().skip(1) {
                w.expr(a, Tail::No);
            }
        }
        "." => dot(w, args),
        "set!" => {
            for a in args {
                w.expr(a, Tail::No);
            }
        }
        _ => {
            for a in args {
                w.expr(a, Tail::No);
            }
        }
    }
}

/// Handles a core macro (or a `:lint-as` alias of one) that needs more than "every argument
/// is code". Returns false when the call should be analysed as an ordinary call.
pub fn core_macro(
    w: &mut Walker,
    list: &Node,
    key: &str,
    args: &[Node],
    tail: Tail,
    extra: usize,
) -> bool {
    if extra > 0
        && !matches!(
            key,
            "clojure.core/as->"
                | "clojure.core/cond->"
                | "clojure.core/cond->>"
                | "clojure.core/->"
                | "clojure.core/->>"
                | "clojure.core/some->"
                | "clojure.core/some->>"
                | "clojure.core/doto"
        )
    {
        return false;
    }
    let Some(name) = key.strip_prefix("clojure.core/") else {
        return match key {
            "clojure.test/deftest" => {
                defs::deftest(w, list, args);
                true
            }
            "clojure.test/is" => {
                is_form(w, args);
                true
            }
            "clojure.test/are" => {
                are_form(w, list, args);
                true
            }
            "cljw.eval/with-budget" => false,
            _ => false,
        };
    };
    match name {
        "ns" => super::ns_form::ns_form(w, list, args),
        "in-ns" => {
            // Only a top-level in-ns switches namespace for the rest of the file.
            if w.depth == 0
                && let Some(NodeKind::Quote(q)) = args.first().map(|a| &a.kind)
                && let Some(n) = q.simple_name()
            {
                w.ns.name = n.to_string();
            }
            return false;
        }
        "require" | "use" => {
            super::ns_form::require_call(w, name, args);
            return false;
        }
        "def" | "defonce" => defs::def(w, list, args, name == "defonce"),
        "defn" | "defn-" | "defmacro" | "definline" => defs::defn(w, list, name, args),
        "defmulti" => defs::defmulti(w, list, args),
        "defmethod" => defs::defmethod(w, list, args),
        "defprotocol" => defs::defprotocol(w, list, args),
        "definterface" => defs::simple_def(w, list, args, super::DefKind::Type),
        "defstruct" => {
            defs::simple_def(w, list, args, super::DefKind::Var);
        }
        "defrecord" | "deftype" => defs::deftype(w, list, name, args),
        "declare" => defs::declare(w, list, args),
        "fn" | "bound-fn" => fn_form(w, list, args),
        "alias" => {
            // (alias 'core 'clojure.core)
            if let (Some(NodeKind::Quote(a)), Some(NodeKind::Quote(n))) =
                (args.first().map(|a| &a.kind), args.get(1).map(|a| &a.kind))
                && let (Some(a), Some(n)) = (a.simple_name(), n.symbol())
            {
                let idx = w.out.requires.len();
                w.out.requires.push(super::Require {
                    ns: n.full(),
                    range: list.range,
                    alias: Some((a.to_string(), list.range)),
                    refers: Vec::new(),
                    refer_all: false,
                    used: false,
                    bare: true,
                });
                w.ns.aliases.insert(a.to_string(), (n.full(), idx));
            }
            return false;
        }
        "let" => {
            rules::redundant_let::check(w, list, args);
            let_form(w, list, args, tail, false)
        }
        "loop" => let_form(w, list, args, tail, true),
        "with-open" | "with-local-vars" => let_form(w, list, args, Tail::Unknown, false),
        "letfn" => letfn(w, list, args, tail),
        "when-let" | "if-let" | "when-some" | "if-some" | "when-first" => {
            cond_let(w, list, name, args, tail)
        }
        "dotimes" => let_form(w, list, args, Tail::Unknown, false),
        "binding" | "with-redefs" => {
            if let Some(v) = args.first().and_then(Node::vector) {
                for (i, x) in v.iter().enumerate() {
                    w.expr(x, Tail::No);
                    let _ = i;
                }
            }
            w.body(args.get(1..).unwrap_or(&[]), Tail::Unknown);
        }
        "for" | "doseq" => comprehension(w, list, args),
        "case" => case_form(w, args, tail),
        "->" | "->>" | "some->" | "some->>" if extra == 0 => {
            // Analyse what the macro builds: each step wraps the previous form, so names
            // bound by a later step (`(->> x (for [y ys]))`) scope over the earlier ones.
            let last = name.ends_with(">>");
            let Some(mut acc) = args.first().cloned() else {
                return true;
            };
            for step in &args[1..] {
                let mut items: Vec<Node> = match &step.kind {
                    NodeKind::List(items) if !items.is_empty() => items.clone(),
                    _ => vec![step.clone()],
                };
                if last {
                    items.push(acc);
                } else {
                    items.insert(1, acc);
                }
                acc = Node {
                    kind: NodeKind::List(items),
                    range: step.range,
                };
            }
            w.expr(&acc, tail);
        }
        "->" | "->>" | "some->" | "some->>" | "doto" => {
            if let Some(first) = args.first() {
                if extra == 0 {
                    w.expr(first, Tail::No);
                }
                let steps = if extra == 0 { &args[1..] } else { args };
                for s in steps {
                    thread_step(w, s, name.ends_with(">>"));
                }
            }
        }
        "cond->" | "cond->>" => {
            let rest = if extra == 0 {
                if let Some(first) = args.first() {
                    w.expr(first, Tail::No);
                }
                args.get(1..).unwrap_or(&[])
            } else {
                args
            };
            for (i, x) in rest.iter().enumerate() {
                if i % 2 == 0 {
                    w.expr(x, Tail::No);
                } else {
                    thread_step(w, x, name.ends_with(">>"));
                }
            }
        }
        "as->" => {
            let (init, rest) = if extra == 0 {
                (args.first(), args.get(1..).unwrap_or(&[]))
            } else {
                (None, args)
            };
            if let Some(i) = init {
                w.expr(i, Tail::No);
            }
            w.push_scope();
            if let Some(name) = rest.first() {
                let mut ids = Vec::new();
                bind(w, name, list.range, &mut ids);
                // Each step uses the name; the last one need not.
                for &id in &ids {
                    w.out.locals[id].used = true;
                }
                w.enter(&ids);
            }
            w.body(rest.get(1..).unwrap_or(&[]), tail);
            w.pop_scope();
        }
        ".." => {
            if let Some(first) = args.first() {
                w.expr(first, Tail::No);
            }
            for s in args.iter().skip(1) {
                if let Some(items) = s.list() {
                    for a in items.iter().skip(1) {
                        w.expr(a, Tail::No);
                    }
                }
            }
        }
        "comment" => {
            w.soft += 1;
            for a in args {
                w.expr(a, Tail::Unknown);
            }
            w.soft -= 1;
        }
        "reify" => defs::reify(w, list, args, false),
        "proxy" => {
            for a in args.iter().take(2) {
                w.expr(a, Tail::No);
            }
            defs::method_impls(w, list, args.get(2..).unwrap_or(&[]), &[], true);
        }
        "extend-type" | "extend-protocol" => defs::extend_form(w, list, args),
        "proxy-super" => {
            for a in args.iter().skip(1) {
                w.expr(a, Tail::No);
            }
        }
        "memfn" | "import" | "gen-class" | "gen-interface" | "refer-clojure" => {}
        "amap" | "areduce" => {
            // (amap a idx ret expr) / (areduce a idx ret init expr)
            if let Some(a) = args.first() {
                w.expr(a, Tail::No);
            }
            if name == "areduce"
                && let Some(init) = args.get(3)
            {
                w.expr(init, Tail::No);
            }
            w.push_scope();
            let mut ids = Vec::new();
            for b in args.iter().skip(1).take(2) {
                bind(w, b, list.range, &mut ids);
            }
            w.enter(&ids);
            if let Some(e) = args.last().filter(|_| args.len() >= 4) {
                w.expr(e, Tail::No);
            }
            w.pop_scope();
        }
        _ => return false,
    }
    true
}

/// One step of a threading macro: a call with the threaded value as an extra argument.
fn thread_step(w: &mut Walker, step: &Node, last: bool) {
    let placeholder = Node {
        kind: NodeKind::Symbol(super::node::Sym {
            ns: None,
            name: THREADED.into(),
            synthetic: true,
        }),
        range: TextRange::empty(step.range.start()),
    };
    let mut items: Vec<Node> = match &step.kind {
        NodeKind::List(items) if !items.is_empty() => items.clone(),
        NodeKind::Symbol(_) => vec![step.clone()],
        _ => {
            w.expr(step, Tail::No);
            return;
        }
    };
    if last {
        items.push(placeholder);
    } else {
        items.insert(1, placeholder);
    }
    let call = Node {
        kind: NodeKind::List(items),
        range: step.range,
    };
    w.expr(&call, Tail::No);
}

/// The name of the value a threading macro passes along (resolves to nothing reportable).
pub const THREADED: &str = "%threaded%";

/// Binds a destructuring pattern: adds locals to `ids` (not yet visible).
pub fn bind(w: &mut Walker, pat: &Node, scope: TextRange, ids: &mut Vec<usize>) {
    for m in pat.metas() {
        w.template(m);
    }
    let pat = pat.strip_meta();
    match &pat.kind {
        NodeKind::Symbol(s) if s.ns.is_none() && s.name != "&" => {
            let id = w.new_local(&s.name, pat.range, scope, s.synthetic);
            ids.push(id);
        }
        NodeKind::Vector(xs) => {
            let mut i = 0;
            while i < xs.len() {
                let x = &xs[i];
                if let NodeKind::Keyword(k) = &x.kind
                    && k.name == "as"
                {
                    if let Some(a) = xs.get(i + 1) {
                        bind(w, a, scope, ids);
                    }
                    i += 2;
                    continue;
                }
                bind(w, x, scope, ids);
                i += 1;
            }
        }
        NodeKind::Map(xs) => {
            let mut defaults = Vec::new();
            for pair in xs.chunks(2) {
                let (k, v) = (&pair[0], pair.get(1));
                if let NodeKind::Keyword(kw) = &k.kind {
                    match kw.name.as_str() {
                        "keys" | "strs" | "syms" => {
                            if let Some(v) = v
                                && let Some(names) = v.vector()
                            {
                                for n in names {
                                    let n = n.strip_meta();
                                    let name = match &n.kind {
                                        NodeKind::Symbol(s) => Some((s.name.clone(), s.synthetic)),
                                        NodeKind::Keyword(k) => Some((k.name.clone(), false)),
                                        _ => None,
                                    };
                                    if let Some((name, synthetic)) = name {
                                        let id = w.new_local(&name, n.range, scope, synthetic);
                                        ids.push(id);
                                    }
                                }
                            }
                            continue;
                        }
                        "or" if kw.ns.is_none() => {
                            if let Some(v) = v {
                                defaults.push(v);
                            }
                            continue;
                        }
                        "as" if kw.ns.is_none() => {
                            if let Some(v) = v {
                                bind(w, v, scope, ids);
                            }
                            continue;
                        }
                        _ => {}
                    }
                }
                // {pattern lookup-key}
                bind(w, k, scope, ids);
                if let Some(v) = v {
                    w.expr(v, Tail::No);
                }
            }
            if !defaults.is_empty() {
                w.push_scope();
                w.enter(ids);
                for d in defaults {
                    if let NodeKind::Map(entries) = &d.kind {
                        for pair in entries.chunks(2) {
                            if let Some(v) = pair.get(1) {
                                w.expr(v, Tail::No);
                            }
                        }
                    }
                }
                // Names in :or are not uses of the bindings.
                w.pop_scope();
            }
        }
        _ => {}
    }
}

/// `let`/`loop`/`with-open`/`dotimes`: a binding vector, then a body.
pub fn let_form(w: &mut Walker, list: &Node, args: &[Node], tail: Tail, is_loop: bool) {
    w.push_scope();
    if let Some(v) = args.first().map(Node::strip_meta).and_then(Node::vector) {
        for pair in v.chunks(2) {
            if let Some(init) = pair.get(1) {
                w.expr(init, Tail::No);
            }
            let mut ids = Vec::new();
            bind(w, &pair[0], list.range, &mut ids);
            if let (Some(init), Some(name)) = (pair.get(1), pair[0].simple_name())
                && let Some(path) = super::wasm_calls::load_path(w, init)
            {
                w.wasm_modules.insert(name.to_string(), path);
            }
            w.enter(&ids);
        }
    }
    let body = args.get(1..).unwrap_or(&[]);
    w.depth += 1;
    if is_loop {
        w.recur.push(RecurFrame { found: false });
        w.body(body, Tail::Yes);
        let frame = w.recur.pop();
        if frame.is_some_and(|f| !f.found) && w.soft == 0 {
            rules::loop_without_recur::report(w, list);
        }
    } else {
        w.body(body, tail);
    }
    w.depth -= 1;
    w.pop_scope();
}

/// `if-let`, `when-let`, `if-some`, `when-some`, `when-first`.
fn cond_let(w: &mut Walker, list: &Node, name: &str, args: &[Node], tail: Tail) {
    let mut ids = Vec::new();
    if let Some(v) = args.first().and_then(Node::vector) {
        if let Some(init) = v.get(1) {
            w.expr(init, Tail::No);
        }
        if let Some(p) = v.first() {
            bind(w, p, list.range, &mut ids);
        }
    }
    let rest = args.get(1..).unwrap_or(&[]);
    w.push_scope();
    w.enter(&ids);
    w.depth += 1;
    if name.starts_with("if") {
        if let Some(then) = rest.first() {
            w.expr(then, tail);
        }
        w.pop_scope();
        for e in rest.iter().skip(1) {
            w.expr(e, tail);
        }
    } else {
        w.body(rest, tail);
        w.pop_scope();
    }
    w.depth -= 1;
}

/// `fn`/`fn*`: an optional name, then one arity or several.
pub fn fn_form(w: &mut Walker, list: &Node, args: &[Node]) {
    w.push_scope();
    let mut rest = args;
    if let Some(name) = rest.first().filter(|n| n.strip_meta().symbol().is_some()) {
        let mut ids = Vec::new();
        bind(w, name, list.range, &mut ids);
        for &id in &ids {
            // A self-reference name need not be used.
            w.out.locals[id].used = true;
        }
        w.enter(&ids);
        rest = &rest[1..];
    }
    fn_arities(w, list, rest, &[]);
    w.pop_scope();
}

/// The arities of a fn: `[params] body…` or `([params] body…)…`. Returns the arity
/// and the parameter vectors as text-free shapes (fixed count, variadic).
pub fn fn_arities(w: &mut Walker, list: &Node, rest: &[Node], implicit: &[&str]) -> super::Arity {
    let mut arity = super::Arity::default();
    let first = rest.first().map(Node::strip_meta);
    if first.is_some_and(|f| f.vector().is_some()) {
        one_arity(w, list, rest, implicit, &mut arity);
    } else {
        for a in rest {
            if let Some(items) = a.list() {
                one_arity(w, a, items, implicit, &mut arity);
            }
        }
    }
    arity
}

/// `[params] body…`: binds the params, analyses the body as a recur target.
pub fn one_arity(
    w: &mut Walker,
    scope: &Node,
    items: &[Node],
    implicit: &[&str],
    arity: &mut super::Arity,
) {
    let Some(params) = items.first() else { return };
    let Some(ps) = params.strip_meta().vector() else {
        return;
    };
    let variadic = ps.iter().position(|p| p.simple_name() == Some("&"));
    match variadic {
        Some(i) => arity.add(None, Some(i)),
        None => arity.add(Some(ps.len()), None),
    }
    w.push_scope();
    let mut ids = Vec::new();
    for name in implicit {
        let id = w.new_local(
            name,
            TextRange::empty(scope.range.start()),
            scope.range,
            true,
        );
        ids.push(id);
    }
    bind(w, params, scope.range, &mut ids);
    w.enter(&ids);
    let mut body = &items[1..];
    // A pre/post condition map.
    if body.len() > 1 && body[0].is_map() {
        w.soft += 1;
        w.fn_lit += 1;
        w.expr(&body[0], Tail::No);
        w.fn_lit -= 1;
        w.soft -= 1;
        body = &body[1..];
    }
    w.depth += 1;
    w.fn_depth += 1;
    w.recur.push(RecurFrame { found: false });
    w.body(body, Tail::Yes);
    w.recur.pop();
    w.fn_depth -= 1;
    w.depth -= 1;
    w.pop_scope();
}

/// `(letfn [(f [x] …) …] body)`: every name is visible in every fn and the body.
fn letfn(w: &mut Walker, list: &Node, args: &[Node], tail: Tail) {
    w.push_scope();
    let fns = args.first().and_then(Node::vector).unwrap_or(&[]);
    let mut ids = Vec::new();
    for f in fns {
        if let Some(name) = f.list().and_then(|xs| xs.first()) {
            bind(w, name, list.range, &mut ids);
        }
    }
    w.enter(&ids);
    for f in fns {
        if let Some(items) = f.list() {
            fn_arities(w, f, &items[1..], &[]);
        }
    }
    w.depth += 1;
    w.body(args.get(1..).unwrap_or(&[]), tail);
    w.depth -= 1;
    w.pop_scope();
}

/// `for`/`doseq`: bindings with `:let`, `:when`, `:while`.
fn comprehension(w: &mut Walker, list: &Node, args: &[Node]) {
    w.push_scope();
    if let Some(v) = args.first().and_then(Node::vector) {
        for pair in v.chunks(2) {
            let (k, val) = (&pair[0], pair.get(1));
            match k.keyword().map(|k| k.name.as_str()) {
                Some("let") => {
                    if let Some(bs) = val.and_then(Node::vector) {
                        for b in bs.chunks(2) {
                            if let Some(init) = b.get(1) {
                                w.expr(init, Tail::No);
                            }
                            let mut ids = Vec::new();
                            bind(w, &b[0], list.range, &mut ids);
                            w.enter(&ids);
                        }
                    }
                }
                Some(_) => {
                    if let Some(val) = val {
                        w.expr(val, Tail::No);
                    }
                }
                None => {
                    if let Some(val) = val {
                        w.expr(val, Tail::No);
                    }
                    let mut ids = Vec::new();
                    bind(w, k, list.range, &mut ids);
                    w.enter(&ids);
                }
            }
        }
    }
    w.depth += 1;
    w.body(args.get(1..).unwrap_or(&[]), Tail::Unknown);
    w.depth -= 1;
    w.pop_scope();
}

/// `(case e test result … default?)`: tests are constants.
fn case_form(w: &mut Walker, args: &[Node], tail: Tail) {
    let Some(e) = args.first() else { return };
    w.expr(e, Tail::No);
    let clauses = &args[1..];
    let mut seen: Vec<String> = Vec::new();
    for pair in clauses.chunks(2) {
        if pair.len() == 1 {
            w.expr(&pair[0], tail);
            continue;
        }
        rules::case_duplicate_test::check(w, &pair[0], &mut seen);
        w.expr(&pair[1], tail);
    }
}

/// `(try body… (catch Class e body…)… (finally body…))`
fn try_form(w: &mut Walker, args: &[Node], _tail: Tail) {
    let is_clause = |n: &Node, name: &str| {
        n.list()
            .and_then(|xs| xs.first())
            .and_then(Node::simple_name)
            .is_some_and(|h| h == name)
    };
    let body_end = args
        .iter()
        .position(|a| is_clause(a, "catch") || is_clause(a, "finally"))
        .unwrap_or(args.len());
    // recur cannot cross try.
    w.body(&args[..body_end], Tail::No);
    for clause in &args[body_end..] {
        let Some(items) = clause.list() else { continue };
        if is_clause(clause, "catch") {
            if let Some(class) = items.get(1) {
                w.expr(class, Tail::No);
            }
            w.push_scope();
            let mut ids = Vec::new();
            if let Some(b) = items.get(2) {
                bind(w, b, clause.range, &mut ids);
            }
            w.enter(&ids);
            w.body(items.get(3..).unwrap_or(&[]), Tail::No);
            w.pop_scope();
        } else {
            w.body(&items[1..], Tail::No);
        }
    }
}

/// `(. target member args…)` / `(. target (member args…))`
fn dot(w: &mut Walker, args: &[Node]) {
    if let Some(t) = args.first() {
        w.expr(t, Tail::No);
    }
    match args.get(1).map(|n| &n.kind) {
        Some(NodeKind::List(items)) => {
            for a in items.iter().skip(1) {
                w.expr(a, Tail::No);
            }
        }
        _ => {
            for a in args.iter().skip(2) {
                w.expr(a, Tail::No);
            }
        }
    }
}

/// `(is form msg?)`, understanding `thrown?` and `thrown-with-msg?`.
fn is_form(w: &mut Walker, args: &[Node]) {
    if let Some(f) = args.first() {
        let head = f
            .list()
            .and_then(|xs| xs.first())
            .and_then(Node::symbol)
            .map(|s| s.name.as_str());
        match head {
            Some("thrown?" | "thrown-with-msg?") => {
                if let Some(items) = f.list() {
                    for a in items.iter().skip(1) {
                        w.expr(a, Tail::No);
                    }
                }
            }
            Some(_) => {
                // A custom `assert-expr` may give the head meaning no var has.
                if let Some(items) = f.list() {
                    w.soft += 1;
                    w.expr(&items[0], Tail::No);
                    w.soft -= 1;
                    for a in &items[1..] {
                        w.expr(a, Tail::No);
                    }
                }
            }
            None => w.expr(f, Tail::No),
        }
    }
    for a in args.iter().skip(1) {
        w.expr(a, Tail::No);
    }
}

/// `(are [x y] expr & values)`: the template's params are locals of the expression.
fn are_form(w: &mut Walker, list: &Node, args: &[Node]) {
    w.push_scope();
    let mut ids = Vec::new();
    if let Some(p) = args.first() {
        bind(w, p, list.range, &mut ids);
    }
    w.enter(&ids);
    if let Some(e) = args.get(1) {
        is_form(w, std::slice::from_ref(e));
    }
    w.pop_scope();
    for a in args.iter().skip(2) {
        w.expr(a, Tail::No);
    }
}

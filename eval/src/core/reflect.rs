//! Namespace and var reflection of `clojure.core`: `ns-name`, `ns-publics`, `ns-interns`,
//! `ns-refers`, `ns-aliases`, `ns-map`, `find-ns`, `the-ns`, `all-ns`, `create-ns`,
//! `find-var`, `intern`, `var-get`, `var-set`, `alter-var-root`, `bound?`, `eval`,
//! `load-string`, and `-class-chain` (the supertypes of a class named by a string).

use std::rc::Rc;

use crate::runtime::{Namespace, Var};
use crate::value::{Map, Symbol, Value};
use crate::vm::{ExClass, Interp, NativeImpl, Throw};

type R = Result<Value, Throw>;

fn arity(a: &[Value], n: std::ops::RangeInclusive<usize>, name: &str) -> Result<(), Throw> {
    if n.contains(&a.len()) {
        Ok(())
    } else {
        Err(Throw::arity(a.len(), &format!("clojure.core/{name}")))
    }
}

/// A namespace from a namespace value or a symbol naming a loaded one.
fn the_ns(i: &Interp, v: &Value) -> Result<Rc<Namespace>, Throw> {
    match v {
        Value::Namespace(ns) => Ok(ns.clone()),
        Value::Symbol(s) => i
            .find_ns(s.name())
            .ok_or_else(|| Throw::runtime(format!("No namespace: {} found", s.name()))),
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.Symbol",
            x.type_name()
        ))),
    }
}

fn var_map<'a>(vars: impl Iterator<Item = (&'a Rc<str>, &'a Rc<Var>)>) -> Value {
    Value::Map(Rc::new(Map::hash_from_pairs(
        vars.map(|(k, v)| (Value::Symbol(Symbol::new(None, k)), Value::Var(v.clone())))
            .collect(),
    )))
}

fn n_ns_name(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "ns-name")?;
    Ok(Value::Symbol(the_ns(i, &a[0])?.symbol()))
}

fn n_ns_publics(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "ns-publics")?;
    let ns = the_ns(i, &a[0])?;
    let vars = ns.vars.borrow();
    Ok(var_map(vars.iter().filter(|(_, v)| !v.private.get())))
}

fn n_ns_interns(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "ns-interns")?;
    let ns = the_ns(i, &a[0])?;
    let vars = ns.vars.borrow();
    Ok(var_map(vars.iter()))
}

fn n_ns_refers(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "ns-refers")?;
    let ns = the_ns(i, &a[0])?;
    let refers = ns.refers.borrow();
    Ok(var_map(refers.iter()))
}

fn n_ns_map(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "ns-map")?;
    let ns = the_ns(i, &a[0])?;
    let refers = ns.refers.borrow();
    let vars = ns.vars.borrow();
    Ok(var_map(refers.iter().chain(vars.iter())))
}

fn n_ns_aliases(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "ns-aliases")?;
    let ns = the_ns(i, &a[0])?;
    let aliases = ns.aliases.borrow();
    Ok(Value::Map(Rc::new(Map::hash_from_pairs(
        aliases
            .iter()
            .map(|(k, n)| {
                (
                    Value::Symbol(Symbol::new(None, k)),
                    Value::Namespace(n.clone()),
                )
            })
            .collect(),
    ))))
}

fn n_find_ns(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "find-ns")?;
    match &a[0] {
        Value::Symbol(s) => Ok(i.find_ns(s.name()).map_or(Value::Nil, Value::Namespace)),
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.Symbol",
            x.type_name()
        ))),
    }
}

fn n_the_ns(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "the-ns")?;
    Ok(Value::Namespace(the_ns(i, &a[0])?))
}

fn n_all_ns(i: &Interp, a: &[Value]) -> R {
    arity(a, 0..=0, "all-ns")?;
    let all: Vec<Value> = i
        .namespaces
        .borrow()
        .values()
        .map(|n| Value::Namespace(n.clone()))
        .collect();
    Ok(Value::List(Rc::new(crate::value::List::from_vec(all))))
}

fn n_create_ns(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "create-ns")?;
    match &a[0] {
        Value::Symbol(s) => Ok(Value::Namespace(i.ns(s.name()))),
        _ => Err(Throw::class_cast("create-ns expects a symbol")),
    }
}

fn n_find_var(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "find-var")?;
    let Value::Symbol(s) = &a[0] else {
        return Err(Throw::class_cast("find-var expects a symbol"));
    };
    let ns = s
        .ns()
        .ok_or_else(|| Throw::illegal_argument("Symbol must be namespace-qualified"))?;
    let ns = i
        .find_ns(ns)
        .ok_or_else(|| Throw::illegal_argument(format!("No such namespace: {ns}")))?;
    let var = ns.vars.borrow().get(s.name()).cloned();
    Ok(var.map_or(Value::Nil, Value::Var))
}

fn n_intern(i: &Interp, a: &[Value]) -> R {
    arity(a, 2..=3, "intern")?;
    let ns = the_ns(i, &a[0])?;
    let Value::Symbol(s) = &a[1] else {
        return Err(Throw::class_cast("intern expects a symbol"));
    };
    let var = ns.intern(s.name());
    if let Some(v) = a.get(2) {
        var.set_root(v.clone());
    }
    Ok(Value::Var(var))
}

fn var_arg(v: &Value) -> Result<&Rc<Var>, Throw> {
    match v {
        Value::Var(v) => Ok(v),
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.Var",
            x.type_name()
        ))),
    }
}

fn n_var_get(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "var-get")?;
    i.var_value(var_arg(&a[0])?)
}

fn n_var_set(i: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "var-set")?;
    let var = var_arg(&a[0])?;
    let mut bindings = i.bindings.borrow_mut();
    for frame in bindings.iter_mut().rev() {
        if let Some(slot) = frame.iter_mut().find(|(b, _)| Rc::ptr_eq(b, var)) {
            slot.1 = a[1].clone();
            return Ok(a[1].clone());
        }
    }
    Err(Throw::illegal_state(format!(
        "Can't change/establish root binding of: {} with set",
        var.name
    )))
}

fn n_alter_var_root(i: &Interp, a: &[Value]) -> R {
    arity(a, 2..=usize::MAX, "alter-var-root")?;
    let var = var_arg(&a[0])?;
    let mut args = vec![var.root().unwrap_or(Value::Nil)];
    args.extend_from_slice(&a[2..]);
    let v = i.apply(&a[1], &args)?;
    var.set_root(v.clone());
    Ok(v)
}

fn n_bound_p(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Bool(
        a.iter().all(|v| matches!(v, Value::Var(v) if v.is_bound())),
    ))
}

fn n_eval(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "eval")?;
    crate::runtime::load::eval_toplevel(i, &a[0], "<eval>")
}

fn n_load_string(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "load-string")?;
    let Value::Str(s) = &a[0] else {
        return Err(Throw::class_cast("load-string expects a string"));
    };
    crate::runtime::load::eval_source(i, s, "<load-string>").map_err(|e| e.into_throw())
}

fn meta_cell(v: &Value) -> Result<&std::cell::RefCell<Option<Value>>, Throw> {
    match v {
        Value::Var(var) => Ok(&var.meta),
        Value::Atom(a) => Ok(&a.meta),
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.IReference",
            x.type_name()
        ))),
    }
}

fn n_alter_meta(i: &Interp, a: &[Value]) -> R {
    arity(a, 2..=usize::MAX, "alter-meta!")?;
    let cell = meta_cell(&a[0])?;
    let mut args = vec![cell.borrow().clone().unwrap_or(Value::Nil)];
    args.extend_from_slice(&a[2..]);
    let m = i.apply(&a[1], &args)?;
    *cell.borrow_mut() = (!m.is_nil()).then(|| m.clone());
    Ok(m)
}

fn n_reset_meta(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "reset-meta!")?;
    *meta_cell(&a[0])?.borrow_mut() = (!a[1].is_nil()).then(|| a[1].clone());
    Ok(a[1].clone())
}

/// A representative value of a class, to ask for its chain.
fn sample(class: &str) -> Option<Value> {
    let short = class.rsplit('.').next().unwrap_or(class);
    Some(match short {
        "Long" | "Integer" | "Short" | "Byte" => Value::Long(0),
        "Double" | "Float" => Value::Double(0.0),
        "String" => Value::str(""),
        "Boolean" => Value::Bool(false),
        "Character" => Value::Char('a'),
        "Keyword" => Value::keyword("k"),
        "Symbol" => Value::symbol("s"),
        "BigInt" => Value::BigInt(Rc::new(0.into())),
        "Ratio" => Value::Ratio(Rc::new(num_rational::BigRational::new(1.into(), 2.into()))),
        "PersistentVector" => Value::Vector(Rc::default()),
        "PersistentArrayMap" | "PersistentHashMap" => Value::Map(Rc::default()),
        "PersistentHashSet" => Value::Set(Rc::default()),
        "PersistentList" => Value::List(Rc::new(crate::value::List::from_vec(vec![Value::Nil]))),
        "Atom" => Value::Atom(Rc::new(crate::runtime::Atom::new(Value::Nil))),
        _ => {
            let class = ExClass::from_name(class)?;
            Value::Exception(Rc::new(crate::vm::Exception::new(class, "")))
        }
    })
}

fn n_class_chain(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "-class-chain")?;
    let name = match &a[0] {
        Value::Str(s) => s.to_string(),
        Value::Symbol(s) => s.name().to_string(),
        _ => return Ok(Value::Vector(Rc::default())),
    };
    let chain = match sample(&name) {
        Some(v) if super::objects::class_of(&v) == name => super::objects::type_chain(&v),
        _ => vec![name, "java.lang.Object".to_string()],
    };
    Ok(Value::Vector(Rc::new(crate::value::Vector::from_vec(
        chain.iter().map(|s| Value::str(s)).collect(),
    ))))
}

/// Reflection natives, by name.
/// `(-import spec…)` (what `import` and `(:import …)` expand to): records each class under
/// its short name in the current namespace, so `URI` reads as `java.net.URI`. A spec is a
/// full class name (`java.net.URI`) or a package with class names (`[java.net URI URL]`).
fn n_import(i: &Interp, a: &[Value]) -> R {
    let ns = i.current_ns();
    let add = |full: &str| {
        let short = full.rsplit('.').next().unwrap_or(full);
        ns.imports
            .borrow_mut()
            .insert(Rc::from(short), Rc::from(full));
    };
    for spec in a {
        match spec {
            Value::Symbol(s) => add(&s.full_name()),
            Value::Vector(_) | Value::List(_) => {
                let items = crate::value::seq::to_vec(spec)?;
                let Some(Value::Symbol(package)) = items.first() else {
                    return Err(Throw::illegal_argument(
                        "import: a list spec starts with a package name",
                    ));
                };
                for class in &items[1..] {
                    if let Value::Symbol(c) = class {
                        add(&format!("{}.{}", package.full_name(), c.name()));
                    }
                }
            }
            x => {
                return Err(Throw::illegal_argument(format!(
                    "import: not a class spec: {}",
                    crate::value::print::pr_str(x)
                )));
            }
        }
    }
    Ok(Value::Nil)
}

pub const NATIVES: &[(&str, NativeImpl)] = &[
    ("-import", n_import),
    ("ns-name", n_ns_name),
    ("ns-publics", n_ns_publics),
    ("ns-interns", n_ns_interns),
    ("ns-refers", n_ns_refers),
    ("ns-map", n_ns_map),
    ("ns-aliases", n_ns_aliases),
    ("find-ns", n_find_ns),
    ("the-ns", n_the_ns),
    ("all-ns", n_all_ns),
    ("create-ns", n_create_ns),
    ("find-var", n_find_var),
    ("intern", n_intern),
    ("var-get", n_var_get),
    ("var-set", n_var_set),
    ("alter-var-root", n_alter_var_root),
    ("bound?", n_bound_p),
    ("eval", n_eval),
    ("load-string", n_load_string),
    ("-class-chain", n_class_chain),
    ("alter-meta!", n_alter_meta),
    ("reset-meta!", n_reset_meta),
];

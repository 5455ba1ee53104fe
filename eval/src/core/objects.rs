//! Natives behind the core library's reference objects and types: `reduced`, volatiles,
//! transients, promises, records and `deftype` instances, the class chain protocols
//! dispatch on (`-type-chain`), `instance?`, `class`/`type`, and `resolve`.

use std::cell::RefCell;
use std::rc::Rc;

use super::natives;
use crate::value::obj::Obj;
use crate::value::{Map, Symbol, Value};
use crate::vm::{ExClass, Interp, NativeImpl, Throw};

type R = Result<Value, Throw>;

/// Checks a native's argument count (shared by the core modules that name their fns
/// `clojure.core/NAME` in arity errors).
pub(super) fn arity(
    a: &[Value],
    n: std::ops::RangeInclusive<usize>,
    name: &str,
) -> Result<(), Throw> {
    if n.contains(&a.len()) {
        Ok(())
    } else {
        Err(Throw::arity(a.len(), &format!("clojure.core/{name}")))
    }
}

fn obj(o: Obj) -> Value {
    Value::Obj(Rc::new(o))
}

fn n_reduced(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "reduced")?;
    Ok(obj(Obj::Reduced(a[0].clone())))
}

fn n_reduced_p(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "reduced?")?;
    Ok(Value::Bool(
        matches!(&a[0], Value::Obj(o) if matches!(**o, Obj::Reduced(_))),
    ))
}

/// `(-unreduce x)`: the value inside a `reduced`, or `x`.
fn n_unreduce(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "unreduced")?;
    Ok(match &a[0] {
        Value::Obj(o) => match &**o {
            Obj::Reduced(v) => v.clone(),
            _ => a[0].clone(),
        },
        x => x.clone(),
    })
}

fn n_volatile(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "volatile!")?;
    Ok(obj(Obj::Volatile(RefCell::new(a[0].clone()))))
}

pub(super) fn volatile_cell(v: &Value) -> Result<&RefCell<Value>, Throw> {
    match v {
        Value::Obj(o) => match &**o {
            Obj::Volatile(c) => Ok(c),
            _ => Err(Throw::class_cast(format!(
                "class {} cannot be cast to class clojure.lang.Volatile",
                v.type_name()
            ))),
        },
        _ => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.Volatile",
            v.type_name()
        ))),
    }
}

fn n_vreset(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "vreset!")?;
    *volatile_cell(&a[0])?.borrow_mut() = a[1].clone();
    Ok(a[1].clone())
}

fn n_volatile_p(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "volatile?")?;
    Ok(Value::Bool(volatile_cell(&a[0]).is_ok()))
}

/// `(-vderef v)`: a volatile's value (`deref` goes through here for volatiles).
pub fn deref_obj(o: &Obj) -> Option<Value> {
    match o {
        Obj::Volatile(c) => Some(c.borrow().clone()),
        Obj::Reduced(v) => Some(v.clone()),
        Obj::Promise(p) => p.borrow().clone(),
        _ => None,
    }
}

fn n_transient(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "transient")?;
    match &a[0] {
        Value::Vector(_) | Value::Map(_) | Value::Set(_) => {
            Ok(obj(Obj::Transient(RefCell::new(Some(a[0].clone())))))
        }
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.IEditableCollection",
            x.type_name()
        ))),
    }
}

/// Applies a persistent operation to a transient's collection in place.
fn edit(i: &Interp, a: &[Value], name: &str, f: NativeImpl) -> R {
    arity(a, 1..=usize::MAX, name)?;
    let Value::Obj(o) = &a[0] else {
        return Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.ITransientCollection",
            a[0].type_name()
        )));
    };
    let Obj::Transient(cell) = &**o else {
        return Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.ITransientCollection",
            a[0].type_name()
        )));
    };
    let current = cell.borrow_mut().take().ok_or_else(|| {
        Throw::new(
            ExClass::IllegalAccess,
            "Transient used after persistent! call",
        )
    })?;
    let mut args = Vec::with_capacity(a.len());
    args.push(current.clone());
    args.extend_from_slice(&a[1..]);
    match f(i, &args) {
        Ok(next) => {
            *cell.borrow_mut() = Some(next);
            Ok(a[0].clone())
        }
        Err(e) => {
            *cell.borrow_mut() = Some(current);
            Err(e)
        }
    }
}

fn n_conj_bang(i: &Interp, a: &[Value]) -> R {
    match a.len() {
        0 => n_transient(i, &[Value::Vector(Rc::default())]),
        1 => Ok(a[0].clone()),
        _ => match edit_in_place(a, true) {
            Some(r) => r,
            None => edit(i, a, "conj!", natives::n_conj),
        },
    }
}
/// The in-place fast path of `assoc!`/`conj!` on a transient vector or hash map: the
/// transient owns its collection (taken out of the cell), so `Rc::make_mut` copies it at
/// most once, and the collection's `_mut` operations copy only nodes still shared with the
/// persistent original. `None` when the arguments need the general path.
fn edit_in_place(a: &[Value], conj: bool) -> Option<R> {
    let Value::Obj(o) = &a[0] else { return None };
    let Obj::Transient(cell) = &**o else {
        return None;
    };
    let mut slot = cell.borrow_mut();
    match slot.as_mut()? {
        Value::Vector(v) if conj => {
            let v = Rc::make_mut(v);
            for x in &a[1..] {
                v.push_mut(x.clone());
            }
        }
        Value::Vector(v) if a.len() == 3 => {
            let Value::Long(i) = a[1] else { return None };
            if i < 0 || i as usize > v.len() {
                return None;
            }
            Rc::make_mut(v).assoc_mut(i as usize, a[2].clone());
        }
        Value::Map(m) if !conj && a.len() == 3 && !m.is_array() => {
            Rc::make_mut(m).assoc_mut(a[1].clone(), a[2].clone());
        }
        _ => return None,
    }
    Some(Ok(a[0].clone()))
}

fn n_assoc_bang(i: &Interp, a: &[Value]) -> R {
    if let Some(r) = edit_in_place(a, false) {
        return r;
    }
    edit(i, a, "assoc!", natives::n_assoc)
}
fn n_dissoc_bang(i: &Interp, a: &[Value]) -> R {
    edit(i, a, "dissoc!", natives::n_dissoc)
}
fn n_disj_bang(i: &Interp, a: &[Value]) -> R {
    edit(i, a, "disj!", natives::n_disj)
}
fn n_pop_bang(i: &Interp, a: &[Value]) -> R {
    edit(i, a, "pop!", natives::n_pop)
}

fn n_persistent(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "persistent!")?;
    match &a[0] {
        Value::Obj(o) => match &**o {
            Obj::Transient(cell) => cell.borrow_mut().take().ok_or_else(|| {
                Throw::new(
                    ExClass::IllegalAccess,
                    "Transient used after persistent! call",
                )
            }),
            _ => Err(Throw::class_cast("expected a transient collection")),
        },
        _ => Err(Throw::class_cast("expected a transient collection")),
    }
}

fn n_promise(_: &Interp, a: &[Value]) -> R {
    arity(a, 0..=0, "promise")?;
    Ok(obj(Obj::Promise(RefCell::new(None))))
}

fn n_deliver(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "deliver")?;
    match &a[0] {
        Value::Obj(o) => match &**o {
            Obj::Promise(p) => {
                let mut p = p.borrow_mut();
                if p.is_some() {
                    return Ok(Value::Nil);
                }
                *p = Some(a[1].clone());
                Ok(a[0].clone())
            }
            _ => Err(Throw::class_cast("deliver expects a promise")),
        },
        _ => Err(Throw::class_cast("deliver expects a promise")),
    }
}

/// `(-record 'user.Point {:x 1})`: a record value (a map carrying its type).
fn n_record(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "-record")?;
    let (Value::Symbol(tag), Value::Map(m)) = (&a[0], &a[1]) else {
        return Err(Throw::illegal_argument(
            "-record expects a type symbol and a map",
        ));
    };
    let mut m: Map = (**m).clone();
    // The tag shares the type symbol's name (a constant of the factory fn): records of
    // one type made by one factory have the same tag `Rc`, which protocol dispatch's
    // caches compare first.
    m.tag = Some(tag.name_rc().clone());
    Ok(Value::Map(Rc::new(m)))
}

fn n_record_p(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "record?")?;
    Ok(Value::Bool(
        matches!(&a[0], Value::Map(m) if m.tag.is_some()),
    ))
}

/// `(-instance 'user.P {:x 1})`: a `deftype`/`reify` instance with its fields.
fn n_instance(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "-instance")?;
    let Value::Symbol(tag) = &a[0] else {
        return Err(Throw::illegal_argument("-instance expects a type symbol"));
    };
    Ok(obj(Obj::Instance {
        tag: Rc::from(tag.name()),
        fields: a[1].clone(),
    }))
}

/// `(-fields x)`: the field map of a `deftype` instance (nil for anything else).
fn n_fields(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "-fields")?;
    Ok(match &a[0] {
        Value::Obj(o) => match &**o {
            Obj::Instance { fields, .. } => fields.clone(),
            _ => Value::Nil,
        },
        _ => Value::Nil,
    })
}

/// The name of a value's class: a record's or instance's own type first.
pub fn class_of(v: &Value) -> String {
    class_str(v).to_string()
}

/// Whether `v` is a transient collection (live or already made persistent).
pub fn is_transient(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(&**o, Obj::Transient(_)))
}

/// The collection a live transient is building (a clone of its reference); `None` for
/// anything else and for a transient after `persistent!`.
pub fn transient_inner(v: &Value) -> Option<Value> {
    match v {
        Value::Obj(o) => match &**o {
            Obj::Transient(cell) => cell.borrow().clone(),
            _ => None,
        },
        _ => None,
    }
}

/// [`class_of`], borrowed from the value (no allocation: protocol dispatch calls it per
/// call).
pub fn class_str(v: &Value) -> &str {
    match v {
        Value::Map(m) if m.tag.is_some() => m.tag.as_deref().unwrap_or_default(),
        Value::Obj(o) => match &**o {
            Obj::Instance { tag, .. } => tag,
            _ => v.type_name(),
        },
        _ => v.type_name(),
    }
}

const OBJECT: &str = "java.lang.Object";

/// The classes and interfaces a value is an instance of, most specific first, ending with
/// `java.lang.Object` (`nil` has only `nil`): what protocol dispatch and `instance?` use.
pub fn type_chain(v: &Value) -> Vec<String> {
    let own = class_of(v);
    let rest: &[&str] = match v {
        Value::Nil => return vec!["nil".to_string()],
        Value::Long(_)
        | Value::Double(_)
        | Value::BigInt(_)
        | Value::Ratio(_)
        | Value::BigDec(_) => &["java.lang.Number", "java.lang.Comparable"],
        Value::Str(_) => &["java.lang.CharSequence", "java.lang.Comparable"],
        Value::Bool(_) | Value::Char(_) => &["java.lang.Comparable"],
        Value::Keyword(_) | Value::Symbol(_) => &[
            "clojure.lang.Named",
            "clojure.lang.IFn",
            "java.lang.Comparable",
        ],
        Value::Vector(_) => &[
            "clojure.lang.APersistentVector",
            "clojure.lang.IPersistentVector",
            "clojure.lang.Sequential",
            "clojure.lang.Associative",
            "clojure.lang.IPersistentStack",
            "clojure.lang.Reversible",
            "clojure.lang.Indexed",
            "clojure.lang.IPersistentCollection",
            "clojure.lang.Seqable",
            "clojure.lang.Counted",
            "clojure.lang.IFn",
            "clojure.lang.IObj",
            "clojure.lang.IMeta",
            "java.util.List",
            "java.util.Collection",
            "java.lang.Iterable",
            "java.lang.Comparable",
        ],
        Value::Map(m) if m.tag.is_some() => &[
            "clojure.lang.IRecord",
            "clojure.lang.IPersistentMap",
            "clojure.lang.Associative",
            "clojure.lang.IPersistentCollection",
            "clojure.lang.Seqable",
            "clojure.lang.Counted",
            "clojure.lang.ILookup",
            "clojure.lang.IObj",
            "clojure.lang.IMeta",
            "java.util.Map",
            "java.lang.Iterable",
        ],
        Value::Map(_) => &[
            "clojure.lang.APersistentMap",
            "clojure.lang.IPersistentMap",
            "clojure.lang.Associative",
            "clojure.lang.IPersistentCollection",
            "clojure.lang.Seqable",
            "clojure.lang.Counted",
            "clojure.lang.ILookup",
            "clojure.lang.IFn",
            "clojure.lang.IObj",
            "clojure.lang.IMeta",
            "java.util.Map",
            "java.lang.Iterable",
        ],
        Value::Set(_) => &[
            "clojure.lang.APersistentSet",
            "clojure.lang.IPersistentSet",
            "clojure.lang.IPersistentCollection",
            "clojure.lang.Seqable",
            "clojure.lang.Counted",
            "clojure.lang.IFn",
            "clojure.lang.IObj",
            "clojure.lang.IMeta",
            "java.util.Set",
            "java.util.Collection",
            "java.lang.Iterable",
        ],
        Value::List(_) | Value::Seq(_) | Value::LazySeq(_) => &[
            "clojure.lang.ASeq",
            "clojure.lang.ISeq",
            "clojure.lang.IPersistentList",
            "clojure.lang.Sequential",
            "clojure.lang.IPersistentCollection",
            "clojure.lang.Seqable",
            "clojure.lang.IObj",
            "clojure.lang.IMeta",
            "java.util.List",
            "java.util.Collection",
            "java.lang.Iterable",
        ],
        Value::Fn(_) | Value::Native(_) => &[
            "clojure.lang.AFn",
            "clojure.lang.Fn",
            "clojure.lang.IFn",
            "clojure.lang.IObj",
            "clojure.lang.IMeta",
            "java.lang.Runnable",
            "java.util.concurrent.Callable",
        ],
        Value::Atom(_) => &[
            "clojure.lang.IAtom",
            "clojure.lang.IDeref",
            "clojure.lang.IRef",
        ],
        Value::Var(_) => &[
            "clojure.lang.IDeref",
            "clojure.lang.IRef",
            "clojure.lang.IFn",
        ],
        Value::Delay(_) => &["clojure.lang.IDeref", "clojure.lang.IPending"],
        Value::Exception(e) => {
            let mut out = vec![own];
            let mut c = e.class.parent();
            while let Some(x) = c {
                out.push(x.name().to_string());
                c = x.parent();
            }
            out.push(OBJECT.to_string());
            return out;
        }
        _ => &[],
    };
    let mut out = Vec::with_capacity(rest.len() + 2);
    out.push(own);
    out.extend(rest.iter().map(|s| s.to_string()));
    out.push(OBJECT.to_string());
    out
}

fn n_type_chain(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "-type-chain")?;
    Ok(Value::Vector(Rc::new(crate::value::Vector::from_vec(
        type_chain(&a[0]).iter().map(|s| Value::str(s)).collect(),
    ))))
}

fn class_arg(c: &Value) -> Result<String, Throw> {
    match c {
        Value::Symbol(s) => Ok(s.full_name().to_string()),
        Value::Str(s) => Ok(s.to_string()),
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class java.lang.Class",
            x.type_name()
        ))),
    }
}

fn n_instance_p(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "instance?")?;
    let class = class_arg(&a[0])?;
    if a[1].is_nil() {
        return Ok(Value::Bool(false));
    }
    Ok(Value::Bool(type_chain(&a[1]).contains(&class)))
}

fn n_class(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "class")?;
    Ok(match &a[0] {
        Value::Nil => Value::Nil,
        v => Value::Symbol(Symbol::new(None, &class_of(v))),
    })
}

fn n_type(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "type")?;
    if let Some(t) = a[0]
        .meta()
        .and_then(|m| crate::core::get(m, &Value::keyword("type")))
    {
        return Ok(t);
    }
    match &a[0] {
        Value::Map(m) if m.tag.is_some() => n_class(i, a),
        Value::Obj(o) if matches!(**o, Obj::Instance { .. }) => n_class(i, a),
        _ => natives::n_type(i, a),
    }
}

/// `(resolve sym)`: the var `sym` names in the current namespace, a class symbol, or nil.
fn n_resolve(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=2, "resolve")?;
    let sym = match a.last() {
        Some(Value::Symbol(s)) => s,
        Some(x) => {
            return Err(Throw::class_cast(format!(
                "class {} cannot be cast to class clojure.lang.Symbol",
                x.type_name()
            )));
        }
        None => return Ok(Value::Nil),
    };
    let current = i.current_ns();
    let var = match sym.ns() {
        None => current.lookup(sym.name()),
        Some(ns) => current
            .alias(ns)
            .or_else(|| i.find_ns(ns))
            .and_then(|n| n.vars.borrow().get(sym.name()).cloned()),
    };
    Ok(match var {
        Some(v) => Value::Var(v),
        None => crate::compiler::class_name(sym)
            .map_or(Value::Nil, |c| Value::Symbol(Symbol::new(None, &c))),
    })
}

/// Object, type and reference natives, by name.
pub const NATIVES: &[(&str, NativeImpl)] = &[
    ("reduced", n_reduced),
    ("reduced?", n_reduced_p),
    ("unreduced", n_unreduce),
    ("volatile!", n_volatile),
    ("vreset!", n_vreset),
    ("volatile?", n_volatile_p),
    ("transient", n_transient),
    ("conj!", n_conj_bang),
    ("assoc!", n_assoc_bang),
    ("dissoc!", n_dissoc_bang),
    ("disj!", n_disj_bang),
    ("pop!", n_pop_bang),
    ("persistent!", n_persistent),
    ("promise", n_promise),
    ("deliver", n_deliver),
    ("-record", n_record),
    ("record?", n_record_p),
    ("-instance", n_instance),
    ("-fields", n_fields),
    ("-type-chain", n_type_chain),
    ("instance?", n_instance_p),
    ("class", n_class),
    ("type", n_type),
    ("resolve", n_resolve),
    ("ns-resolve", n_resolve),
];

//! Natives of `clojure.core`: the primitives `core.clj` builds on.

use std::rc::Rc;

use crate::value::num::{self, Op};
use crate::value::print::{display, pr_str};
use crate::value::{Keyword, LazySeq, List, Map, Set, Symbol, Value, Vector, eq, seq};
use crate::vm::{ExClass, Exception, Interp, NativeImpl, Throw};

type R = Result<Value, Throw>;

fn arity(args: &[Value], range: std::ops::RangeInclusive<usize>, name: &str) -> Result<(), Throw> {
    if range.contains(&args.len()) {
        Ok(())
    } else {
        Err(Throw::arity(args.len(), &format!("clojure.core/{name}")))
    }
}

fn list(items: Vec<Value>) -> Value {
    Value::List(Rc::new(List::from_vec(items)))
}

fn vector(items: Vec<Value>) -> Value {
    Value::Vector(Rc::new(Vector::from_vec(items)))
}

fn fold_num(args: &[Value], init: i64, op: Op, promote: bool) -> R {
    // Two longs without overflow (the common call from `reduce` and `transduce`).
    if let [Value::Long(a), Value::Long(b)] = args {
        let r = match op {
            Op::Add => a.checked_add(*b),
            Op::Sub => a.checked_sub(*b),
            Op::Mul => a.checked_mul(*b),
        };
        if let Some(r) = r {
            return Ok(Value::Long(r));
        }
    }
    match args {
        [] => Ok(Value::Long(init)),
        [x] => {
            if !num::is_number(x) {
                return Err(Throw::class_cast(format!(
                    "class {} cannot be cast to class java.lang.Number",
                    x.type_name()
                )));
            }
            if op == Op::Sub {
                return num::arith(Op::Sub, &Value::Long(0), x, promote);
            }
            Ok(x.clone())
        }
        [first, rest @ ..] => {
            let mut acc = first.clone();
            for x in rest {
                acc = num::arith(op, &acc, x, promote)?;
            }
            Ok(acc)
        }
    }
}

fn add(_: &Interp, a: &[Value]) -> R {
    fold_num(a, 0, Op::Add, false)
}
fn add_p(_: &Interp, a: &[Value]) -> R {
    fold_num(a, 0, Op::Add, true)
}
fn mul(_: &Interp, a: &[Value]) -> R {
    fold_num(a, 1, Op::Mul, false)
}
fn mul_p(_: &Interp, a: &[Value]) -> R {
    fold_num(a, 1, Op::Mul, true)
}
fn sub(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=usize::MAX, "-")?;
    fold_num(a, 0, Op::Sub, false)
}
fn sub_p(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=usize::MAX, "-'")?;
    fold_num(a, 0, Op::Sub, true)
}
fn div(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=usize::MAX, "/")?;
    if a.len() == 1 {
        return num::divide(&Value::Long(1), &a[0]);
    }
    let mut acc = a[0].clone();
    for x in &a[1..] {
        acc = num::divide(&acc, x)?;
    }
    Ok(acc)
}

fn compare_chain(a: &[Value], name: &str, ok: fn(std::cmp::Ordering) -> bool) -> R {
    arity(a, 1..=usize::MAX, name)?;
    for w in a.windows(2) {
        match num::compare(&w[0], &w[1])? {
            Some(o) if ok(o) => {}
            _ => return Ok(Value::Bool(false)),
        }
    }
    if a.len() == 1 && !num::is_number(&a[0]) {
        return Err(Throw::class_cast(format!(
            "class {} cannot be cast to class java.lang.Number",
            a[0].type_name()
        )));
    }
    Ok(Value::Bool(true))
}
fn lt(_: &Interp, a: &[Value]) -> R {
    compare_chain(a, "<", |o| o.is_lt())
}
fn gt(_: &Interp, a: &[Value]) -> R {
    compare_chain(a, ">", |o| o.is_gt())
}
fn le(_: &Interp, a: &[Value]) -> R {
    compare_chain(a, "<=", |o| o.is_le())
}
fn ge(_: &Interp, a: &[Value]) -> R {
    compare_chain(a, ">=", |o| o.is_ge())
}
fn num_eq(_: &Interp, a: &[Value]) -> R {
    compare_chain(a, "==", |o| o.is_eq())
}

fn equals(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=usize::MAX, "=")?;
    Ok(Value::Bool(a.windows(2).all(|w| eq::equiv(&w[0], &w[1]))))
}
fn inc(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "inc")?;
    num::add_long(&a[0], 1)
}
fn dec(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "dec")?;
    num::add_long(&a[0], -1)
}
fn quot(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "quot")?;
    num::int_div(&a[0], &a[1], 'q')
}
fn rem(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "rem")?;
    num::int_div(&a[0], &a[1], 'r')
}
fn modulo(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "mod")?;
    num::int_div(&a[0], &a[1], 'm')
}
fn signum_is(a: &[Value], name: &str, want: fn(i32) -> bool) -> R {
    arity(a, 1..=1, name)?;
    Ok(Value::Bool(want(num::signum(&a[0])?)))
}
fn zero(_: &Interp, a: &[Value]) -> R {
    signum_is(a, "zero?", |s| s == 0)
}
fn pos(_: &Interp, a: &[Value]) -> R {
    signum_is(a, "pos?", |s| s > 0)
}
fn neg(_: &Interp, a: &[Value]) -> R {
    signum_is(a, "neg?", |s| s < 0)
}

fn identical(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "identical?")?;
    Ok(Value::Bool(match (&a[0], &a[1]) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Long(x), Value::Long(y)) => x == y && (-128..=127).contains(x),
        (Value::Keyword(x), Value::Keyword(y)) => x.ptr_eq(y),
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y),
        (Value::Char(x), Value::Char(y)) => x == y && (*x as u32) < 128,
        (x, y) => match (x.ref_addr(), y.ref_addr()) {
            (Some(p), Some(q)) => p == q,
            _ => false,
        },
    }))
}

fn type_pred(a: &[Value], name: &str, f: fn(&Value) -> bool) -> R {
    arity(a, 1..=1, name)?;
    Ok(Value::Bool(f(&a[0])))
}
fn is_nil(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "nil?", |v| v.is_nil())
}
fn is_number(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "number?", num::is_number)
}
fn is_integer(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "integer?", |v| {
        matches!(v, Value::Long(_) | Value::BigInt(_))
    })
}
fn is_string(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "string?", |v| matches!(v, Value::Str(_)))
}
fn is_keyword(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "keyword?", |v| matches!(v, Value::Keyword(_)))
}
fn is_symbol(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "symbol?", |v| matches!(v, Value::Symbol(_)))
}
fn is_fn(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "fn?", |v| matches!(v, Value::Fn(_) | Value::Native(_)))
}
fn is_map(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "map?", |v| {
        matches!(v, Value::Map(_)) || super::sorted::as_sorted(v).is_some_and(|s| s.is_map)
    })
}
fn is_vector(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "vector?", |v| matches!(v, Value::Vector(_)))
}
fn is_set(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "set?", |v| {
        matches!(v, Value::Set(_)) || super::sorted::as_sorted(v).is_some_and(|s| !s.is_map)
    })
}
fn is_seq(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "seq?", |v| {
        matches!(v, Value::List(_) | Value::Seq(_) | Value::LazySeq(_))
    })
}
fn is_list(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "list?", |v| matches!(v, Value::List(_)))
}
fn is_coll(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "coll?", |v| {
        matches!(
            v,
            Value::List(_)
                | Value::Vector(_)
                | Value::Map(_)
                | Value::Set(_)
                | Value::Seq(_)
                | Value::LazySeq(_)
        ) || super::sorted::as_sorted(v).is_some()
    })
}
fn is_sequential(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "sequential?", eq::is_sequential)
}
fn is_char(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "char?", |v| matches!(v, Value::Char(_)))
}
fn is_boolean(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "boolean?", |v| matches!(v, Value::Bool(_)))
}
fn is_double(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "double?", |v| matches!(v, Value::Double(_)))
}
fn is_ratio(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "ratio?", |v| matches!(v, Value::Ratio(_)))
}
fn is_var(_: &Interp, a: &[Value]) -> R {
    type_pred(a, "var?", |v| matches!(v, Value::Var(_)))
}

fn n_list(_: &Interp, a: &[Value]) -> R {
    Ok(list(a.to_vec()))
}
fn n_vector(_: &Interp, a: &[Value]) -> R {
    Ok(vector(a.to_vec()))
}
fn n_hash_map(_: &Interp, a: &[Value]) -> R {
    if a.len() % 2 == 1 {
        return Err(Throw::illegal_argument(format!(
            "No value supplied for key: {}",
            pr_str(&a[a.len() - 1])
        )));
    }
    Ok(Value::Map(Rc::new(Map::hash_from_pairs(
        a.chunks(2).map(|p| (p[0].clone(), p[1].clone())).collect(),
    ))))
}
pub(crate) fn n_array_map(_: &Interp, a: &[Value]) -> R {
    if a.len() % 2 == 1 {
        return Err(Throw::illegal_argument(format!(
            "No value supplied for key: {}",
            pr_str(&a[a.len() - 1])
        )));
    }
    Ok(Value::Map(Rc::new(Map::from_pairs(
        a.chunks(2).map(|p| (p[0].clone(), p[1].clone())).collect(),
    ))))
}
fn n_hash_set(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Set(Rc::new(Set::from_vec(a.to_vec()))))
}
fn n_vec(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "vec")?;
    Ok(match &a[0] {
        Value::Vector(v) => Value::Vector(Rc::new(Vector {
            meta: None,
            ..(**v).clone()
        })),
        x => vector(seq::to_vec(x)?),
    })
}
fn n_set(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "set")?;
    // A set is returned as it is (a sorted set stays sorted), without its metadata.
    match &a[0] {
        Value::Set(x) if x.meta.is_none() => return Ok(a[0].clone()),
        v if super::sorted::as_sorted(v).is_some_and(|s| !s.is_map) => return Ok(a[0].clone()),
        _ => {}
    }
    Ok(Value::Set(Rc::new(Set::from_vec(seq::to_vec(&a[0])?))))
}

fn n_seq(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "seq")?;
    seq::seq(&a[0])
}
fn n_first(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "first")?;
    seq::first(&a[0])
}
fn n_rest(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "rest")?;
    seq::rest(&a[0])
}
fn n_next(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "next")?;
    seq::next(&a[0])
}
fn n_cons(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "cons")?;
    let coll = match &a[1] {
        Value::Nil | Value::List(_) | Value::Seq(_) | Value::LazySeq(_) => a[1].clone(),
        other => seq::seq(other)?,
    };
    Ok(seq::cons(a[0].clone(), coll))
}

/// `(conj coll x)`.
pub fn conj1(coll: &Value, x: Value) -> R {
    Ok(match coll {
        Value::Nil => list(vec![x]),
        Value::List(l) => Value::List(Rc::new(l.cons(x))),
        Value::Vector(v) => Value::Vector(Rc::new(v.conj(x))),
        Value::Set(s) => Value::Set(Rc::new(s.conj(x))),
        Value::Map(m) => match &x {
            Value::Vector(e) if e.len() == 2 => Value::Map(Rc::new(m.assoc(
                e.get(0).cloned().unwrap_or(Value::Nil),
                e.get(1).cloned().unwrap_or(Value::Nil),
            ))),
            Value::Map(other) => {
                let mut m = (**m).clone();
                for (k, v) in other.entries() {
                    m = m.assoc(k, v);
                }
                Value::Map(Rc::new(m))
            }
            Value::Nil => coll.clone(),
            _ => {
                return Err(Throw::illegal_argument(
                    "Vector arg to map conj must be a pair",
                ));
            }
        },
        Value::Seq(_) | Value::LazySeq(_) => seq::cons(x, coll.clone()),
        _ => {
            return Err(Throw::class_cast(format!(
                "class {} cannot be cast to class clojure.lang.IPersistentCollection",
                coll.type_name()
            )));
        }
    })
}
pub(super) fn n_conj(i: &Interp, a: &[Value]) -> R {
    if let Some(r) = super::sorted::hook(i, "conj", a) {
        return r;
    }
    match a {
        [] => Ok(vector(vec![])),
        [c] => Ok(c.clone()),
        [c, xs @ ..] => {
            let mut acc = c.clone();
            for x in xs {
                acc = conj1(&acc, x.clone())?;
            }
            Ok(acc)
        }
    }
}

/// `(assoc coll k v)`.
pub fn assoc1(coll: &Value, k: Value, v: Value) -> R {
    Ok(match coll {
        Value::Nil => Value::Map(Rc::new(Map::from_pairs(vec![(k, v)]))),
        Value::Map(m) => Value::Map(Rc::new(m.assoc(k, v))),
        Value::Vector(vec) => match k {
            Value::Long(i) if i >= 0 && (i as usize) <= vec.len() => {
                Value::Vector(Rc::new(vec.assoc(i as usize, v).unwrap_or_default()))
            }
            Value::Long(_) => return Err(Throw::new(ExClass::IndexOutOfBounds, "")),
            _ => return Err(Throw::illegal_argument("Key must be integer")),
        },
        _ => {
            return Err(Throw::class_cast(format!(
                "class {} cannot be cast to class clojure.lang.Associative",
                coll.type_name()
            )));
        }
    })
}
pub(super) fn n_assoc(i: &Interp, a: &[Value]) -> R {
    if let Some(r) = super::sorted::hook(i, "assoc", a) {
        return r;
    }
    if a.len() < 3 || a.len().is_multiple_of(2) {
        return Err(Throw::arity(a.len(), "clojure.core/assoc"));
    }
    let mut acc = a[0].clone();
    for kv in a[1..].chunks(2) {
        acc = assoc1(&acc, kv[0].clone(), kv[1].clone())?;
    }
    Ok(acc)
}
pub(super) fn n_dissoc(i: &Interp, a: &[Value]) -> R {
    if let Some(r) = super::sorted::hook(i, "dissoc", a) {
        return r;
    }
    arity(a, 1..=usize::MAX, "dissoc")?;
    match &a[0] {
        Value::Nil => Ok(Value::Nil),
        Value::Map(m) => {
            let mut m = (**m).clone();
            for k in &a[1..] {
                m = m.dissoc(k);
            }
            Ok(Value::Map(Rc::new(m)))
        }
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.IPersistentMap",
            x.type_name()
        ))),
    }
}
pub(super) fn n_disj(i: &Interp, a: &[Value]) -> R {
    if let Some(r) = super::sorted::hook(i, "disj", a) {
        return r;
    }
    arity(a, 1..=usize::MAX, "disj")?;
    match &a[0] {
        Value::Nil => Ok(Value::Nil),
        Value::Set(s) => {
            let mut s = (**s).clone();
            for k in &a[1..] {
                s = s.disj(k);
            }
            Ok(Value::Set(Rc::new(s)))
        }
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.IPersistentSet",
            x.type_name()
        ))),
    }
}
pub(crate) fn n_get(i: &Interp, a: &[Value]) -> R {
    if let Some(r) = super::sorted::hook(i, "get", a) {
        return r;
    }
    arity(a, 2..=3, "get")?;
    Ok(super::get(&a[0], &a[1])
        .or_else(|| a.get(2).cloned())
        .unwrap_or(Value::Nil))
}
fn n_contains(i: &Interp, a: &[Value]) -> R {
    if let Some(r) = super::sorted::hook(i, "contains?", a) {
        return r;
    }
    arity(a, 2..=2, "contains?")?;
    Ok(Value::Bool(match &a[0] {
        Value::Map(m) => m.contains_key(&a[1]),
        Value::Set(s) => s.contains(&a[1]),
        Value::Vector(v) => matches!(a[1], Value::Long(i) if i >= 0 && (i as usize) < v.len()),
        // A string is keyed by index, like a vector (in UTF-16 units, as Java counts).
        Value::Str(st) => {
            matches!(a[1], Value::Long(i) if i >= 0 && (i as usize) < st.encode_utf16().count())
        }
        Value::Nil => false,
        // Transient maps, sets and vectors answer for the collection they are building.
        x if super::objects::transient_inner(x).is_some() => {
            let inner = super::objects::transient_inner(x).unwrap_or(Value::Nil);
            return n_contains(i, &[inner, a[1].clone()]);
        }
        x => {
            return Err(Throw::illegal_argument(format!(
                "contains? not supported on type: {}",
                x.type_name()
            )));
        }
    }))
}
pub(crate) fn n_nth(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=3, "nth")?;
    let Value::Long(i) = a[1] else {
        return Err(Throw::class_cast(format!(
            "class {} cannot be cast to class java.lang.Number",
            a[1].type_name()
        )));
    };
    let found = match &a[0] {
        Value::Vector(v) => (i >= 0).then(|| v.get(i as usize).cloned()).flatten(),
        Value::Str(s) => (i >= 0)
            .then(|| s.chars().nth(i as usize).map(Value::Char))
            .flatten(),
        Value::Nil => None,
        Value::Obj(o) if matches!(&**o, crate::value::obj::Obj::Transient(_)) => {
            let crate::value::obj::Obj::Transient(c) = &**o else {
                unreachable!()
            };
            match &*c.borrow() {
                Some(Value::Vector(v)) => (i >= 0).then(|| v.get(i as usize).cloned()).flatten(),
                None => {
                    return Err(Throw::new(
                        ExClass::IllegalAccess,
                        "Transient used after persistent! call",
                    ));
                }
                _ => {
                    return Err(Throw::new(
                        ExClass::UnsupportedOperation,
                        "nth not supported on this type: a transient map or set",
                    ));
                }
            }
        }
        // Walk a seq only as far as needed: it may be infinite.
        x if i >= 0 => {
            let mut it = seq::SeqIter::new(x);
            let found = it.by_ref().nth(i as usize);
            if let Some(e) = it.take_error() {
                return Err(e);
            }
            found
        }
        _ => None,
    };
    match (found, a.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(d)) => Ok(d.clone()),
        (None, None) if a[0].is_nil() => Ok(Value::Nil),
        (None, None) => Err(Throw::new(ExClass::IndexOutOfBounds, "")),
    }
}
pub(super) fn n_count(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "count")?;
    match a[0].count_fast() {
        Some(n) => Ok(Value::Long(n as i64)),
        None => match &a[0] {
            Value::Seq(s) if s.known_count().is_some() => {
                Ok(Value::Long(s.known_count().unwrap_or(0) as i64))
            }
            Value::Seq(_) | Value::LazySeq(_) => {
                Ok(Value::Long(seq::SeqIter::new(&a[0]).try_count()?))
            }
            // A transient counts the collection it is building (Clojure's transient
            // collections are `Counted`).
            x if super::objects::is_transient(x) => match super::objects::transient_inner(x) {
                Some(coll) => Ok(Value::Long(coll.count_fast().unwrap_or(0) as i64)),
                None => Err(Throw::new(
                    ExClass::IllegalAccess,
                    "Transient used after persistent! call",
                )),
            },
            x => Err(Throw::new(
                ExClass::UnsupportedOperation,
                format!(
                    "count not supported on this type: {}",
                    x.type_name().rsplit('.').next().unwrap_or("")
                ),
            )),
        },
    }
}
fn n_keys(i: &Interp, a: &[Value]) -> R {
    if let Some(r) = super::sorted::hook(i, "keys", a) {
        return r;
    }
    arity(a, 1..=1, "keys")?;
    match &a[0] {
        Value::Map(m) if !m.is_empty() => {
            Ok(list(m.entries().into_iter().map(|(k, _)| k).collect()))
        }
        Value::Map(_) | Value::Nil => Ok(Value::Nil),
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class java.util.Map$Entry",
            x.type_name()
        ))),
    }
}
fn n_vals(i: &Interp, a: &[Value]) -> R {
    if let Some(r) = super::sorted::hook(i, "vals", a) {
        return r;
    }
    arity(a, 1..=1, "vals")?;
    match &a[0] {
        Value::Map(m) if !m.is_empty() => {
            Ok(list(m.entries().into_iter().map(|(_, v)| v).collect()))
        }
        Value::Map(_) | Value::Nil => Ok(Value::Nil),
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class java.util.Map$Entry",
            x.type_name()
        ))),
    }
}
fn n_concat(_: &Interp, a: &[Value]) -> R {
    let mut out = Vec::new();
    for x in a {
        out.extend(seq::to_vec(x)?);
    }
    Ok(if out.is_empty() {
        Value::List(Rc::new(List::default()))
    } else {
        list(out)
    })
}
fn n_apply(interp: &Interp, a: &[Value]) -> R {
    arity(a, 2..=usize::MAX, "apply")?;
    let mut args: Vec<Value> = a[1..a.len() - 1].to_vec();
    args.extend(seq::to_vec(&a[a.len() - 1])?);
    interp.apply(&a[0], &args)
}
fn n_lazy_seq(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "-lazy-seq")?;
    Ok(Value::LazySeq(Rc::new(LazySeq::new(a[0].clone()))))
}
fn n_realized(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "realized?")?;
    Ok(Value::Bool(match &a[0] {
        Value::LazySeq(l) => l.is_realized(),
        Value::Delay(d) => d.is_realized(),
        _ => true,
    }))
}

fn n_str(i: &Interp, a: &[Value]) -> R {
    let mut s = String::new();
    for x in a {
        match own_to_string(i, x)? {
            Some(t) => s.push_str(&display(&t)),
            None => s.push_str(&display(x)),
        }
    }
    Ok(Value::str(&s))
}

/// The `toString` a `defrecord`/`deftype` defines in its `Object` section, applied to `x`
/// (`None` for other values, or a type without one). The methods live in the atom
/// `clojure.core/-object-methods`: {type-name {:toString fn}}.
fn own_to_string(i: &Interp, x: &Value) -> Result<Option<Value>, Throw> {
    let tag = match x {
        Value::Map(m) => m.tag.clone(),
        Value::Obj(o) => match &**o {
            crate::value::obj::Obj::Instance { tag, .. } => Some(tag.clone()),
            _ => None,
        },
        _ => None,
    };
    let Some(tag) = tag else { return Ok(None) };
    let Some(Value::Atom(table)) = i
        .ns("clojure.core")
        .lookup("-object-methods")
        .and_then(|v| v.root())
    else {
        return Ok(None);
    };
    let methods = crate::core::get(
        &table.deref(),
        &Value::Symbol(crate::value::Symbol::new(None, &tag)),
    );
    let f = methods.and_then(|m| crate::core::get(&m, &Value::keyword("toString")));
    match f {
        Some(f) if !f.is_nil() => i.apply(&f, std::slice::from_ref(x)).map(Some),
        _ => Ok(None),
    }
}
fn n_pr_str(_: &Interp, a: &[Value]) -> R {
    Ok(Value::str(
        &a.iter().map(pr_str).collect::<Vec<_>>().join(" "),
    ))
}
fn n_print_str(_: &Interp, a: &[Value]) -> R {
    Ok(Value::str(
        &a.iter().map(display_print).collect::<Vec<_>>().join(" "),
    ))
}
fn display_print(v: &Value) -> String {
    let mut out = String::new();
    crate::value::print::write_value(&mut out, v, false);
    out
}
fn n_prn(i: &Interp, a: &[Value]) -> R {
    i.write_out(&format!(
        "{}\n",
        a.iter().map(pr_str).collect::<Vec<_>>().join(" ")
    ));
    Ok(Value::Nil)
}
fn n_pr(i: &Interp, a: &[Value]) -> R {
    i.write_out(&a.iter().map(pr_str).collect::<Vec<_>>().join(" "));
    Ok(Value::Nil)
}
fn n_println(i: &Interp, a: &[Value]) -> R {
    i.write_out(&format!(
        "{}\n",
        a.iter().map(display_print).collect::<Vec<_>>().join(" ")
    ));
    Ok(Value::Nil)
}
fn n_print(i: &Interp, a: &[Value]) -> R {
    i.write_out(&a.iter().map(display_print).collect::<Vec<_>>().join(" "));
    Ok(Value::Nil)
}
fn n_newline(i: &Interp, _: &[Value]) -> R {
    i.write_out("\n");
    Ok(Value::Nil)
}

fn n_name(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "name")?;
    Ok(match &a[0] {
        Value::Str(_) => a[0].clone(),
        Value::Keyword(k) => Value::str(k.name()),
        Value::Symbol(s) => Value::str(s.name()),
        x => {
            return Err(Throw::class_cast(format!(
                "class {} cannot be cast to class clojure.lang.Named",
                x.type_name()
            )));
        }
    })
}
fn n_namespace(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "namespace")?;
    Ok(match &a[0] {
        Value::Keyword(k) => k.ns().map(Value::str).unwrap_or(Value::Nil),
        Value::Symbol(s) => s.ns().map(Value::str).unwrap_or(Value::Nil),
        x => {
            return Err(Throw::class_cast(format!(
                "class {} cannot be cast to class clojure.lang.Named",
                x.type_name()
            )));
        }
    })
}
fn n_keyword(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=2, "keyword")?;
    Ok(match a {
        [Value::Keyword(_)] => a[0].clone(),
        [Value::Str(s)] => Value::Keyword(Keyword::parse(s)),
        [Value::Symbol(s)] => Value::Keyword(Keyword::intern(s.ns(), s.name())),
        [ns, Value::Str(n)] => Value::Keyword(Keyword::intern(
            match ns {
                Value::Str(s) => Some(s),
                _ => None,
            },
            n,
        )),
        _ => Value::Nil,
    })
}
fn n_symbol(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=2, "symbol")?;
    Ok(match a {
        [Value::Symbol(_)] => a[0].clone(),
        [Value::Str(s)] => Value::Symbol(Symbol::parse(s)),
        [Value::Keyword(k)] => Value::Symbol(Symbol::new(k.ns(), k.name())),
        [ns, Value::Str(n)] => Value::Symbol(Symbol::new(
            match ns {
                Value::Str(s) => Some(s),
                _ => None,
            },
            n,
        )),
        [x] => {
            return Err(Throw::illegal_argument(format!(
                "no conversion to symbol from {}",
                x.type_name()
            )));
        }
        _ => Value::Nil,
    })
}
fn n_gensym(i: &Interp, a: &[Value]) -> R {
    let prefix = match a.first() {
        Some(Value::Str(s)) => s.to_string(),
        _ => "G__".to_string(),
    };
    Ok(Value::Symbol(Symbol::new(
        None,
        &format!("{prefix}{}", i.next_id()),
    )))
}
fn n_subs(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=3, "subs")?;
    let Value::Str(s) = &a[0] else {
        return Err(Throw::class_cast(format!(
            "class {} cannot be cast to class java.lang.String",
            a[0].type_name()
        )));
    };
    let idx = |v: &Value| match v {
        Value::Long(n) => Ok(*n),
        _ => Err(Throw::class_cast("index must be a number")),
    };
    let end = match a.get(2) {
        Some(v) => Some(idx(v)?),
        None => None,
    };
    super::host::substring(s, idx(&a[1])?, end)
}

fn n_meta(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "meta")?;
    Ok(match &a[0] {
        Value::Var(v) => {
            super::docs::complete_var_meta(i, v);
            v.meta.borrow().clone().unwrap_or(Value::Nil)
        }
        x => x.meta().cloned().unwrap_or(Value::Nil),
    })
}
fn n_with_meta(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "with-meta")?;
    let meta = if a[1].is_nil() {
        None
    } else {
        Some(a[1].clone())
    };
    a[0].with_meta(meta).ok_or_else(|| {
        Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.IObj",
            a[0].type_name()
        ))
    })
}

fn n_ex_info(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=3, "ex-info")?;
    let message = match &a[0] {
        Value::Str(s) => Some(s.to_string()),
        Value::Nil => None,
        x => Some(display(x)),
    };
    Ok(Value::Exception(Rc::new(Exception {
        class: ExClass::ExceptionInfo,
        message,
        data: Some(if a[1].is_nil() {
            Value::Map(Rc::new(Map::default()))
        } else {
            a[1].clone()
        }),
        cause: a.get(2).cloned(),
        trace: Default::default(),
    })))
}
fn n_ex_data(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "ex-data")?;
    Ok(match &a[0] {
        Value::Exception(e) => e.data.clone().unwrap_or(Value::Nil),
        _ => Value::Nil,
    })
}
fn n_ex_message(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "ex-message")?;
    Ok(match &a[0] {
        Value::Exception(e) => e.message.as_deref().map(Value::str).unwrap_or(Value::Nil),
        _ => Value::Nil,
    })
}
fn n_ex_cause(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "ex-cause")?;
    Ok(match &a[0] {
        Value::Exception(e) => e.cause.clone().unwrap_or(Value::Nil),
        _ => Value::Nil,
    })
}
/// `(-exception "java.lang.IllegalArgumentException" msg)`: builds a host exception (what
/// `(Exception. msg)` and friends compile to).
fn n_exception(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=3, "-exception")?;
    let Value::Str(class) = &a[0] else {
        return Err(Throw::illegal_argument("class name expected"));
    };
    let class = ExClass::from_name(class)
        .ok_or_else(|| Throw::illegal_argument(format!("unknown exception class {class}")))?;
    Ok(Value::Exception(Rc::new(Exception {
        class,
        message: a.get(1).filter(|m| !m.is_nil()).map(display),
        data: None,
        cause: a.get(2).cloned(),
        trace: Default::default(),
    })))
}

fn n_atom(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=usize::MAX, "atom")?;
    let atom = crate::gc::new_atom(a[0].clone());
    // Options: `:meta m` and `:validator f`.
    for kv in a[1..].chunks(2) {
        let v = kv.get(1).cloned().unwrap_or(Value::Nil);
        match &kv[0] {
            Value::Keyword(k) if k.name() == "meta" => *atom.meta.borrow_mut() = Some(v),
            Value::Keyword(k) if k.name() == "validator" => {
                if !v.is_nil() && !i.apply(&v, std::slice::from_ref(&a[0]))?.truthy() {
                    return Err(Throw::illegal_state("Invalid reference state"));
                }
                *atom.validator.borrow_mut() = Some(v);
            }
            _ => {}
        }
    }
    Ok(Value::Atom(atom))
}
fn n_deref(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=3, "deref")?;
    match &a[0] {
        Value::Atom(x) => Ok(x.deref()),
        Value::Var(v) => i.var_value(v),
        Value::Delay(d) => d.force(|f| i.apply(f, &[])),
        Value::Obj(o) => match super::objects::deref_obj(o) {
            Some(v) => Ok(v),
            None if matches!(**o, crate::value::obj::Obj::Promise(_)) => match a.get(2) {
                Some(timeout_val) => Ok(timeout_val.clone()),
                None => Err(Throw::illegal_state(
                    "deref of an undelivered promise would block forever \
                     (kiln runs dialect code on one thread)",
                )),
            },
            None => Err(Throw::class_cast(format!(
                "class {} cannot be cast to class clojure.lang.IDeref",
                a[0].type_name()
            ))),
        },
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.IDeref",
            x.type_name()
        ))),
    }
}

fn atom_arg(v: &Value) -> Result<&Rc<crate::runtime::Atom>, Throw> {
    match v {
        Value::Atom(x) => Ok(x),
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.IAtom",
            x.type_name()
        ))),
    }
}

/// Sets an atom: the validator must accept `new`; watches run after, with the old value.
fn atom_set(i: &Interp, this: &Value, x: &crate::runtime::Atom, new: Value) -> R {
    let validator = x.validator.borrow().clone();
    if let Some(f) = validator
        && !i.apply(&f, std::slice::from_ref(&new))?.truthy()
    {
        return Err(Throw::illegal_state("Invalid reference state"));
    }
    let old = x.deref();
    x.reset(new.clone());
    let watches = x.watches.borrow().clone();
    for (key, f) in watches {
        i.apply(&f, &[key, this.clone(), old.clone(), new.clone()])?;
    }
    Ok(new)
}

fn n_reset(i: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "reset!")?;
    let x = atom_arg(&a[0])?;
    atom_set(i, &a[0], x, a[1].clone())
}
fn n_swap(i: &Interp, a: &[Value]) -> R {
    arity(a, 2..=usize::MAX, "swap!")?;
    let x = atom_arg(&a[0])?;
    let mut args = vec![x.deref()];
    args.extend_from_slice(&a[2..]);
    let new = i.apply(&a[1], &args)?;
    atom_set(i, &a[0], x, new)
}
fn n_compare_and_set(i: &Interp, a: &[Value]) -> R {
    arity(a, 3..=3, "compare-and-set!")?;
    let x = atom_arg(&a[0])?;
    let current = x.deref();
    let same = match (&current, &a[1]) {
        (Value::Long(p), Value::Long(q)) => p == q,
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(p), Value::Bool(q)) => p == q,
        (Value::Keyword(p), Value::Keyword(q)) => p.ptr_eq(q),
        (p, q) => identical(i, &[p.clone(), q.clone()])?.truthy(),
    };
    if !same {
        return Ok(Value::Bool(false));
    }
    atom_set(i, &a[0], x, a[2].clone())?;
    Ok(Value::Bool(true))
}
fn n_add_watch(_: &Interp, a: &[Value]) -> R {
    arity(a, 3..=3, "add-watch")?;
    let x = atom_arg(&a[0])?;
    let mut w = x.watches.borrow_mut();
    w.retain(|(k, _)| k != &a[1]);
    w.push((a[1].clone(), a[2].clone()));
    Ok(a[0].clone())
}
fn n_remove_watch(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "remove-watch")?;
    let x = atom_arg(&a[0])?;
    x.watches.borrow_mut().retain(|(k, _)| k != &a[1]);
    Ok(a[0].clone())
}
fn n_set_validator(i: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "set-validator!")?;
    let x = atom_arg(&a[0])?;
    if !a[1].is_nil() && !i.apply(&a[1], &[x.deref()])?.truthy() {
        return Err(Throw::illegal_state("Invalid reference state"));
    }
    *x.validator.borrow_mut() = (!a[1].is_nil()).then(|| a[1].clone());
    Ok(Value::Nil)
}
fn n_get_validator(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "get-validator")?;
    Ok(atom_arg(&a[0])?
        .validator
        .borrow()
        .clone()
        .unwrap_or(Value::Nil))
}

fn n_in_ns(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "in-ns")?;
    let Value::Symbol(s) = &a[0] else {
        return Err(Throw::class_cast("in-ns expects a symbol"));
    };
    let ns = i.ns(s.name());
    i.set_current_ns(ns.clone());
    Ok(Value::Namespace(ns))
}
/// `(-refer-all 'ns)`: refers every public var of `ns` into the current namespace.
fn n_refer_all(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "-refer-all")?;
    let Value::Symbol(s) = &a[0] else {
        return Err(Throw::class_cast("expects a symbol"));
    };
    let from = i
        .find_ns(s.name())
        .ok_or_else(|| Throw::runtime(format!("No namespace: {} found", s.name())))?;
    let to = i.current_ns();
    for (name, var) in from.vars.borrow().iter() {
        if !var.private.get() {
            to.refer(name, var.clone());
        }
    }
    Ok(Value::Nil)
}
fn n_set_macro(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "-set-macro!")?;
    if let Value::Var(v) = &a[0] {
        v.macro_.set(true);
    }
    Ok(a[0].clone())
}
fn n_set_var(i: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "-set-var!")?;
    let Value::Var(var) = &a[0] else {
        return Err(Throw::illegal_argument("set! target must be a var"));
    };
    for frame in i.bindings.borrow_mut().iter_mut().rev() {
        if let Some(slot) = frame.iter_mut().find(|(b, _)| Rc::ptr_eq(b, var)) {
            slot.1 = a[1].clone();
            return Ok(a[1].clone());
        }
    }
    if matches!(&*var.name, "*warn-on-reflection*" | "*unchecked-math*") {
        return Ok(a[1].clone());
    }
    Err(Throw::illegal_state(format!(
        "Can't change/establish root binding of: {} with set",
        var.name
    )))
}
fn n_push_bindings(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "push-thread-bindings")?;
    let Value::Map(m) = &a[0] else {
        return Err(Throw::class_cast("bindings must be a map"));
    };
    let mut frame = Vec::new();
    for (k, v) in m.entries() {
        let Value::Var(var) = k else {
            return Err(Throw::class_cast("binding keys must be vars"));
        };
        if !var.dynamic.get() {
            return Err(Throw::illegal_state(format!(
                "Can't dynamically bind non-dynamic var: {}",
                var.full_name()
            )));
        }
        frame.push((var, v));
    }
    i.bindings.borrow_mut().push(frame);
    Ok(Value::Nil)
}
fn n_pop_bindings(i: &Interp, _: &[Value]) -> R {
    i.bindings.borrow_mut().pop();
    Ok(Value::Nil)
}
fn n_not(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "not")?;
    Ok(Value::Bool(!a[0].truthy()))
}
pub(super) fn n_type(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "type")?;
    Ok(Value::Symbol(Symbol::new(None, a[0].type_name())))
}

/// Every native of `clojure.core`, by name.
pub const NATIVES: &[(&str, NativeImpl)] = &[
    ("+", add),
    ("+'", add_p),
    ("-", sub),
    ("-'", sub_p),
    ("*", mul),
    ("*'", mul_p),
    ("/", div),
    ("<", lt),
    (">", gt),
    ("<=", le),
    (">=", ge),
    ("==", num_eq),
    ("=", equals),
    ("inc", inc),
    ("dec", dec),
    ("quot", quot),
    ("rem", rem),
    ("mod", modulo),
    ("zero?", zero),
    ("pos?", pos),
    ("neg?", neg),
    ("identical?", identical),
    ("not", n_not),
    ("nil?", is_nil),
    ("number?", is_number),
    ("integer?", is_integer),
    ("string?", is_string),
    ("keyword?", is_keyword),
    ("symbol?", is_symbol),
    ("fn?", is_fn),
    ("map?", is_map),
    ("vector?", is_vector),
    ("set?", is_set),
    ("seq?", is_seq),
    ("list?", is_list),
    ("coll?", is_coll),
    ("sequential?", is_sequential),
    ("char?", is_char),
    ("boolean?", is_boolean),
    ("double?", is_double),
    ("ratio?", is_ratio),
    ("var?", is_var),
    ("list", n_list),
    ("vector", n_vector),
    ("hash-map", n_hash_map),
    ("array-map", n_array_map),
    ("hash-set", n_hash_set),
    ("vec", n_vec),
    ("set", n_set),
    ("seq", n_seq),
    ("first", n_first),
    ("rest", n_rest),
    ("next", n_next),
    ("cons", n_cons),
    ("conj", n_conj),
    ("assoc", n_assoc),
    ("dissoc", n_dissoc),
    ("disj", n_disj),
    ("get", n_get),
    ("contains?", n_contains),
    ("nth", n_nth),
    ("count", n_count),
    ("keys", n_keys),
    ("vals", n_vals),
    ("concat", n_concat),
    ("apply", n_apply),
    ("-lazy-seq", n_lazy_seq),
    ("realized?", n_realized),
    ("str", n_str),
    ("pr-str", n_pr_str),
    ("print-str", n_print_str),
    ("prn", n_prn),
    ("pr", n_pr),
    ("println", n_println),
    ("print", n_print),
    ("newline", n_newline),
    ("name", n_name),
    ("namespace", n_namespace),
    ("keyword", n_keyword),
    ("symbol", n_symbol),
    ("gensym", n_gensym),
    ("subs", n_subs),
    ("meta", n_meta),
    ("with-meta", n_with_meta),
    ("ex-info", n_ex_info),
    ("ex-data", n_ex_data),
    ("ex-message", n_ex_message),
    ("ex-cause", n_ex_cause),
    ("-exception", n_exception),
    ("atom", n_atom),
    ("deref", n_deref),
    ("reset!", n_reset),
    ("swap!", n_swap),
    ("compare-and-set!", n_compare_and_set),
    ("add-watch", n_add_watch),
    ("remove-watch", n_remove_watch),
    ("set-validator!", n_set_validator),
    ("get-validator", n_get_validator),
    ("in-ns", n_in_ns),
    ("-refer-all", n_refer_all),
    ("-set-macro!", n_set_macro),
    ("-set-var!", n_set_var),
    ("push-thread-bindings", n_push_bindings),
    ("pop-thread-bindings", n_pop_bindings),
    ("type", n_type),
];

/// Java's `String.compareTo` over UTF-16 code units.
pub fn compare_strings(a: &str, b: &str) -> i64 {
    let (mut x, mut y) = (a.encode_utf16(), b.encode_utf16());
    loop {
        match (x.next(), y.next()) {
            (Some(p), Some(q)) if p != q => return i64::from(p) - i64::from(q),
            (Some(_), Some(_)) => {}
            (None, None) => return 0,
            (None, Some(_)) => {
                return a.encode_utf16().count() as i64 - b.encode_utf16().count() as i64;
            }
            (Some(_), None) => {
                return a.encode_utf16().count() as i64 - b.encode_utf16().count() as i64;
            }
        }
    }
}

/// `(compare a b)`, as `clojure.lang.Util.compare`.
pub fn compare_values(a: &Value, b: &Value) -> Result<i64, Throw> {
    let sign = |o: std::cmp::Ordering| o as i64;
    Ok(match (a, b) {
        (Value::Nil, Value::Nil) => 0,
        (Value::Nil, _) => -1,
        (_, Value::Nil) => 1,
        _ if num::is_number(a) && num::is_number(b) => num::compare(a, b)?.map(sign).unwrap_or(0),
        (Value::Str(x), Value::Str(y)) => compare_strings(x, y),
        (Value::Char(x), Value::Char(y)) => *x as i64 - *y as i64,
        (Value::Bool(x), Value::Bool(y)) => sign(x.cmp(y)),
        (Value::Keyword(x), Value::Keyword(y)) => match (x.ns(), y.ns()) {
            (None, Some(_)) => -1,
            (Some(_), None) => 1,
            (Some(p), Some(q)) if p != q => compare_strings(p, q),
            _ => compare_strings(x.name(), y.name()),
        },
        (Value::Symbol(x), Value::Symbol(y)) => match (x.ns(), y.ns()) {
            (None, Some(_)) => -1,
            (Some(_), None) => 1,
            (Some(p), Some(q)) if p != q => compare_strings(p, q),
            _ => compare_strings(x.name(), y.name()),
        },
        (Value::Vector(x), Value::Vector(y)) => {
            if x.len() != y.len() {
                return Ok(sign(x.len().cmp(&y.len())));
            }
            for (p, q) in x.iter().zip(y.iter()) {
                let c = compare_values(p, q)?;
                if c != 0 {
                    return Ok(c);
                }
            }
            0
        }
        _ => {
            return Err(Throw::class_cast(format!(
                "class {} cannot be cast to class java.lang.Comparable",
                a.type_name()
            )));
        }
    })
}

fn n_compare(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "compare")?;
    Ok(Value::Long(compare_values(&a[0], &a[1])?))
}

/// Expands `form` once if it is a call to a macro.
fn expand1(i: &Interp, form: &Value) -> R {
    let Value::List(l) = form else {
        return Ok(form.clone());
    };
    let Some(Value::Symbol(s)) = l.first() else {
        return Ok(form.clone());
    };
    let current = i.current_ns();
    let var = match s.ns() {
        None => current.lookup(s.name()),
        Some(ns) => current
            .alias(ns)
            .or_else(|| i.find_ns(ns))
            .and_then(|n| n.vars.borrow().get(s.name()).cloned()),
    };
    match var {
        Some(var) if var.macro_.get() => {
            let mut args = vec![form.clone(), Value::Nil];
            args.extend(l.iter().skip(1).cloned());
            i.apply(&i.var_value(&var)?, &args)
        }
        _ => Ok(form.clone()),
    }
}

fn n_macroexpand_1(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "macroexpand-1")?;
    expand1(i, &a[0])
}

fn n_macroexpand(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "macroexpand")?;
    let mut form = a[0].clone();
    loop {
        let next = expand1(i, &form)?;
        let same = match (&next, &form) {
            (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y),
            _ => true,
        };
        if same {
            return Ok(next);
        }
        form = next;
    }
}

/// Natives defined in this second half of the file.
pub const MORE_NATIVES: &[(&str, NativeImpl)] = &[
    ("compare", n_compare),
    ("macroexpand-1", n_macroexpand_1),
    ("macroexpand", n_macroexpand),
];

fn n_delay(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "-delay")?;
    Ok(Value::Delay(Rc::new(crate::runtime::Delay::new(
        a[0].clone(),
    ))))
}

fn n_force(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "force")?;
    match &a[0] {
        Value::Delay(d) => d.force(|f| i.apply(f, &[])),
        x => Ok(x.clone()),
    }
}

fn n_bound(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "-bound?")?;
    Ok(Value::Bool(matches!(&a[0], Value::Var(v) if v.is_bound())))
}

fn n_peek(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "peek")?;
    Ok(match &a[0] {
        Value::Vector(v) => v
            .get(v.len().wrapping_sub(1))
            .cloned()
            .unwrap_or(Value::Nil),
        Value::List(l) => l.first().cloned().unwrap_or(Value::Nil),
        Value::Nil => Value::Nil,
        x => {
            return Err(Throw::class_cast(format!(
                "class {} cannot be cast to class clojure.lang.IPersistentStack",
                x.type_name()
            )));
        }
    })
}

pub(super) fn n_pop(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "pop")?;
    match &a[0] {
        Value::Vector(v) => v
            .pop()
            .map(|v| Value::Vector(Rc::new(v)))
            .ok_or_else(|| Throw::illegal_state("Can't pop empty vector")),
        Value::List(l) if !l.is_empty() => Ok(Value::List(Rc::new(l.rest()))),
        Value::List(_) => Err(Throw::illegal_state("Can't pop empty list")),
        Value::Nil => Ok(Value::Nil),
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.IPersistentStack",
            x.type_name()
        ))),
    }
}

/// Natives for delays, stacks and vars.
pub const STATE_NATIVES: &[(&str, NativeImpl)] = &[
    ("-delay", n_delay),
    ("force", n_force),
    ("-bound?", n_bound),
    ("peek", n_peek),
    ("pop", n_pop),
];

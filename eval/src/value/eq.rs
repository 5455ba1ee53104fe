//! Clojure equality (`=`) and `hasheq`, and the `PartialEq`/`Hash` impls maps and sets use.
//!
//! `(= 1 1.0)` is false (different categories), `(= 1 1N)` true, `(= [1 2] '(1 2))` true,
//! maps and sets compare by contents. Lazy seqs are realized to compare or hash them (through
//! the thread's active runtime); a failure while realizing counts as "not equal".

use std::hash::{Hash, Hasher};

use num_traits::{ToPrimitive, Zero};

use super::Value;
use super::hash::*;
use super::seq::SeqIter;

/// Is this value sequential (compares elementwise with lists, vectors and seqs)?
pub fn is_sequential(v: &Value) -> bool {
    matches!(
        v,
        Value::List(_) | Value::Vector(_) | Value::Seq(_) | Value::LazySeq(_)
    )
}

/// A sorted map or set as the plain map or set with the same contents (for `=` and hashing,
/// which do not depend on order).
pub fn unsorted(v: &Value) -> Option<Value> {
    let Value::Obj(o) = v else { return None };
    let super::obj::Obj::Sorted(s) = &**o else {
        return None;
    };
    Some(if s.is_map {
        Value::Map(std::rc::Rc::new(super::Map::hash_from_pairs(
            (*s.entries).clone(),
        )))
    } else {
        Value::Set(std::rc::Rc::new(super::Set::from_vec(
            s.entries.iter().map(|(k, _)| k.clone()).collect(),
        )))
    })
}

/// Clojure's `=`.
pub fn equiv(a: &Value, b: &Value) -> bool {
    use Value::*;
    if let (Obj(_), _) | (_, Obj(_)) = (a, b)
        && let Some((x, y)) = match (unsorted(a), unsorted(b)) {
            (None, None) => None,
            (x, y) => Some((
                x.unwrap_or_else(|| a.clone()),
                y.unwrap_or_else(|| b.clone()),
            )),
        }
    {
        return equiv(&x, &y);
    }
    match (a, b) {
        (Nil, Nil) => true,
        (Bool(x), Bool(y)) => x == y,
        (Long(x), Long(y)) => x == y,
        (Double(x), Double(y)) => x == y,
        (Char(x), Char(y)) => x == y,
        (Str(x), Str(y)) => x == y,
        (Keyword(x), Keyword(y)) => x.ptr_eq(y),
        (Symbol(x), Symbol(y)) => x == y,
        (BigInt(x), BigInt(y)) => x == y,
        (Long(x), BigInt(y)) | (BigInt(y), Long(x)) => y.to_i64() == Some(*x),
        (Ratio(x), Ratio(y)) => x == y,
        (BigDec(x), BigDec(y)) => x == y,
        (Map(x), Map(y)) => {
            x.tag == y.tag
                && x.len() == y.len()
                && x.entries()
                    .iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| equiv(v, w)))
        }
        (Set(x), Set(y)) => x.len() == y.len() && x.items().iter().all(|v| y.contains(v)),
        (Vector(x), Vector(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| equiv(p, q))
        }
        _ if is_sequential(a) && is_sequential(b) => {
            if let (Some(n), Some(m)) = (a.count_fast(), b.count_fast())
                && n != m
            {
                return false;
            }
            let mut xs = SeqIter::new(a);
            let mut ys = SeqIter::new(b);
            loop {
                match (xs.next(), ys.next()) {
                    (None, None) => return !xs.failed() && !ys.failed(),
                    (Some(x), Some(y)) if equiv(&x, &y) => {}
                    _ => return false,
                }
            }
        }
        (Fn(x), Fn(y)) => std::rc::Rc::ptr_eq(x, y),
        (Native(x), Native(y)) => std::rc::Rc::ptr_eq(x, y),
        (Var(x), Var(y)) => std::rc::Rc::ptr_eq(x, y),
        (Atom(x), Atom(y)) => std::rc::Rc::ptr_eq(x, y),
        (Namespace(x), Namespace(y)) => std::rc::Rc::ptr_eq(x, y),
        (Regex(x), Regex(y)) => std::rc::Rc::ptr_eq(x, y),
        (Exception(x), Exception(y)) => std::rc::Rc::ptr_eq(x, y),
        (Wasm(x), Wasm(y)) => std::rc::Rc::ptr_eq(x, y),
        (Delay(x), Delay(y)) => std::rc::Rc::ptr_eq(x, y),
        (Obj(x), Obj(y)) => std::rc::Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// Clojure's `hasheq`.
pub fn hasheq(v: &Value) -> i32 {
    use Value::*;
    match v {
        Nil => 0,
        Bool(true) => 1231,
        Bool(false) => 1237,
        Long(n) => hash_long(*n),
        Double(d) => double_hash(*d),
        Char(c) => *c as i32,
        Str(s) => hash_int(java_string_hash(s)),
        Keyword(k) => k.hash(),
        Symbol(s) => s.hash(),
        BigInt(n) => match n.to_i64() {
            Some(l) => hash_long(l),
            None => big_integer_hash(n),
        },
        Ratio(r) => big_integer_hash(r.numer()) ^ big_integer_hash(r.denom()),
        BigDec(d) => {
            if d.is_zero() {
                return 0;
            }
            let (unscaled, scale) = d.normalized().as_bigint_and_exponent();
            big_integer_hash(&unscaled)
                .wrapping_mul(31)
                .wrapping_add(scale as i32)
        }
        Map(m) => hash_unordered(
            m.entries()
                .iter()
                .map(|(k, v)| hash_ordered([hasheq(k), hasheq(v)])),
        ),
        Set(s) => hash_unordered(s.items().iter().map(hasheq)),
        List(_) | Vector(_) | Seq(_) | LazySeq(_) => {
            let hashes: Vec<i32> = SeqIter::new(v).map(|x| hasheq(&x)).collect();
            hash_ordered(hashes)
        }
        Fn(f) => std::rc::Rc::as_ptr(f) as usize as i32,
        Native(f) => std::rc::Rc::as_ptr(f) as usize as i32,
        Var(x) => std::rc::Rc::as_ptr(x) as usize as i32,
        Atom(x) => std::rc::Rc::as_ptr(x) as usize as i32,
        Namespace(x) => std::rc::Rc::as_ptr(x) as usize as i32,
        Regex(x) => std::rc::Rc::as_ptr(x) as usize as i32,
        Exception(x) => std::rc::Rc::as_ptr(x) as usize as i32,
        Wasm(x) => std::rc::Rc::as_ptr(x) as usize as i32,
        Delay(x) => std::rc::Rc::as_ptr(x) as usize as i32,
        Obj(x) => match unsorted(v) {
            Some(plain) => hasheq(&plain),
            None => std::rc::Rc::as_ptr(x) as usize as i32,
        },
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        equiv(self, other)
    }
}

impl Eq for Value {}

impl Hash for Value {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i32(hasheq(self));
    }
}

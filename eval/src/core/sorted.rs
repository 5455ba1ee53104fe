//! Sorted maps and sets (`sorted-map`, `sorted-map-by`, `sorted-set`, `sorted-set-by`):
//! entries in a vector kept in comparator order, found by binary search (O(log n) lookups,
//! O(n) updates, which copy the vector). The collection natives (`get`, `assoc`, `conj`,
//! `dissoc`, `disj`, `contains?`, `keys`, `vals`, …) call [`hook`] first; `seq`, `count`,
//! printing, `=` and `hash` know the type directly. `subseq`/`rsubseq` are dialect code.

use std::cmp::Ordering;
use std::rc::Rc;

use crate::value::obj::{Obj, Sorted};
use crate::value::{Value, Vector};
use crate::vm::{Interp, NativeImpl, Throw};

type R = Result<Value, Throw>;

/// The sorted collection inside a value, if it is one.
pub fn as_sorted(v: &Value) -> Option<&Sorted> {
    match v {
        Value::Obj(o) => match &**o {
            Obj::Sorted(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

fn compare(i: &Interp, s: &Sorted, a: &Value, b: &Value) -> Result<Ordering, Throw> {
    match &s.cmp {
        None => super::natives::compare_values(a, b).map(|c| c.cmp(&0)),
        Some(f) => super::text::compare_with(i, f, a, b),
    }
}

/// Where `k` is (`Ok`) or would go (`Err`).
fn search(i: &Interp, s: &Sorted, k: &Value) -> Result<Result<usize, usize>, Throw> {
    let (mut lo, mut hi) = (0, s.entries.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        match compare(i, s, &s.entries[mid].0, k)? {
            Ordering::Less => lo = mid + 1,
            Ordering::Greater => hi = mid,
            Ordering::Equal => return Ok(Ok(mid)),
        }
    }
    Ok(Err(lo))
}

fn with_entries(s: &Sorted, entries: Vec<(Value, Value)>) -> Value {
    Value::Obj(Rc::new(Obj::Sorted(Sorted {
        entries: Rc::new(entries),
        ..s.clone()
    })))
}

fn insert(i: &Interp, s: &Sorted, k: Value, v: Value) -> Result<Sorted, Throw> {
    let mut entries = (*s.entries).clone();
    match search(i, s, &k)? {
        Ok(at) => entries[at].1 = v,
        Err(at) => entries.insert(at, (k, v)),
    }
    Ok(Sorted {
        entries: Rc::new(entries),
        ..s.clone()
    })
}

fn remove(i: &Interp, s: &Sorted, k: &Value) -> Result<Sorted, Throw> {
    match search(i, s, k)? {
        Ok(at) => {
            let mut entries = (*s.entries).clone();
            entries.remove(at);
            Ok(Sorted {
                entries: Rc::new(entries),
                ..s.clone()
            })
        }
        Err(_) => Ok(s.clone()),
    }
}

/// The value at `k` (a map's value, a set's member).
pub fn lookup(i: &Interp, s: &Sorted, k: &Value) -> Result<Option<Value>, Throw> {
    Ok(search(i, s, k)?.ok().map(|at| s.entries[at].1.clone()))
}

fn pair(x: &Value) -> Result<(Value, Value), Throw> {
    match x {
        Value::Vector(v) if v.len() == 2 => Ok((
            v.get(0).cloned().unwrap_or(Value::Nil),
            v.get(1).cloned().unwrap_or(Value::Nil),
        )),
        Value::Map(m) => Err(Throw::illegal_argument(format!(
            "conj of a map onto a sorted map is not supported ({} entries)",
            m.len()
        ))),
        _ => Err(Throw::illegal_argument(
            "Vector arg to map conj must be a pair",
        )),
    }
}

/// Runs the collection native `name` on a sorted first argument; `None` when `a[0]` is not
/// a sorted collection (the native carries on as usual).
pub fn hook(i: &Interp, name: &str, a: &[Value]) -> Option<R> {
    let s = as_sorted(a.first()?)?;
    Some(run(i, name, s, a))
}

fn run(i: &Interp, name: &str, s: &Sorted, a: &[Value]) -> R {
    let mut cur = s.clone();
    match name {
        "conj" => {
            for x in &a[1..] {
                cur = if s.is_map {
                    if let Some(m) = crate::value::eq::unsorted(x).or_else(|| match x {
                        Value::Map(_) => Some(x.clone()),
                        _ => None,
                    }) && let Value::Map(m) = m
                    {
                        let mut c = cur;
                        for (k, v) in m.entries() {
                            c = insert(i, &c, k, v)?;
                        }
                        c
                    } else {
                        let (k, v) = pair(x)?;
                        insert(i, &cur, k, v)?
                    }
                } else {
                    insert(i, &cur, x.clone(), x.clone())?
                };
            }
            Ok(with_entries(&cur, (*cur.entries).clone()))
        }
        "assoc" if s.is_map => {
            for kv in a[1..].chunks(2) {
                let v = kv.get(1).cloned().unwrap_or(Value::Nil);
                cur = insert(i, &cur, kv[0].clone(), v)?;
            }
            Ok(with_entries(&cur, (*cur.entries).clone()))
        }
        "dissoc" | "disj" => {
            for k in &a[1..] {
                cur = remove(i, &cur, k)?;
            }
            Ok(with_entries(&cur, (*cur.entries).clone()))
        }
        "get" => Ok(lookup(i, s, &a[1])?
            .or_else(|| a.get(2).cloned())
            .unwrap_or(Value::Nil)),
        "contains?" => Ok(Value::Bool(search(i, s, &a[1])?.is_ok())),
        "keys" | "vals" if s.is_map => {
            if s.entries.is_empty() {
                return Ok(Value::Nil);
            }
            let items = s
                .entries
                .iter()
                .map(|(k, v)| if name == "keys" { k.clone() } else { v.clone() })
                .collect();
            Ok(Value::List(Rc::new(crate::value::List::from_vec(items))))
        }
        "empty" => Ok(with_entries(s, Vec::new())),
        _ => Err(Throw::class_cast(format!(
            "{name} is not supported on {}",
            a[0].type_name()
        ))),
    }
}

fn build(i: &Interp, is_map: bool, cmp: Option<Value>, items: &[Value]) -> R {
    if is_map && items.len() % 2 == 1 {
        return Err(Throw::illegal_argument(format!(
            "No value supplied for key: {}",
            crate::value::print::pr_str(&items[items.len() - 1])
        )));
    }
    let mut s = Sorted {
        is_map,
        entries: Rc::new(Vec::new()),
        cmp,
        meta: None,
    };
    if is_map {
        for kv in items.chunks(2) {
            s = insert(i, &s, kv[0].clone(), kv[1].clone())?;
        }
    } else {
        for x in items {
            s = insert(i, &s, x.clone(), x.clone())?;
        }
    }
    Ok(Value::Obj(Rc::new(Obj::Sorted(s))))
}

fn n_sorted_map(i: &Interp, a: &[Value]) -> R {
    build(i, true, None, a)
}
fn n_sorted_map_by(i: &Interp, a: &[Value]) -> R {
    let Some((f, rest)) = a.split_first() else {
        return Err(Throw::arity(0, "clojure.core/sorted-map-by"));
    };
    build(i, true, Some(f.clone()), rest)
}
fn n_sorted_set(i: &Interp, a: &[Value]) -> R {
    build(i, false, None, a)
}
fn n_sorted_set_by(i: &Interp, a: &[Value]) -> R {
    let Some((f, rest)) = a.split_first() else {
        return Err(Throw::arity(0, "clojure.core/sorted-set-by"));
    };
    build(i, false, Some(f.clone()), rest)
}
fn n_sorted_p(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Bool(a.first().and_then(as_sorted).is_some()))
}

/// `(-sorted-range sc test key ascending?)`: the entries (or members) whose key compares
/// with `key` as `test` (`<`, `<=`, `>`, `>=`) wants, in ascending or descending order.
fn n_sorted_range(i: &Interp, a: &[Value]) -> R {
    let [sc, Value::Keyword(test), key, asc] = a else {
        return Err(Throw::illegal_argument(
            "-sorted-range expects sc, test, key, asc?",
        ));
    };
    let s = as_sorted(sc).ok_or_else(|| Throw::class_cast("subseq expects a sorted collection"))?;
    let mut out = Vec::new();
    for (k, v) in s.entries.iter() {
        let c = compare(i, s, k, key)?;
        let keep = match test.name() {
            "<" => c == Ordering::Less,
            "<=" => c != Ordering::Greater,
            ">" => c == Ordering::Greater,
            _ => c != Ordering::Less,
        };
        if keep {
            out.push(if s.is_map {
                Value::Vector(Rc::new(Vector::from_vec(vec![k.clone(), v.clone()])))
            } else {
                k.clone()
            });
        }
    }
    if !asc.truthy() {
        out.reverse();
    }
    Ok(if out.is_empty() {
        Value::Nil
    } else {
        Value::List(Rc::new(crate::value::List::from_vec(out)))
    })
}

/// Sorted-collection natives, by name.
pub const NATIVES: &[(&str, NativeImpl)] = &[
    ("sorted-map", n_sorted_map),
    ("sorted-map-by", n_sorted_map_by),
    ("sorted-set", n_sorted_set),
    ("sorted-set-by", n_sorted_set_by),
    ("sorted?", n_sorted_p),
    ("-sorted-range", n_sorted_range),
    ("-sorted-empty", n_sorted_empty),
];

/// `(-sorted-empty coll)`: an empty sorted collection with `coll`'s comparator (`empty`).
fn n_sorted_empty(i: &Interp, a: &[Value]) -> R {
    hook(i, "empty", a).unwrap_or(Ok(Value::Nil))
}

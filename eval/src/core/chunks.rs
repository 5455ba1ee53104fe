//! Natives behind the fast sequence paths: long `range` and `repeat` as cursors, `iterate`, `reduce`
//! walking collections and chunks in place, Clojure's chunk functions (`chunked-seq?`,
//! `chunk-first`, `chunk-rest`, `chunk-next`, `chunk-cons`) and the chunk steps of `map`,
//! `filter` and `keep` (`-map-chunk`, `-filter-chunk`, `-keep-chunk`).
//!
//! `map` over a chunked seq computes one chunk (up to 32 elements) per realization, as in
//! JVM Clojure — which is also what makes its laziness observable the same way: mapping a
//! printing function over a vector prints the first 32 elements when the first is asked for.

use std::rc::Rc;

use crate::value::obj::Obj;
use crate::value::seq::{self, Seq, SeqIter};
use crate::value::{List, Value};
use crate::vm::{Interp, NativeImpl, Throw};

use super::objects::arity;

type R = Result<Value, Throw>;

fn empty_list() -> Value {
    Value::List(Rc::new(List::default()))
}

fn long_arg(v: &Value, what: &str) -> Result<i64, Throw> {
    match v {
        Value::Long(n) => Ok(*n),
        Value::Double(d) => Ok(*d as i64),
        _ => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class java.lang.Number ({what})",
            v.type_name()
        ))),
    }
}

/// `(-long-range start end step)`: a range over longs (the caller checked the types).
fn n_long_range(_: &Interp, a: &[Value]) -> R {
    arity(a, 3..=3, "-long-range")?;
    let (s, e, st) = (
        long_arg(&a[0], "range")?,
        long_arg(&a[1], "range")?,
        long_arg(&a[2], "range")?,
    );
    Ok(match seq::long_range(s, e, st) {
        Value::Nil => empty_list(),
        r => r,
    })
}

/// `(repeat x)` / `(repeat n x)`.
fn n_repeat(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=2, "repeat")?;
    let (x, left) = match a {
        [x] => (x.clone(), None),
        [n, x] => {
            let n = long_arg(n, "repeat")?;
            if n <= 0 {
                return Ok(empty_list());
            }
            (x.clone(), Some(n))
        }
        _ => unreachable!(),
    };
    Ok(Value::Seq(Rc::new(Seq::Repeat {
        x,
        left,
        meta: None,
    })))
}

/// `(iterate f x)`: x, (f x), (f (f x)), … — each step computed once, when first needed.
fn n_iterate(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "iterate")?;
    Ok(seq::iterate(a[0].clone(), a[1].clone()))
}

/// `(last coll)`: the last element, walking the seq (cursors in place), or nil.
fn n_last(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "last")?;
    let mut it = SeqIter::new(&a[0]);
    let last = it.by_ref().last();
    match it.take_error() {
        Some(e) => Err(e),
        None => Ok(last.unwrap_or(Value::Nil)),
    }
}

/// `(-lazy-take n coll)`: `take`'s lazy seq, realized natively.
fn n_lazy_take(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "-lazy-take")?;
    let n = match &a[0] {
        Value::Long(n) => *n,
        Value::Double(d) => d.ceil() as i64,
        x => return Err(not_a_number(x)),
    };
    Ok(seq::lazy_step(seq::Step::Take {
        n,
        coll: a[1].clone(),
    }))
}

/// `(-lazy-map f coll)`: `map`'s lazy seq over one collection, realized natively (a chunk
/// at a time over chunked seqs).
fn n_lazy_map(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "-lazy-map")?;
    Ok(seq::lazy_step(seq::Step::Map {
        f: a[0].clone(),
        coll: a[1].clone(),
    }))
}

fn not_a_number(x: &Value) -> Throw {
    Throw::class_cast(format!(
        "class {} cannot be cast to class java.lang.Number",
        x.type_name()
    ))
}

/// `(-seq-to-map x)`, behind map destructuring: a seq of keys and values (keyword
/// arguments) becomes a map, a one-element seq its element; anything else is returned as is.
fn n_seq_to_map(i: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "-seq-to-map")?;
    let x = &a[0];
    if !matches!(x, Value::List(_) | Value::Seq(_) | Value::LazySeq(_)) {
        return Ok(x.clone());
    }
    let items = seq::to_vec(x)?;
    match items.len() {
        0 => Ok(Value::Map(Rc::default())),
        1 => Ok(items[0].clone()),
        _ => crate::core::native_array_map(i, &items),
    }
}

pub(super) fn unreduced(v: &Value) -> Option<Value> {
    match v {
        Value::Obj(o) => match &**o {
            Obj::Reduced(x) => Some(x.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Folds `f` over the elements from `it`, starting from `acc`, stopping at a `reduced`.
fn fold(i: &Interp, f: &Value, mut acc: Value, it: impl Iterator<Item = Value>) -> R {
    let mut f = crate::vm::Repeated::new(i, &crate::vm::forwarded(f, 2));
    for mut x in it {
        // Natives never tick: `(reduce + (range))` must still stop at the budget, the
        // deadline or an interrupt.
        i.tick(1)?;
        f.step_in_place(&mut acc, &mut x)?;
        if let Some(v) = unreduced(&acc) {
            return Ok(v);
        }
    }
    Ok(acc)
}

/// `(reduce f coll)` / `(reduce f init coll)`: vectors and lists are walked directly, seqs
/// through [`SeqIter`] (cursors and chunks in place); a `reduced` value ends the reduction.
fn n_reduce(i: &Interp, a: &[Value]) -> R {
    arity(a, 2..=3, "reduce")?;
    let f = &a[0];
    let coll = &a[a.len() - 1];
    // Vectors and lists: their elements directly, without a seq.
    let direct: Option<Box<dyn Iterator<Item = Value> + '_>> = match coll {
        Value::Vector(v) => Some(Box::new(v.iter().cloned())),
        Value::List(l) => Some(Box::new(l.iter().cloned())),
        _ => None,
    };
    if let Some(mut items) = direct {
        let acc = match a.len() {
            3 => a[1].clone(),
            _ => match items.next() {
                Some(x) => x,
                None => return i.apply(f, &[]),
            },
        };
        return fold(i, f, acc, items);
    }
    let mut it = SeqIter::new(coll);
    let acc = match a.len() {
        3 => a[1].clone(),
        _ => match it.next() {
            Some(x) => x,
            None => {
                if let Some(e) = it.take_error() {
                    return Err(e);
                }
                return i.apply(f, &[]);
            }
        },
    };
    let r = fold(i, f, acc, it.by_ref());
    match it.take_error() {
        Some(e) => Err(e),
        None => r,
    }
}

fn chunked(v: &Value) -> Option<&Seq> {
    match v {
        Value::Seq(s) if s.is_chunked() => Some(s),
        _ => None,
    }
}

fn not_chunked(v: &Value) -> Throw {
    Throw::class_cast(format!(
        "class {} cannot be cast to class clojure.lang.IChunkedSeq",
        v.type_name()
    ))
}

fn split(v: &Value) -> Result<(Rc<[Value]>, Value), Throw> {
    chunked(v)
        .and_then(seq::chunk_split)
        .ok_or_else(|| not_chunked(v))
}

fn n_chunked_seq_p(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "chunked-seq?")?;
    Ok(Value::Bool(chunked(&a[0]).is_some()))
}

/// `(chunk-first s)`: the first chunk, as a seq over its elements (`count`, `nth` and
/// `reduce` work on it, as on Clojure's `ArrayChunk`).
fn n_chunk_first(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "chunk-first")?;
    let (items, _) = split(&a[0])?;
    Ok(seq::chunk_cons(items, Value::Nil))
}

fn n_chunk_rest(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "chunk-rest")?;
    Ok(match split(&a[0])?.1 {
        Value::Nil => empty_list(),
        r => r,
    })
}

fn n_chunk_next(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "chunk-next")?;
    seq::seq(&split(&a[0])?.1)
}

/// The elements of a chunk made by `chunk-first` or a chunk step (a chunked cons without a
/// tail), or of any seqable.
fn chunk_items(v: &Value) -> Result<Rc<[Value]>, Throw> {
    match v {
        Value::Nil => Ok(Rc::from([])),
        Value::Seq(s) => match &**s {
            Seq::Chunk {
                items, at, more, ..
            } if more.is_nil() => Ok(items[*at..].into()),
            _ => Ok(seq::to_vec(v)?.into()),
        },
        _ => Ok(seq::to_vec(v)?.into()),
    }
}

/// `(chunk-cons chunk rest)`: the chunk's elements, then `rest`.
fn n_chunk_cons(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "chunk-cons")?;
    let items = chunk_items(&a[0])?;
    // The rest stays unrealized (it is usually the lazy seq of the next chunk).
    let more = match &a[1] {
        Value::List(l) if l.is_empty() => Value::Nil,
        r => r.clone(),
    };
    Ok(match seq::chunk_cons(items, more) {
        Value::Nil => empty_list(),
        r => r,
    })
}

/// `(-map-chunk f s)`: `f` applied to each element of the first chunk of `s`.
fn n_map_chunk(i: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "-map-chunk")?;
    let (items, _) = split(&a[1])?;
    let out = items
        .iter()
        .map(|x| i.apply(&a[0], std::slice::from_ref(x)))
        .collect::<Result<Rc<[Value]>, Throw>>()?;
    Ok(seq::chunk_cons(out, Value::Nil))
}

/// `(-filter-chunk pred s)`: the elements of the first chunk of `s` that satisfy `pred`
/// (nil when none does).
fn n_filter_chunk(i: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "-filter-chunk")?;
    let (items, _) = split(&a[1])?;
    let mut out = Vec::with_capacity(items.len());
    for x in items.iter() {
        if i.apply(&a[0], std::slice::from_ref(x))?.truthy() {
            out.push(x.clone());
        }
    }
    Ok(seq::chunk_cons(out.into(), Value::Nil))
}

/// `(-keep-chunk f s)`: the non-nil results of `f` over the first chunk of `s`.
fn n_keep_chunk(i: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "-keep-chunk")?;
    let (items, _) = split(&a[1])?;
    let mut out = Vec::with_capacity(items.len());
    for x in items.iter() {
        let v = i.apply(&a[0], std::slice::from_ref(x))?;
        if !v.is_nil() {
            out.push(v);
        }
    }
    Ok(seq::chunk_cons(out.into(), Value::Nil))
}

/// `(counted? coll)`: collections and seqs that know their count without walking.
fn n_counted_p(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "counted?")?;
    Ok(Value::Bool(match &a[0] {
        Value::Vector(_) | Value::Map(_) | Value::Set(_) | Value::List(_) => true,
        // Clojure's `Repeat` knows its count but is not `Counted`.
        Value::Seq(s) => s.known_count().is_some() && !matches!(**s, Seq::Repeat { .. }),
        Value::Obj(o) => matches!(&**o, Obj::Sorted(_)),
        _ => false,
    }))
}

pub const NATIVES: &[(&str, NativeImpl)] = &[
    ("-long-range", n_long_range),
    ("repeat", n_repeat),
    ("iterate", n_iterate),
    ("last", n_last),
    ("-seq-to-map", n_seq_to_map),
    ("-lazy-take", n_lazy_take),
    ("-lazy-map", n_lazy_map),
    ("reduce", n_reduce),
    ("chunked-seq?", n_chunked_seq_p),
    ("chunk-first", n_chunk_first),
    ("chunk-rest", n_chunk_rest),
    ("chunk-next", n_chunk_next),
    ("chunk-cons", n_chunk_cons),
    ("-map-chunk", n_map_chunk),
    ("-filter-chunk", n_filter_chunk),
    ("-keep-chunk", n_keep_chunk),
    ("counted?", n_counted_p),
];

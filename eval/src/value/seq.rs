//! Seqs: the `ISeq` side of collections — cons cells, cursors over vectors and arrays, chunked
//! conses, long ranges, repeats, and lazy seqs — and the `seq`/`first`/`rest` functions every
//! collection answers.
//!
//! Chunks work as in Clojure: `map`, `filter` and `keep` over a chunked seq (a vector's seq, a
//! long range, a chunked cons) compute up to 32 elements at a time into a [`Seq::Chunk`], so
//! the per-element cost is the function call, not a lazy seq and a thunk.
//!
//! Lazy seqs call their thunk through the thread's active interpreter ([`crate::vm::current`]);
//! an exception while realizing is returned as `Err`.

use std::cell::RefCell;
use std::rc::Rc;

use super::Value;
use super::coll::{List, Vector};
use crate::vm::{Throw, current};

pub use super::lazy::{LazySeq, Step, lazy_step};

/// A non-list seq.
#[derive(Clone)]
pub enum Seq {
    /// `(cons x s)`: a first value and the rest (any seqable, typically a seq or nil).
    Cons {
        first: Value,
        rest: Value,
        meta: Option<Value>,
    },
    /// A cursor over a vector (`(seq [1 2 3])`).
    Vector {
        vec: Rc<Vector>,
        at: usize,
        meta: Option<Value>,
    },
    /// A cursor over a snapshot of elements (map and set seqs, string chars, …).
    Array {
        items: Rc<[Value]>,
        at: usize,
        meta: Option<Value>,
    },
    /// A chunked cons: the elements of a computed chunk from `at`, then `more` (any seqable;
    /// nil when nothing follows).
    Chunk {
        items: Rc<[Value]>,
        at: usize,
        more: Value,
        meta: Option<Value>,
    },
    /// `(range start end step)` over longs; never empty (`start` is before `end` in the
    /// direction of `step`, which is not 0).
    Range {
        start: i64,
        end: i64,
        step: i64,
        meta: Option<Value>,
    },
    /// `(iterate f x)`: `x`, then the seq for `(f x)`, computed on first use and cached.
    Iterate {
        f: Value,
        x: Value,
        next: RefCell<Option<Value>>,
        meta: Option<Value>,
    },
    /// `(repeat x)` (`left` is `None`) or `(repeat n x)` with `left` ≥ 1 elements left.
    Repeat {
        x: Value,
        left: Option<i64>,
        meta: Option<Value>,
    },
}

impl Seq {
    /// The seq this one links to (a cons's rest, a chunk's `more`, an iterate's cached
    /// next), taken out and replaced by nil: what [`drop_tail`] follows.
    fn take_tail(&mut self) -> Value {
        match self {
            Seq::Cons { rest, .. } => std::mem::replace(rest, Value::Nil),
            Seq::Chunk { more, .. } => std::mem::replace(more, Value::Nil),
            Seq::Iterate { next, .. } => next.get_mut().take().unwrap_or(Value::Nil),
            Seq::Vector { .. } | Seq::Array { .. } | Seq::Range { .. } | Seq::Repeat { .. } => {
                Value::Nil
            }
        }
    }
}

/// A realized seq of ten million conses is a chain ten million links deep: dropped link by
/// link, the default recursive drop overflows the stack. Each seq hands its tail to
/// [`drop_tail`] instead.
impl Drop for Seq {
    fn drop(&mut self) {
        drop_tail(self.take_tail());
    }
}

/// Drops the chain of seqs starting at `v` in a loop: while the next link is owned by this
/// chain alone, its own tail is taken out before it is dropped (so that drop is shallow);
/// the first shared link (or any other value) is dropped as usual, which only lowers its
/// count.
pub(crate) fn drop_tail(mut v: Value) {
    loop {
        v = match v {
            Value::Seq(mut s) => match Rc::get_mut(&mut s) {
                Some(s) => s.take_tail(),
                None => return,
            },
            Value::LazySeq(mut l) => match Rc::get_mut(&mut l) {
                Some(l) => l.take_tail(),
                None => return,
            },
            _ => return,
        };
    }
}

/// Elements per chunk, as in Clojure.
pub const CHUNK: usize = 32;

impl Seq {
    pub fn type_name(&self) -> &'static str {
        match self {
            Seq::Cons { .. } => "clojure.lang.Cons",
            Seq::Vector { .. } => "clojure.lang.PersistentVector$ChunkedSeq",
            Seq::Array { .. } => "clojure.lang.ArraySeq",
            Seq::Chunk { .. } => "clojure.lang.ChunkedCons",
            Seq::Range { .. } => "clojure.lang.LongRange",
            Seq::Repeat { .. } => "clojure.lang.Repeat",
            Seq::Iterate { .. } => "clojure.lang.Iterate",
        }
    }

    pub fn meta(&self) -> Option<&Value> {
        match self {
            Seq::Cons { meta, .. }
            | Seq::Vector { meta, .. }
            | Seq::Array { meta, .. }
            | Seq::Chunk { meta, .. }
            | Seq::Range { meta, .. }
            | Seq::Iterate { meta, .. }
            | Seq::Repeat { meta, .. } => meta.as_ref(),
        }
    }

    pub fn with_meta(&self, m: Option<Value>) -> Seq {
        let mut s = self.clone();
        match &mut s {
            Seq::Cons { meta, .. }
            | Seq::Vector { meta, .. }
            | Seq::Array { meta, .. }
            | Seq::Chunk { meta, .. }
            | Seq::Range { meta, .. }
            | Seq::Iterate { meta, .. }
            | Seq::Repeat { meta, .. } => *meta = m,
        }
        s
    }

    /// The element count when it is known without walking (`counted?`): vector and array
    /// cursors, ranges and finite repeats.
    pub fn known_count(&self) -> Option<usize> {
        match self {
            Seq::Vector { vec, at, .. } => Some(vec.len() - at),
            Seq::Array { items, at, .. } => Some(items.len() - at),
            // `(range)` is the range up to `i64::MAX` by 1: infinite, as far as counting goes.
            Seq::Range {
                end: i64::MAX,
                step: 1,
                ..
            } => None,
            Seq::Range {
                start, end, step, ..
            } => Some(range_len(*start, *end, *step)),
            Seq::Repeat { left: Some(n), .. } => Some(*n as usize),
            _ => None,
        }
    }

    /// Is this seq chunked (`chunked-seq?`)?
    pub fn is_chunked(&self) -> bool {
        matches!(
            self,
            Seq::Vector { .. } | Seq::Chunk { .. } | Seq::Range { .. }
        )
    }
}

/// The number of elements of a non-empty long range.
pub fn range_len(start: i64, end: i64, step: i64) -> usize {
    let span = (end as i128 - start as i128).unsigned_abs();
    let step = (step as i128).unsigned_abs();
    span.div_ceil(step) as usize
}

/// `(range start end step)` over longs as a seq: nil when empty; step 0 repeats `start`
/// forever when the range is not empty, as Clojure's `range` does.
pub fn long_range(start: i64, end: i64, step: i64) -> Value {
    let nonempty = match step.signum() {
        1 => start < end,
        -1 => start > end,
        _ => start != end,
    };
    if !nonempty {
        return Value::Nil;
    }
    if step == 0 {
        return Value::Seq(Rc::new(Seq::Repeat {
            x: Value::Long(start),
            left: None,
            meta: None,
        }));
    }
    Value::Seq(Rc::new(Seq::Range {
        start,
        end,
        step,
        meta: None,
    }))
}

/// The first chunk of a chunked seq and the seqable after it (`chunk-first`/`chunk-rest`).
pub fn chunk_split(s: &Seq) -> Option<(Rc<[Value]>, Value)> {
    Some(match s {
        Seq::Vector { vec, at, .. } => {
            // Up to the end of the vector's leaf holding `at` (32 elements when aligned).
            let items: Rc<[Value]> = vec.items.chunk_from(*at).into();
            let end = at + items.len();
            let rest = if end < vec.len() {
                Value::Seq(Rc::new(Seq::Vector {
                    vec: vec.clone(),
                    at: end,
                    meta: None,
                }))
            } else {
                Value::Nil
            };
            (items, rest)
        }
        Seq::Chunk {
            items, at, more, ..
        } => (items[*at..].into(), more.clone()),
        Seq::Range {
            start, end, step, ..
        } => {
            let n = range_len(*start, *end, *step).min(CHUNK);
            let items: Rc<[Value]> = (0..n as i64)
                .map(|i| Value::Long(start + i * step))
                .collect();
            let next = start + n as i64 * step;
            (items, long_range(next, *end, *step))
        }
        _ => return None,
    })
}

/// `(iterate f x)`.
pub fn iterate(f: Value, x: Value) -> Value {
    Value::Seq(Rc::new(Seq::Iterate {
        f,
        x,
        next: RefCell::new(None),
        meta: None,
    }))
}

/// `(chunk-cons chunk more)`: the chunk's elements, then `more`.
pub fn chunk_cons(items: Rc<[Value]>, more: Value) -> Value {
    if items.is_empty() {
        return more;
    }
    Value::Seq(Rc::new(Seq::Chunk {
        items,
        at: 0,
        more,
        meta: None,
    }))
}

fn chars_seq(s: &str) -> Value {
    if s.is_empty() {
        return Value::Nil;
    }
    let items: Rc<[Value]> = s.chars().map(Value::Char).collect();
    Value::Seq(Rc::new(Seq::Array {
        items,
        at: 0,
        meta: None,
    }))
}

/// `(seq x)`: a non-empty seq over `x`, or nil.
pub fn seq(v: &Value) -> Result<Value, Throw> {
    Ok(match v {
        Value::Nil => Value::Nil,
        Value::List(l) if l.is_empty() => Value::Nil,
        Value::List(_) => v.clone(),
        Value::Vector(vec) if vec.is_empty() => Value::Nil,
        Value::Vector(vec) => Value::Seq(Rc::new(Seq::Vector {
            vec: vec.clone(),
            at: 0,
            meta: None,
        })),
        Value::Map(m) if m.is_empty() => Value::Nil,
        Value::Map(m) => {
            let items: Rc<[Value]> = m
                .entries()
                .into_iter()
                .map(|(k, v)| Value::Vector(Rc::new(Vector::from_vec(vec![k, v]))))
                .collect();
            Value::Seq(Rc::new(Seq::Array {
                items,
                at: 0,
                meta: None,
            }))
        }
        Value::Set(s) if s.is_empty() => Value::Nil,
        Value::Set(s) => {
            let items: Rc<[Value]> = s.items().into();
            Value::Seq(Rc::new(Seq::Array {
                items,
                at: 0,
                meta: None,
            }))
        }
        Value::Str(s) => chars_seq(s),
        Value::Obj(o) if matches!(&**o, super::obj::Obj::Sorted(_)) => {
            let super::obj::Obj::Sorted(s) = &**o else {
                unreachable!()
            };
            if s.entries.is_empty() {
                return Ok(Value::Nil);
            }
            let items: Rc<[Value]> = s
                .entries
                .iter()
                .map(|(k, v)| {
                    if s.is_map {
                        Value::Vector(Rc::new(Vector::from_vec(vec![k.clone(), v.clone()])))
                    } else {
                        k.clone()
                    }
                })
                .collect();
            Value::Seq(Rc::new(Seq::Array {
                items,
                at: 0,
                meta: None,
            }))
        }
        Value::Seq(_) => v.clone(),
        Value::LazySeq(l) => l.realize()?,
        _ => {
            return Err(Throw::illegal_argument(format!(
                "Don't know how to create ISeq from: {}",
                v.type_name()
            )));
        }
    })
}

/// `(first x)`.
pub fn first(v: &Value) -> Result<Value, Throw> {
    let s = seq(v)?;
    Ok(match &s {
        Value::Nil => Value::Nil,
        Value::List(l) => l.first().cloned().unwrap_or(Value::Nil),
        Value::Seq(s) => match &**s {
            Seq::Cons { first, .. } => first.clone(),
            Seq::Vector { vec, at, .. } => vec.get(*at).cloned().unwrap_or(Value::Nil),
            Seq::Array { items, at, .. } | Seq::Chunk { items, at, .. } => items[*at].clone(),
            Seq::Range { start, .. } => Value::Long(*start),
            Seq::Repeat { x, .. } | Seq::Iterate { x, .. } => x.clone(),
        },
        _ => Value::Nil,
    })
}

/// `(next x)`: the rest as a seq, or nil.
pub fn next(v: &Value) -> Result<Value, Throw> {
    let r = rest(v)?;
    seq(&r)
}

/// `(rest x)`: never nil (the empty list at the end).
pub fn rest(v: &Value) -> Result<Value, Throw> {
    let s = seq(v)?;
    let empty = || Value::List(Rc::new(List::default()));
    Ok(match &s {
        Value::Nil => empty(),
        Value::List(l) => Value::List(Rc::new(l.rest())),
        Value::Seq(s) => match &**s {
            Seq::Cons { rest, .. } => rest.clone(),
            Seq::Vector { vec, at, .. } if at + 1 < vec.len() => Value::Seq(Rc::new(Seq::Vector {
                vec: vec.clone(),
                at: at + 1,
                meta: None,
            })),
            Seq::Array { items, at, .. } if at + 1 < items.len() => {
                Value::Seq(Rc::new(Seq::Array {
                    items: items.clone(),
                    at: at + 1,
                    meta: None,
                }))
            }
            Seq::Chunk {
                items, at, more, ..
            } => {
                if at + 1 < items.len() {
                    Value::Seq(Rc::new(Seq::Chunk {
                        items: items.clone(),
                        at: at + 1,
                        more: more.clone(),
                        meta: None,
                    }))
                } else if more.is_nil() {
                    empty()
                } else {
                    more.clone()
                }
            }
            Seq::Range {
                start, end, step, ..
            } => match start.checked_add(*step) {
                Some(next) => match long_range(next, *end, *step) {
                    Value::Nil => empty(),
                    r => r,
                },
                None => empty(),
            },
            Seq::Iterate { f, x, next, .. } => {
                if let Some(n) = next.borrow().clone() {
                    return Ok(n);
                }
                let y = current(|interp| interp.apply(f, std::slice::from_ref(x)))?;
                let n = iterate(f.clone(), y);
                *next.borrow_mut() = Some(n.clone());
                n
            }
            Seq::Repeat { left: None, .. } => Value::Seq(s.clone()),
            Seq::Repeat {
                x, left: Some(n), ..
            } if *n > 1 => Value::Seq(Rc::new(Seq::Repeat {
                x: x.clone(),
                left: Some(n - 1),
                meta: None,
            })),
            _ => empty(),
        },
        _ => empty(),
    })
}

/// `(cons x coll)`.
pub fn cons(x: Value, coll: Value) -> Value {
    match &coll {
        Value::List(l) => Value::List(Rc::new(List {
            meta: None,
            ..l.cons(x)
        })),
        Value::Nil => Value::List(Rc::new(List::from_vec(vec![x]))),
        _ => Value::Seq(Rc::new(Seq::Cons {
            first: x,
            rest: coll,
            meta: None,
        })),
    }
}

/// Iterates any seqable, realizing lazy parts; stops (and remembers it) on an exception.
/// Cursors (vector and array seqs, chunks, ranges, repeats) are walked in place with an
/// offset, without allocating a cursor per element.
pub struct SeqIter {
    cur: Value,
    /// Elements of the cursor in `cur` already returned.
    off: usize,
    /// `cur`'s first element was returned: step to its rest before the next element (only
    /// then, so taking element n never computes element n + 1, as in Clojure's `nth`).
    advance: bool,
    error: Option<Throw>,
    /// Elements returned since the last count against the budgets.
    walked: u32,
}

impl SeqIter {
    pub fn new(v: &Value) -> SeqIter {
        SeqIter {
            cur: v.clone(),
            off: 0,
            advance: false,
            error: None,
            walked: 0,
        }
    }

    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    pub fn take_error(&mut self) -> Option<Throw> {
        self.error.take()
    }

    /// Counts the remaining elements (without keeping them), or the exception met.
    pub fn try_count(mut self) -> Result<i64, Throw> {
        let mut n = 0i64;
        for _ in self.by_ref() {
            n += 1;
        }
        match self.take_error() {
            Some(e) => Err(e),
            None => Ok(n),
        }
    }

    /// The next element of the cursor in `cur`: `Some(Some(x))`, `Some(None)` when the
    /// cursor is done (and `cur` moved on), `None` when `cur` is not a cursor.
    fn cursor_next(&mut self) -> Option<Option<Value>> {
        let Value::Seq(s) = &self.cur else {
            return None;
        };
        let s = s.clone();
        let i = self.off;
        let found = match &*s {
            Seq::Vector { vec, at, .. } => vec.get(at + i).cloned(),
            Seq::Array { items, at, .. } => items.get(at + i).cloned(),
            Seq::Chunk {
                items, at, more, ..
            } => match items.get(at + i) {
                Some(x) => Some(x.clone()),
                None => {
                    self.cur = more.clone();
                    self.off = 0;
                    return Some(None);
                }
            },
            Seq::Range {
                start, end, step, ..
            } => (i < range_len(*start, *end, *step)).then(|| Value::Long(start + i as i64 * step)),
            Seq::Repeat { x, left, .. } => left.is_none_or(|n| (i as i64) < n).then(|| x.clone()),
            Seq::Cons { .. } | Seq::Iterate { .. } => return None,
        };
        match found {
            Some(x) => {
                self.off += 1;
                Some(Some(x))
            }
            None => {
                self.cur = Value::Nil;
                self.off = 0;
                Some(None)
            }
        }
    }
}

/// One generic step of [`SeqIter`].
enum IterStep {
    Item(Value),
    /// `cur` is now a cursor: walk it in place.
    Cursor,
    End,
}

/// Elements a [`SeqIter`] walks between two counts against the active runtime's budgets.
const TICK_EVERY: u32 = 1024;

impl Iterator for SeqIter {
    type Item = Value;

    /// The next element. Every [`TICK_EVERY`] elements the walk counts against the active
    /// runtime's budgets, so a native loop over an infinite seq (`(count (range))`,
    /// `(vec (range))`, `(last (iterate inc 0))`) stops at the deadline or an interrupt
    /// with the exception the VM would throw, kept as this iterator's error.
    #[inline]
    fn next(&mut self) -> Option<Value> {
        let x = self.step()?;
        self.walked += 1;
        if self.walked == TICK_EVERY {
            self.walked = 0;
            if let Err(e) = crate::vm::tick_active(u64::from(TICK_EVERY)) {
                self.error = Some(e);
                return None;
            }
        }
        Some(x)
    }
}

impl SeqIter {
    fn step(&mut self) -> Option<Value> {
        loop {
            if self.error.is_some() {
                return None;
            }
            match self.cursor_next() {
                Some(Some(x)) => return Some(x),
                Some(None) => continue,
                None => {}
            }
            let step = (|| -> Result<IterStep, Throw> {
                if self.advance {
                    self.cur = rest(&self.cur)?;
                    self.advance = false;
                }
                let s = seq(&self.cur)?;
                if s.is_nil() {
                    return Ok(IterStep::End);
                }
                if matches!(&s, Value::Seq(q) if !matches!(**q, Seq::Cons { .. } | Seq::Iterate { .. }))
                {
                    self.cur = s;
                    self.off = 0;
                    return Ok(IterStep::Cursor);
                }
                let f = first(&s)?;
                self.cur = s;
                self.advance = true;
                Ok(IterStep::Item(f))
            })();
            match step {
                Ok(IterStep::Item(x)) => return Some(x),
                Ok(IterStep::Cursor) => continue,
                Ok(IterStep::End) => return None,
                Err(e) => {
                    self.error = Some(e);
                    return None;
                }
            }
        }
    }
}

/// All elements of a seqable, or the exception met while realizing it.
pub fn to_vec(v: &Value) -> Result<Vec<Value>, Throw> {
    match v {
        Value::Vector(vec) => return Ok(vec.iter().cloned().collect()),
        Value::List(l) => return Ok(l.iter().cloned().collect()),
        _ => {}
    }
    let mut it = SeqIter::new(v);
    let items: Vec<Value> = it.by_ref().collect();
    match it.take_error() {
        Some(e) => Err(e),
        None => Ok(items),
    }
}

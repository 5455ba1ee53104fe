//! Seqs: the `ISeq` side of collections — cons cells, cursors over vectors and arrays, and
//! lazy seqs — and the `seq`/`first`/`rest` functions every collection answers.
//!
//! Lazy seqs call their thunk through the thread's active interpreter ([`crate::vm::current`]);
//! an exception while realizing is returned as `Err`.

use std::cell::RefCell;
use std::rc::Rc;

use super::Value;
use super::coll::{List, Vector};
use crate::vm::{Throw, current};

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
}

impl Seq {
    pub fn type_name(&self) -> &'static str {
        match self {
            Seq::Cons { .. } => "clojure.lang.Cons",
            Seq::Vector { .. } => "clojure.lang.PersistentVector$ChunkedSeq",
            Seq::Array { .. } => "clojure.lang.ArraySeq",
        }
    }

    pub fn meta(&self) -> Option<&Value> {
        match self {
            Seq::Cons { meta, .. } | Seq::Vector { meta, .. } | Seq::Array { meta, .. } => {
                meta.as_ref()
            }
        }
    }

    pub fn with_meta(&self, m: Option<Value>) -> Seq {
        let mut s = self.clone();
        match &mut s {
            Seq::Cons { meta, .. } | Seq::Vector { meta, .. } | Seq::Array { meta, .. } => {
                *meta = m
            }
        }
        s
    }
}

/// A seq whose contents are computed on first use.
pub struct LazySeq {
    state: RefCell<LazyState>,
}

enum LazyState {
    /// Not realized: the thunk to call.
    Pending(Value),
    /// Being realized (a re-entrant `seq` on itself sees nil, as in Clojure).
    Realizing,
    /// Realized: a seq or nil.
    Done(Value),
}

impl LazySeq {
    pub fn new(thunk: Value) -> LazySeq {
        LazySeq {
            state: RefCell::new(LazyState::Pending(thunk)),
        }
    }

    pub fn is_realized(&self) -> bool {
        matches!(*self.state.borrow(), LazyState::Done(_))
    }

    /// Realizes the seq: the thunk's result, itself turned into a seq (or nil).
    pub fn realize(&self) -> Result<Value, Throw> {
        let thunk = {
            let mut state = self.state.borrow_mut();
            match &*state {
                LazyState::Done(v) => return Ok(v.clone()),
                LazyState::Realizing => return Ok(Value::Nil),
                LazyState::Pending(f) => {
                    let f = f.clone();
                    *state = LazyState::Realizing;
                    f
                }
            }
        };
        let result = current(|interp| interp.apply(&thunk, &[])).and_then(|v| seq(&v));
        let mut state = self.state.borrow_mut();
        match result {
            Ok(s) => {
                *state = LazyState::Done(s.clone());
                Ok(s)
            }
            Err(e) => {
                *state = LazyState::Pending(thunk);
                Err(e)
            }
        }
    }

    /// For the cycle collector: the value this lazy seq holds.
    pub fn held(&self) -> Option<Value> {
        match &*self.state.borrow() {
            LazyState::Pending(v) | LazyState::Done(v) => Some(v.clone()),
            LazyState::Realizing => None,
        }
    }
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
            Seq::Array { items, at, .. } => items[*at].clone(),
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
pub struct SeqIter {
    cur: Value,
    error: Option<Throw>,
}

impl SeqIter {
    pub fn new(v: &Value) -> SeqIter {
        SeqIter {
            cur: v.clone(),
            error: None,
        }
    }

    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    pub fn take_error(&mut self) -> Option<Throw> {
        self.error.take()
    }
}

impl Iterator for SeqIter {
    type Item = Value;

    fn next(&mut self) -> Option<Value> {
        if self.error.is_some() {
            return None;
        }
        // Fast paths that avoid allocating a cursor per element.
        let step = (|| -> Result<Option<Value>, Throw> {
            let s = seq(&self.cur)?;
            if s.is_nil() {
                return Ok(None);
            }
            let f = first(&s)?;
            self.cur = rest(&s)?;
            Ok(Some(f))
        })();
        match step {
            Ok(v) => v,
            Err(e) => {
                self.error = Some(e);
                None
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

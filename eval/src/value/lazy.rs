//! Lazy seqs: a thunk (`lazy-seq`) or a native step (`take`, `map`) realized once, on first
//! use, through the thread's active interpreter ([`crate::vm::current`]); an exception while
//! realizing is returned as `Err` and leaves the seq unrealized.

use std::cell::RefCell;
use std::rc::Rc;

use super::Value;
use super::seq::{chunk_cons, chunk_split, cons, first, rest, seq};
use crate::vm::{Throw, current};

/// A seq whose contents are computed on first use.
pub struct LazySeq {
    state: RefCell<LazyState>,
}

enum LazyState {
    /// Not realized: the thunk to call.
    Pending(Value),
    /// Not realized: a step computed in Rust (`take`, `map`), no thunk to run.
    Step(Box<Step>),
    /// Being realized (a re-entrant `seq` on itself sees nil, as in Clojure).
    Realizing,
    /// Realized: a seq or nil.
    Done(Value),
}

impl LazySeq {
    /// What this lazy seq links to — its realized seq, or the source a native step would
    /// read — taken out for [`super::seq::drop_tail`].
    pub(super) fn take_tail(&mut self) -> Value {
        match std::mem::replace(self.state.get_mut(), LazyState::Realizing) {
            LazyState::Done(v) | LazyState::Pending(v) => v,
            LazyState::Step(step) => match *step {
                Step::Take { coll, .. } | Step::Map { coll, .. } => coll,
            },
            LazyState::Realizing => Value::Nil,
        }
    }
}

/// See the `Drop` of [`super::Seq`]: long realized chains are dropped in a loop.
impl Drop for LazySeq {
    fn drop(&mut self) {
        super::seq::drop_tail(self.take_tail());
    }
}

/// A lazy step computed natively: the seq it stands for, built on first use.
pub enum Step {
    /// `(take n coll)`.
    Take { n: i64, coll: Value },
    /// `(map f coll)`: a chunk at a time over chunked seqs, else one element at a time.
    Map { f: Value, coll: Value },
}

impl Step {
    fn realize(&self) -> Result<Value, Throw> {
        match self {
            Step::Take { n, coll } => {
                if *n <= 0 {
                    return Ok(Value::Nil);
                }
                let s = seq(coll)?;
                if s.is_nil() {
                    return Ok(Value::Nil);
                }
                let x = first(&s)?;
                // The last element's rest is not touched (Clojure's `take` stops there too).
                let more = if *n > 1 {
                    lazy_step(Step::Take {
                        n: n - 1,
                        coll: rest(&s)?,
                    })
                } else {
                    Value::Nil
                };
                Ok(cons(x, more))
            }
            Step::Map { f, coll } => {
                let s = seq(coll)?;
                if s.is_nil() {
                    return Ok(Value::Nil);
                }
                if let Value::Seq(q) = &s
                    && let Some((items, after)) = chunk_split(q)
                {
                    let out = current(|interp| {
                        items
                            .iter()
                            .map(|x| interp.apply(f, std::slice::from_ref(x)))
                            .collect::<Result<Rc<[Value]>, Throw>>()
                    })?;
                    let more = lazy_step(Step::Map {
                        f: f.clone(),
                        coll: after,
                    });
                    return Ok(chunk_cons(out, more));
                }
                let x = current(|interp| interp.apply(f, &[first(&s)?]))?;
                let more = lazy_step(Step::Map {
                    f: f.clone(),
                    coll: rest(&s)?,
                });
                Ok(cons(x, more))
            }
        }
    }

    fn for_each_held(&self, mut f: impl FnMut(&Value)) {
        match self {
            Step::Take { coll, .. } => f(coll),
            Step::Map { f: g, coll } => {
                f(g);
                f(coll);
            }
        }
    }
}

/// A lazy seq realized by a native step.
pub fn lazy_step(step: Step) -> Value {
    Value::LazySeq(Rc::new(LazySeq {
        state: RefCell::new(LazyState::Step(Box::new(step))),
    }))
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

    /// Realizes the seq: the thunk's (or step's) result, itself turned into a seq (or nil).
    pub fn realize(&self) -> Result<Value, Throw> {
        let pending = {
            let mut state = self.state.borrow_mut();
            match &*state {
                LazyState::Done(v) => return Ok(v.clone()),
                LazyState::Realizing => return Ok(Value::Nil),
                LazyState::Pending(_) | LazyState::Step(_) => {
                    std::mem::replace(&mut *state, LazyState::Realizing)
                }
            }
        };
        let result = match &pending {
            LazyState::Pending(thunk) => {
                current(|interp| interp.apply(thunk, &[])).and_then(|v| seq(&v))
            }
            LazyState::Step(step) => step.realize().and_then(|v| seq(&v)),
            _ => unreachable!("only pending states are realized"),
        };
        let mut state = self.state.borrow_mut();
        match result {
            Ok(s) => {
                *state = LazyState::Done(s.clone());
                Ok(s)
            }
            Err(e) => {
                *state = pending;
                Err(e)
            }
        }
    }

    /// For start-up images: `(false, thunk)` while pending, `(true, seq)` once realized;
    /// `None` while realizing or when a native step would realize it (images cannot hold
    /// those).
    pub fn image_state(&self) -> Option<(bool, Value)> {
        match &*self.state.borrow() {
            LazyState::Pending(thunk) => Some((false, thunk.clone())),
            LazyState::Done(s) => Some((true, s.clone())),
            LazyState::Step(_) | LazyState::Realizing => None,
        }
    }

    /// Restores a state given by [`LazySeq::image_state`].
    pub fn set_image_state(&self, realized: bool, v: Value) {
        *self.state.borrow_mut() = if realized {
            LazyState::Done(v)
        } else {
            LazyState::Pending(v)
        };
    }

    /// For the cycle collector: the values this lazy seq holds.
    pub fn for_each_held(&self, mut f: impl FnMut(&Value)) {
        match &*self.state.borrow() {
            LazyState::Pending(v) | LazyState::Done(v) => f(v),
            LazyState::Step(step) => step.for_each_held(f),
            LazyState::Realizing => {}
        }
    }
}

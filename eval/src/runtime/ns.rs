//! Namespaces, vars and atoms: the mutable cells of the runtime.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use crate::value::{Symbol, Value};

/// A var: a named, mutable root value, optionally dynamic (rebindable per thread with
/// `binding`), with metadata (`:doc`, `:arglists`, `:macro`, `:private`, …).
pub struct Var {
    pub ns: Rc<str>,
    pub name: Rc<str>,
    root: RefCell<Option<Value>>,
    pub dynamic: Cell<bool>,
    pub macro_: Cell<bool>,
    pub private: Cell<bool>,
    pub meta: RefCell<Option<Value>>,
}

impl Var {
    pub fn new(ns: &str, name: &str) -> Var {
        Var {
            ns: Rc::from(ns),
            name: Rc::from(name),
            root: RefCell::new(None),
            dynamic: Cell::new(false),
            macro_: Cell::new(false),
            private: Cell::new(false),
            meta: RefCell::new(None),
        }
    }

    pub fn full_name(&self) -> String {
        format!("{}/{}", self.ns, self.name)
    }

    /// The root value, or `None` when unbound.
    pub fn root(&self) -> Option<Value> {
        self.root.borrow().clone()
    }

    /// The root value of a var that is not dynamic (the VM's fast path for reading a var);
    /// `None` for a dynamic or unbound var.
    #[inline]
    pub fn static_root(&self) -> Option<Value> {
        if self.dynamic.get() {
            return None;
        }
        self.root.borrow().clone()
    }

    /// `f` of the root, borrowed in place, when the var is not dynamic and its root is a
    /// map; `None` otherwise. `f` must not run dialect code (it could redefine the var).
    #[inline]
    pub fn map_root<R>(&self, f: impl FnOnce(&crate::value::Map) -> R) -> Option<R> {
        if self.dynamic.get() {
            return None;
        }
        match &*self.root.borrow() {
            Some(Value::Map(m)) => Some(f(m)),
            _ => None,
        }
    }

    /// `f` of the root, borrowed in place, when the var is not dynamic; `None` otherwise.
    /// `f` must not run dialect code (it could redefine the var).
    #[inline]
    pub fn with_static_root<R>(&self, f: impl FnOnce(Option<&Value>) -> R) -> Option<R> {
        if self.dynamic.get() {
            return None;
        }
        Some(f(self.root.borrow().as_ref()))
    }

    pub fn is_bound(&self) -> bool {
        self.root.borrow().is_some()
    }

    pub fn set_root(&self, v: Value) {
        *self.root.borrow_mut() = Some(v);
    }
}

/// A namespace: interned vars, aliases to other namespaces, and referred vars.
pub struct Namespace {
    name: Rc<str>,
    pub vars: RefCell<HashMap<Rc<str>, Rc<Var>>>,
    pub refers: RefCell<HashMap<Rc<str>, Rc<Var>>>,
    pub aliases: RefCell<HashMap<Rc<str>, Rc<Namespace>>>,
    /// Host classes imported by `(:import …)`, by short name.
    pub imports: RefCell<HashMap<Rc<str>, Rc<str>>>,
}

impl Namespace {
    pub fn new(name: &str) -> Namespace {
        Namespace {
            name: Rc::from(name),
            vars: RefCell::default(),
            refers: RefCell::default(),
            aliases: RefCell::default(),
            imports: RefCell::default(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The var named `name` in this namespace, created unbound if missing.
    pub fn intern(&self, name: &str) -> Rc<Var> {
        if let Some(v) = self.vars.borrow().get(name) {
            return v.clone();
        }
        let var = Rc::new(Var::new(&self.name, name));
        self.vars.borrow_mut().insert(Rc::from(name), var.clone());
        var
    }

    /// A var interned here or referred into here.
    pub fn lookup(&self, name: &str) -> Option<Rc<Var>> {
        if let Some(v) = self.vars.borrow().get(name) {
            return Some(v.clone());
        }
        self.refers.borrow().get(name).cloned()
    }

    pub fn refer(&self, name: &str, var: Rc<Var>) {
        self.refers.borrow_mut().insert(Rc::from(name), var);
    }

    pub fn add_alias(&self, alias: &str, ns: Rc<Namespace>) {
        self.aliases.borrow_mut().insert(Rc::from(alias), ns);
    }

    pub fn alias(&self, alias: &str) -> Option<Rc<Namespace>> {
        self.aliases.borrow().get(alias).cloned()
    }

    /// The symbol naming this namespace.
    pub fn symbol(&self) -> Symbol {
        Symbol::new(None, &self.name)
    }
}

/// An atom: a mutable reference with compare-and-set semantics, watches and a validator.
pub struct Atom {
    value: RefCell<Value>,
    pub validator: RefCell<Option<Value>>,
    pub watches: RefCell<Vec<(Value, Value)>>,
    pub meta: RefCell<Option<Value>>,
}

impl Atom {
    pub fn new(v: Value) -> Atom {
        Atom {
            value: RefCell::new(v),
            validator: RefCell::new(None),
            watches: RefCell::new(Vec::new()),
            meta: RefCell::new(None),
        }
    }

    pub fn deref(&self) -> Value {
        self.value.borrow().clone()
    }

    /// `f` of the value, borrowed in place (no clone). `f` must not touch the atom.
    pub fn with_value<R>(&self, f: impl FnOnce(&Value) -> R) -> R {
        f(&self.value.borrow())
    }

    /// Replaces the value, returning the old one.
    pub fn reset(&self, v: Value) -> Value {
        std::mem::replace(&mut *self.value.borrow_mut(), v)
    }
}

/// A delay: a thunk run at most once, on first `force`/`deref`.
pub struct Delay {
    state: RefCell<DelayState>,
}

enum DelayState {
    Pending(Value),
    Running,
    Done(Value),
}

impl Delay {
    pub fn new(thunk: Value) -> Delay {
        Delay {
            state: RefCell::new(DelayState::Pending(thunk)),
        }
    }

    pub fn is_realized(&self) -> bool {
        matches!(*self.state.borrow(), DelayState::Done(_))
    }

    /// For the cycle collector: the thunk or the value this delay holds.
    pub fn held(&self) -> Option<Value> {
        match &*self.state.borrow() {
            DelayState::Pending(v) | DelayState::Done(v) => Some(v.clone()),
            DelayState::Running => None,
        }
    }

    /// The value, computing it on first use with `call` (an exception leaves it pending).
    pub fn force(
        &self,
        call: impl FnOnce(&Value) -> Result<Value, crate::vm::Throw>,
    ) -> Result<Value, crate::vm::Throw> {
        let thunk = {
            let mut state = self.state.borrow_mut();
            match &*state {
                DelayState::Done(v) => return Ok(v.clone()),
                DelayState::Running => {
                    return Err(crate::vm::Throw::illegal_state(
                        "delay forced while it is being computed",
                    ));
                }
                DelayState::Pending(f) => {
                    let f = f.clone();
                    *state = DelayState::Running;
                    f
                }
            }
        };
        let result = call(&thunk);
        *self.state.borrow_mut() = match &result {
            Ok(v) => DelayState::Done(v.clone()),
            Err(_) => DelayState::Pending(thunk),
        };
        result
    }

    /// The computed value, if any (for printing).
    pub fn peek(&self) -> Option<Value> {
        match &*self.state.borrow() {
            DelayState::Done(v) => Some(v.clone()),
            _ => None,
        }
    }
}

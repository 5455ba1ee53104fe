//! Special forms: `quote`, `if`, `do`, `def`, `let*`, `loop*`, `recur`, `fn*`, `letfn*`,
//! `var`, `throw`, `try`/`catch`/`finally`, `set!`.

use std::rc::Rc;

use super::{Compiler, LoopTarget};
use crate::chunk::Op;
use crate::value::{Value, seq};
use crate::vm::{ExClass, Throw};

impl Compiler<'_> {
    /// `Some(result)` when `name` is a special form.
    pub(super) fn compile_special(
        &mut self,
        name: &str,
        form: &Value,
        items: &[Value],
        tail: bool,
    ) -> Option<Result<(), Throw>> {
        Some(match name {
            "quote" => self.quote(items),
            "if" => self.if_(items, tail),
            "do" => self.compile_body(&items[1..], tail),
            "def" => self.def(items),
            "let*" => self.let_(items, tail, false),
            "loop*" => self.let_(items, tail, true),
            "recur" => self.recur(items, tail),
            "fn*" => self.compile_fn(form, items),
            "letfn*" => self.letfn(items, tail),
            "var" => self.var(items),
            "throw" => self.throw(items),
            "try" => self.try_(items),
            "set!" => self.set(items),
            _ => return None,
        })
    }

    fn quote(&mut self, items: &[Value]) -> Result<(), Throw> {
        if items.len() != 2 {
            return Err(self.error("Wrong number of args passed to quote"));
        }
        let v = items[1].clone();
        match v {
            Value::Nil => self.emit(Op::Nil),
            v => {
                let k = self.constant(v);
                self.emit(Op::Const(k))
            }
        };
        Ok(())
    }

    fn if_(&mut self, items: &[Value], tail: bool) -> Result<(), Throw> {
        match items.len() {
            3 | 4 => {}
            n if n < 3 => return Err(self.error("Too few arguments to if")),
            _ => return Err(self.error("Too many arguments to if")),
        }
        self.compile(&items[1], false)?;
        let to_else = self.emit(Op::JumpIfFalse(0));
        self.compile(&items[2], tail)?;
        let to_end = self.emit(Op::Jump(0));
        let else_at = self.here();
        self.patch(to_else, else_at);
        match items.get(3) {
            Some(e) => self.compile(e, tail)?,
            None => {
                self.emit(Op::Nil);
            }
        }
        let end = self.here();
        self.patch(to_end, end);
        Ok(())
    }

    fn def(&mut self, items: &[Value]) -> Result<(), Throw> {
        let Some(Value::Symbol(name)) = items.get(1) else {
            return Err(self.error("First argument to def must be a Symbol"));
        };
        let ns = self.interp.current_ns();
        if name.ns().is_some_and(|n| n != ns.name()) {
            return Err(self.error("Can't create defs outside of current ns"));
        }
        let var = ns.intern(name.name());
        let mut meta = name.meta().cloned();
        let init = match items.len() {
            2 => None,
            3 => Some(&items[2]),
            4 => {
                if let Value::Str(doc) = &items[2] {
                    let m = match &meta {
                        Some(Value::Map(m)) => (**m).clone(),
                        _ => crate::value::Map::default(),
                    };
                    meta = Some(Value::Map(Rc::new(
                        m.assoc(Value::keyword("doc"), Value::Str(doc.clone())),
                    )));
                }
                Some(&items[3])
            }
            _ => return Err(self.error("Too many arguments to def")),
        };
        if let Some(Value::Map(m)) = &meta {
            let flag = |k: &str| m.get(&Value::keyword(k)).is_some_and(Value::truthy);
            var.dynamic.set(flag("dynamic"));
            var.private.set(flag("private"));
            if flag("macro") {
                var.macro_.set(true);
            }
        }
        *var.meta.borrow_mut() = meta;
        let k = self.constant(Value::Var(var));
        match init {
            Some(init) => {
                self.compile(init, false)?;
                self.emit(Op::Def(k));
            }
            None => {
                self.emit(Op::VarObj(k));
            }
        }
        Ok(())
    }

    /// `let*` and `loop*`: bindings in fresh slots, then the body; slots are released after.
    fn let_(&mut self, items: &[Value], tail: bool, is_loop: bool) -> Result<(), Throw> {
        let Some(Value::Vector(bindings)) = items.get(1) else {
            return Err(self.error(format!(
                "{} requires a vector for its binding",
                if is_loop { "loop*" } else { "let*" }
            )));
        };
        let bindings: Vec<Value> = bindings.iter().cloned().collect();
        if bindings.len() % 2 == 1 {
            return Err(self.error("let* requires an even number of forms in binding vector"));
        }
        let saved_locals = self.cur().locals.len();
        let saved_slot = self.cur().next_slot;
        let saved_loop = self.cur().loop_target;
        let first = self.cur().next_slot;
        for pair in bindings.chunks(2) {
            let Value::Symbol(name) = &pair[0] else {
                return Err(self.error(format!("Unsupported binding form: {:?}", pair[0])));
            };
            if name.ns().is_some() {
                return Err(self.error(format!("Can't let qualified name: {}", name.full_name())));
            }
            self.compile(&pair[1], false)?;
            let slot = self.alloc_slot();
            self.emit(Op::SetLocal(slot));
            self.bind_local(name.name(), slot, false);
        }
        if is_loop {
            let target = self.here();
            self.cur().loop_target = Some(LoopTarget {
                first,
                n: (bindings.len() / 2) as u16,
                target,
            });
        }
        let r = self.compile_body(&items[2..], tail || is_loop);
        let a = self.cur();
        a.locals.truncate(saved_locals);
        a.next_slot = saved_slot;
        a.loop_target = saved_loop;
        r
    }

    fn recur(&mut self, items: &[Value], tail: bool) -> Result<(), Throw> {
        if !tail {
            return Err(self.error_as(
                ExClass::UnsupportedOperation,
                "Can only recur from tail position",
            ));
        }
        let Some(target) = self.cur().loop_target else {
            return Err(self.error_as(
                ExClass::UnsupportedOperation,
                "Can only recur from tail position",
            ));
        };
        let args = &items[1..];
        if args.len() != target.n as usize {
            return Err(self.error_as(
                ExClass::IllegalArgument,
                format!(
                    "Mismatched argument count to recur, expected: {} args, got: {}",
                    target.n,
                    args.len()
                ),
            ));
        }
        for a in args {
            self.compile(a, false)?;
        }
        self.emit(Op::Recur {
            first: target.first,
            n: target.n,
            target: target.target,
        });
        // Never reached; keeps the stack discipline of "one value per form".
        self.emit(Op::Nil);
        Ok(())
    }

    fn letfn(&mut self, items: &[Value], tail: bool) -> Result<(), Throw> {
        let Some(Value::Vector(bindings)) = items.get(1) else {
            return Err(self.error("letfn* requires a vector for its binding"));
        };
        let bindings: Vec<Value> = bindings.iter().cloned().collect();
        let saved_locals = self.cur().locals.len();
        let saved_slot = self.cur().next_slot;
        let mut slots = Vec::new();
        for pair in bindings.chunks(2) {
            let Value::Symbol(name) = &pair[0] else {
                return Err(self.error("letfn* binding names must be symbols"));
            };
            self.emit(Op::CellNew);
            let slot = self.alloc_slot();
            self.emit(Op::SetLocal(slot));
            self.bind_local(name.name(), slot, true);
            slots.push(slot);
        }
        for (pair, slot) in bindings.chunks(2).zip(slots) {
            self.emit(Op::Local(slot));
            self.compile(pair.get(1).unwrap_or(&Value::Nil), false)?;
            self.emit(Op::CellSet);
        }
        let r = self.compile_body(&items[2..], tail);
        let a = self.cur();
        a.locals.truncate(saved_locals);
        a.next_slot = saved_slot;
        r
    }

    fn var(&mut self, items: &[Value]) -> Result<(), Throw> {
        let Some(Value::Symbol(s)) = items.get(1) else {
            return Err(self.error("var requires a symbol"));
        };
        let var = self.resolve_var(s).ok_or_else(|| {
            self.error(format!(
                "Unable to resolve var: {} in this context",
                s.full_name()
            ))
        })?;
        let k = self.constant(Value::Var(var));
        self.emit(Op::VarObj(k));
        Ok(())
    }

    fn throw(&mut self, items: &[Value]) -> Result<(), Throw> {
        if items.len() != 2 {
            return Err(self
                .error("Too many arguments to throw, throw expects a single Throwable instance"));
        }
        self.compile(&items[1], false)?;
        self.emit(Op::Throw);
        Ok(())
    }

    /// `(try body… (catch Class e handler…)… (finally cleanup…))`.
    fn try_(&mut self, items: &[Value]) -> Result<(), Throw> {
        let mut body = Vec::new();
        let mut catches = Vec::new();
        let mut finally = None;
        for item in &items[1..] {
            let head = match item {
                Value::List(l) => l.first().and_then(|h| match h {
                    Value::Symbol(s) if s.ns().is_none() => Some(s.name().to_string()),
                    _ => None,
                }),
                _ => None,
            };
            match head.as_deref() {
                Some("catch") => {
                    if finally.is_some() {
                        return Err(self.error("finally clause must be last in try expression"));
                    }
                    catches.push(seq::to_vec(item)?);
                }
                Some("finally") => finally = Some(seq::to_vec(item)?),
                _ if !catches.is_empty() || finally.is_some() => {
                    return Err(self
                        .error("Only catch or finally clause can follow catch in try expression"));
                }
                _ => body.push(item.clone()),
            }
        }
        // With a finally, an outer handler runs it on the exceptional path.
        let outer = finally.as_ref().map(|_| self.emit(Op::PushHandler(0)));
        let inner = self.emit(Op::PushHandler(0));
        self.compile_body(&body, false)?;
        self.emit(Op::PopHandler);
        let mut to_end = vec![self.emit(Op::Jump(0))];
        let catch_at = self.here();
        self.patch(inner, catch_at);
        // The exception is on the stack.
        for c in &catches {
            let (Some(Value::Symbol(class)), Some(Value::Symbol(binding))) = (c.get(1), c.get(2))
            else {
                return Err(self.error("catch needs a class name and a binding symbol"));
            };
            let class_name = match ExClass::from_name(&class.full_name()) {
                Some(cl) => cl.name(),
                None if class.full_name() == "Object" => "java.lang.Throwable",
                // A host exception class kiln never throws: the clause cannot match.
                None if super::looks_like_class(&class.full_name()) => continue,
                None => {
                    return Err(self.error(format!(
                        "Unable to resolve classname: {}",
                        class.full_name()
                    )));
                }
            };
            let k = self.constant(Value::str(class_name));
            self.emit(Op::IsInstance(k));
            let next = self.emit(Op::JumpIfFalse(0));
            let saved_locals = self.cur().locals.len();
            let saved_slot = self.cur().next_slot;
            let slot = self.alloc_slot();
            self.emit(Op::SetLocal(slot));
            self.bind_local(binding.name(), slot, false);
            let r = self.compile_body(&c[3..], false);
            let a = self.cur();
            a.locals.truncate(saved_locals);
            a.next_slot = saved_slot;
            r?;
            to_end.push(self.emit(Op::Jump(0)));
            let n = self.here();
            self.patch(next, n);
        }
        // No catch matched: rethrow.
        self.emit(Op::Throw);
        let end = self.here();
        for j in to_end {
            self.patch(j, end);
        }
        if let (Some(outer), Some(fin)) = (outer, finally) {
            self.emit(Op::PopHandler);
            self.compile_body(&fin[1..], false)?;
            self.emit(Op::Pop);
            let skip = self.emit(Op::Jump(0));
            let fin_at = self.here();
            self.patch(outer, fin_at);
            // Exceptional path: keep the exception in a slot, run finally, rethrow.
            let slot = self.alloc_slot();
            self.emit(Op::SetLocal(slot));
            self.compile_body(&fin[1..], false)?;
            self.emit(Op::Pop);
            self.emit(Op::Local(slot));
            self.emit(Op::Throw);
            let done = self.here();
            self.patch(skip, done);
        }
        Ok(())
    }

    fn set(&mut self, items: &[Value]) -> Result<(), Throw> {
        let (Some(Value::Symbol(s)), Some(val)) = (items.get(1), items.get(2)) else {
            return Err(self.error("set! needs a target and a value"));
        };
        let var = self.resolve_var(s).ok_or_else(|| {
            self.error(format!(
                "Unable to resolve symbol: {} in this context",
                s.full_name()
            ))
        })?;
        let set_var = self.interp.ns("clojure.core").intern("-set-var!");
        let k = self.constant(Value::Var(set_var));
        self.emit(Op::Var(k));
        let v = self.constant(Value::Var(var));
        self.emit(Op::VarObj(v));
        self.compile(val, false)?;
        self.emit(Op::Call(2));
        Ok(())
    }
}

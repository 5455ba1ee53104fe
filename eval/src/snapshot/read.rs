//! Restoring an image: cells first (empty), then every other node on demand (memoised, so
//! shared objects stay shared), then the cells' contents and the namespaces' tables.
//!
//! The input is checked as it is used: an index out of range, a node of the wrong kind, a
//! cycle that does not pass through a cell, or bytecode that points outside its chunk is a
//! [`SnapshotError::Malformed`], never a panic.

use std::cell::RefCell;
use std::rc::Rc;

use super::SnapshotError;
use super::image::{ChunkImage, Image, Node, V};
use crate::chunk::{Arg, Chunk, Op};
use crate::runtime::Var;
use crate::value::coll::{List, Map, Set, Vector};
use crate::value::obj::{Obj, Sorted};
use crate::value::seq::{LazySeq, Seq};
use crate::value::{Keyword, Symbol, Value};
use crate::vm::{Closure, FnProto, Interp, NativeFn};

/// Nesting allowed while rebuilding (the writer refuses deeper data).
const MAX_DEPTH: usize = 4_000;

#[derive(Clone)]
enum Built {
    Value(Value),
    Proto(Rc<FnProto>),
    Chunk(Rc<Chunk>),
}

struct Reader<'a> {
    image: &'a Image,
    interp: &'a Interp,
    built: Vec<Option<Built>>,
    busy: Vec<bool>,
    depth: usize,
}

fn bad(what: impl Into<String>) -> SnapshotError {
    SnapshotError::Malformed(what.into())
}

pub fn restore(interp: &Rc<Interp>, image: &Image) -> Result<(), SnapshotError> {
    let mut r = Reader {
        image,
        interp,
        built: vec![None; image.nodes.len()],
        busy: vec![false; image.nodes.len()],
        depth: 0,
    };
    for ns in &image.namespaces {
        interp.ns(&ns.name);
    }
    // Cells exist before anything that may hold them.
    for (i, node) in image.nodes.iter().enumerate() {
        let cell = match node {
            Node::Pending => return Err(bad("an unfinished cell")),
            Node::Var { ns, name, .. } => Value::Var(Rc::new(Var::new(ns, name))),
            Node::Atom { .. } => Value::Atom(crate::gc::new_atom(Value::Nil)),
            Node::Volatile(_) => Value::Obj(Rc::new(Obj::Volatile(RefCell::new(Value::Nil)))),
            Node::Lazy { .. } => Value::LazySeq(Rc::new(LazySeq::new(Value::Nil))),
            _ => continue,
        };
        r.built[i] = Some(Built::Value(cell));
    }
    for (i, node) in image.nodes.iter().enumerate() {
        let Some(Built::Value(cell)) = r.built[i].clone() else {
            continue;
        };
        match (node, &cell) {
            (
                Node::Var {
                    dynamic,
                    macro_,
                    private,
                    root,
                    meta,
                    ..
                },
                Value::Var(var),
            ) => {
                var.dynamic.set(*dynamic);
                var.macro_.set(*macro_);
                var.private.set(*private);
                if let Some(root) = root {
                    var.set_root(r.value(root)?);
                }
                *var.meta.borrow_mut() = r.opt(meta)?;
            }
            (
                Node::Atom {
                    value,
                    validator,
                    watches,
                    meta,
                },
                Value::Atom(a),
            ) => {
                a.reset(r.value(value)?);
                *a.validator.borrow_mut() = r.opt(validator)?;
                *a.watches.borrow_mut() = r.pairs(watches)?;
                *a.meta.borrow_mut() = r.opt(meta)?;
            }
            (Node::Lazy { realized, value }, Value::LazySeq(l)) => {
                l.set_image_state(*realized, r.value(value)?);
            }
            (Node::Volatile(v), Value::Obj(o)) => {
                if let Obj::Volatile(c) = &**o {
                    *c.borrow_mut() = r.value(v)?;
                }
            }
            _ => {}
        }
    }
    for ns_image in &image.namespaces {
        let ns = interp.ns(&ns_image.name);
        {
            let mut vars = ns.vars.borrow_mut();
            for (name, id) in &ns_image.vars {
                vars.insert(Rc::from(name.as_str()), r.var(*id)?);
            }
        }
        {
            let mut refers = ns.refers.borrow_mut();
            for (name, id) in &ns_image.refers {
                refers.insert(Rc::from(name.as_str()), r.var(*id)?);
            }
        }
        for (alias, target) in &ns_image.aliases {
            ns.add_alias(alias, interp.ns(target));
        }
        let mut imports = ns.imports.borrow_mut();
        for (short, full) in &ns_image.imports {
            imports.insert(Rc::from(short.as_str()), Rc::from(full.as_str()));
        }
    }
    interp.gensym.set(image.gensym);
    interp.set_current_ns(interp.ns(&image.current_ns));
    Ok(())
}

impl Reader<'_> {
    fn var(&mut self, id: u32) -> Result<Rc<Var>, SnapshotError> {
        match self.value(&V::Node(id))? {
            Value::Var(v) => Ok(v),
            _ => Err(bad("a namespace maps a name to something other than a var")),
        }
    }

    fn opt(&mut self, v: &Option<V>) -> Result<Option<Value>, SnapshotError> {
        v.as_ref().map(|v| self.value(v)).transpose()
    }

    fn values(&mut self, vs: &[V]) -> Result<Vec<Value>, SnapshotError> {
        vs.iter().map(|v| self.value(v)).collect()
    }

    fn pairs(&mut self, ps: &[(V, V)]) -> Result<Vec<(Value, Value)>, SnapshotError> {
        ps.iter()
            .map(|(k, v)| Ok((self.value(k)?, self.value(v)?)))
            .collect()
    }

    fn value(&mut self, v: &V) -> Result<Value, SnapshotError> {
        Ok(match v {
            V::Nil => Value::Nil,
            V::Bool(b) => Value::Bool(*b),
            V::Long(n) => Value::Long(*n),
            V::Double(d) => Value::Double(*d),
            V::Char(c) => Value::Char(*c),
            V::Str(s) => Value::Str(Rc::from(s.as_str())),
            V::Keyword(ns, name) => Value::Keyword(Keyword::intern(ns.as_deref(), name)),
            V::Symbol(ns, name, meta) => {
                let meta = match meta {
                    Some(m) => Some(self.value(m)?),
                    None => None,
                };
                Value::Symbol(Symbol::new(ns.as_deref(), name).with_meta(meta))
            }
            V::Node(i) => match self.node(*i)? {
                Built::Value(v) => v,
                _ => return Err(bad("a compiled body where a value belongs")),
            },
        })
    }

    fn node(&mut self, i: u32) -> Result<Built, SnapshotError> {
        let i = i as usize;
        match self.built.get(i) {
            None => return Err(bad(format!("node {i} out of range"))),
            Some(Some(b)) => return Ok(b.clone()),
            Some(None) => {}
        }
        if self.busy[i] {
            return Err(bad("a cycle outside cells"));
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(bad("nested too deep"));
        }
        self.busy[i] = true;
        let built = self.build(&self.image.nodes[i]);
        self.busy[i] = false;
        self.depth -= 1;
        let built = built?;
        self.built[i] = Some(built.clone());
        Ok(built)
    }

    fn build(&mut self, node: &Node) -> Result<Built, SnapshotError> {
        let number = |s: &str| bad(format!("bad number {s}"));
        let v = match node {
            Node::BigInt(s) => Value::BigInt(Rc::new(s.parse().map_err(|_| number(s))?)),
            Node::Ratio(s) => Value::Ratio(Rc::new(s.parse().map_err(|_| number(s))?)),
            Node::BigDec(digits, scale) => {
                let n = digits.parse().map_err(|_| number(digits))?;
                Value::BigDec(Rc::new(bigdecimal::BigDecimal::new(n, *scale)))
            }
            Node::List(items, meta) => {
                let mut l = List::from_vec(self.values(items)?);
                l.meta = self.opt(meta)?;
                Value::List(Rc::new(l))
            }
            Node::Vector(items, meta) => {
                let mut x = Vector::from_vec(self.values(items)?);
                x.meta = self.opt(meta)?;
                Value::Vector(Rc::new(x))
            }
            Node::Map {
                array,
                entries,
                meta,
                tag,
            } => {
                let pairs = self.pairs(entries)?;
                let mut m = if *array {
                    Map::array_from_entries(pairs)
                } else {
                    Map::hash_from_pairs(pairs)
                };
                m.meta = self.opt(meta)?;
                m.tag = tag.as_deref().map(Rc::from);
                Value::Map(Rc::new(m))
            }
            Node::Set(items, meta) => {
                let mut s = Set::from_vec(self.values(items)?);
                s.meta = self.opt(meta)?;
                Value::Set(Rc::new(s))
            }
            Node::Cons { first, rest, meta } => Value::Seq(Rc::new(Seq::Cons {
                first: self.value(first)?,
                rest: self.value(rest)?,
                meta: self.opt(meta)?,
            })),
            Node::Fn {
                proto,
                captures,
                meta,
            } => {
                let Built::Proto(proto) = self.node(*proto)? else {
                    return Err(bad("a closure without a prototype"));
                };
                Value::Fn(Rc::new(Closure {
                    proto,
                    captures: Rc::from(self.values(captures)?),
                    meta: self.opt(meta)?,
                }))
            }
            Node::Proto { name, ns, arities } => {
                let mut chunks = Vec::with_capacity(arities.len());
                for a in arities {
                    let Built::Chunk(c) = self.node(*a)? else {
                        return Err(bad("a prototype arity that is not a chunk"));
                    };
                    chunks.push(c);
                }
                return Ok(Built::Proto(Rc::new(FnProto::new(
                    name.clone(),
                    Rc::from(ns.as_str()),
                    chunks,
                ))));
            }
            Node::Chunk(c) => return Ok(Built::Chunk(Rc::new(self.chunk(c)?))),
            Node::Native(i) => {
                let Some((_, name, f)) = crate::core::native_table().get(*i as usize) else {
                    return Err(bad(format!("native {i} out of range")));
                };
                Value::Native(Rc::new(NativeFn {
                    name,
                    f: *f,
                    id: *i,
                }))
            }
            Node::Reduced(x) => Value::Obj(Rc::new(Obj::Reduced(self.value(x)?))),
            Node::Instance { tag, fields } => Value::Obj(Rc::new(Obj::Instance {
                tag: Rc::from(tag.as_str()),
                fields: self.value(fields)?,
            })),
            Node::Sorted {
                is_map,
                entries,
                cmp,
                meta,
            } => Value::Obj(Rc::new(Obj::Sorted(Sorted {
                is_map: *is_map,
                entries: Rc::new(self.pairs(entries)?),
                cmp: self.opt(cmp)?,
                meta: self.opt(meta)?,
            }))),
            Node::Namespace(name) => Value::Namespace(self.interp.ns(name)),
            Node::Regex(src) => Value::Regex(Rc::new(
                fancy_regex::Regex::new(src).map_err(|_| bad(format!("bad regex {src}")))?,
            )),
            Node::Pending
            | Node::Var { .. }
            | Node::Atom { .. }
            | Node::Volatile(_)
            | Node::Lazy { .. } => {
                return Err(bad("a cell that was not created first"));
            }
        };
        Ok(Built::Value(v))
    }

    fn chunk(&mut self, c: &ChunkImage) -> Result<Chunk, SnapshotError> {
        let consts = self.values(&c.consts)?;
        let mut protos = Vec::with_capacity(c.protos.len());
        for p in &c.protos {
            let Built::Proto(p) = self.node(*p)? else {
                return Err(bad("a chunk prototype that is not a prototype"));
            };
            protos.push(p);
        }
        check_code(c, consts.len(), protos.len())?;
        Ok(Chunk {
            name: c.name.clone(),
            code: c.code.clone(),
            consts,
            protos,
            positions: c.positions.clone(),
            file: Rc::from(c.file.as_str()),
            params: c.params,
            variadic: c.variadic,
            slots: c.slots,
            tier: matches!(c.code.first(), Some(Op::Tier(_))).then(Box::default),
        })
    }
}

/// Every operand of `c`'s code stays inside its chunk: constants, prototypes, local slots
/// and jump targets (the VM indexes them without further checks).
fn check_code(c: &ChunkImage, consts: usize, protos: usize) -> Result<(), SnapshotError> {
    let len = c.code.len() as u32;
    let k = |i: u32| (i as usize) < consts;
    let slot = |n: u16| n < c.slots;
    let arg = |a: &Arg| match a {
        Arg::Local(n) => slot(*n),
        Arg::Const(i) => k(*i as u32),
    };
    let ok = c.code.iter().all(|op| match op {
        Op::Const(i) | Op::Var(i) | Op::Def(i) | Op::VarObj(i) | Op::IsInstance(i) => k(*i),
        Op::KwGet(i) => k(*i),
        Op::KwGetLocal(n, i) => slot(*n) && k(*i),
        Op::KwGetLocalTo(n, i, d) => slot(*n) && k(*i) && slot(*d),
        Op::KwGetVar(v, i) => k(*v) && k(*i),
        Op::Local(n) | Op::SetLocal(n) => slot(*n),
        Op::Closure(p, _) => (*p as usize) < protos,
        Op::Jump(t) | Op::JumpIfFalse(t) | Op::PushHandler(t) => *t <= len,
        Op::Recur { target, .. } => *target <= len,
        Op::Binary(_, a, b) => arg(a) && arg(b),
        Op::BranchUnless { a, b, target, .. } => arg(a) && arg(b) && *target <= len,
        Op::Tier(t) => c.code.get(*t as usize) == Some(&Op::Return),
        _ => true,
    });
    if ok && c.positions.len() <= c.code.len() + 1 {
        Ok(())
    } else {
        Err(bad(format!(
            "bytecode of {} points outside its chunk",
            c.name
        )))
    }
}

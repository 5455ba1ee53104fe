//! The slow paths of the dispatch loop, out of line: binary operators on any operands
//! (behind the two-longs fast paths), keywords, maps, sets and vectors called as
//! functions, and placing a var's callee below its arguments for `CallVar`.

use std::rc::Rc;

use super::{ExClass, Interp, Throw};
use crate::chunk::Bin;
use crate::value::num::{self, Op as NumOp};
use crate::value::{Value, eq, words};

/// A binary operator on any operands (the general path behind the long fast paths).
#[inline(never)]
pub(super) fn binary(bin: Bin, a: &Value, b: &Value) -> Result<Value, Throw> {
    use std::cmp::Ordering::*;
    let ord = |a: &Value, b: &Value| num::compare(a, b);
    Ok(match bin {
        Bin::Add => return num::arith(NumOp::Add, a, b, false),
        Bin::Sub => return num::arith(NumOp::Sub, a, b, false),
        Bin::Mul => return num::arith(NumOp::Mul, a, b, false),
        Bin::Mod => return num::int_div(a, b, 'm'),
        Bin::Rem => return num::int_div(a, b, 'r'),
        Bin::Eq => Value::Bool(eq::equiv(a, b)),
        Bin::Lt => Value::Bool(ord(a, b)? == Some(Less)),
        Bin::Gt => Value::Bool(ord(a, b)? == Some(Greater)),
        Bin::Le => Value::Bool(matches!(ord(a, b)?, Some(Less | Equal))),
        Bin::Ge => Value::Bool(matches!(ord(a, b)?, Some(Greater | Equal))),
        Bin::NumEq => Value::Bool(ord(a, b)? == Some(Equal)),
    })
}

/// Keywords, maps, sets and vectors as functions.
pub(super) fn apply_data(f: &Value, args: &[Value]) -> Result<Value, Throw> {
    let arity_ok = |range: std::ops::RangeInclusive<usize>| {
        if range.contains(&args.len()) {
            Ok(())
        } else {
            Err(Throw::arity(args.len(), f.type_name()))
        }
    };
    match f {
        Value::Keyword(_) => {
            arity_ok(1..=2)?;
            let found = crate::core::get(&args[0], f);
            Ok(found.or_else(|| args.get(1).cloned()).unwrap_or(Value::Nil))
        }
        Value::Map(m) => {
            arity_ok(1..=2)?;
            Ok(m.get(&args[0])
                .cloned()
                .or_else(|| args.get(1).cloned())
                .unwrap_or(Value::Nil))
        }
        Value::Set(s) => {
            arity_ok(1..=1)?;
            Ok(s.get(&args[0]).cloned().unwrap_or(Value::Nil))
        }
        Value::Vector(v) => {
            arity_ok(1..=1)?;
            match &args[0] {
                Value::Long(i) if *i >= 0 && (*i as usize) < v.len() => {
                    Ok(v.get(*i as usize).cloned().unwrap_or(Value::Nil))
                }
                Value::Long(_) => Err(Throw::new(ExClass::IndexOutOfBounds, "")),
                _ => Err(Throw::illegal_argument("Key must be integer")),
            }
        }
        // A transient vector, map or set is a function of its keys, as the collection.
        Value::Obj(_) if crate::core::transient_inner(f).is_some() => {
            apply_data(&crate::core::transient_inner(f).unwrap_or(Value::Nil), args)
        }
        Value::Obj(_) if crate::core::sorted_coll(f) => {
            arity_ok(1..=2)?;
            let found = crate::core::get(f, &args[0]);
            Ok(found.or_else(|| args.get(1).cloned()).unwrap_or(Value::Nil))
        }
        _ => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.IFn",
            f.type_name()
        ))),
    }
}

/// Puts the value of `var` into slot `at`, below the arguments above it, word by word:
/// `Vec::insert` of the cloned root was a `memmove` call and a 16-byte store that the
/// callee's first read of the slot stalled on. Out of line, to keep the loop's code small.
#[inline(never)]
pub(super) fn place_callee(
    interp: &Interp,
    stack: &mut Vec<Value>,
    var: &Rc<crate::runtime::Var>,
    at: usize,
) -> Result<(), Throw> {
    let pushed = var.with_static_root(|r| match r {
        Some(v) => {
            words::push_clone(stack, v);
            true
        }
        None => false,
    });
    if pushed != Some(true) {
        words::push_owned(stack, interp.var_value(var)?);
    }
    let top = stack.len() - 1;
    for slot in (at..top).rev() {
        words::swap(stack, slot, slot + 1);
    }
    Ok(())
}

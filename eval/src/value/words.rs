//! Word-wise moves of immediates on the VM's value stack.
//!
//! A CPU forwards a store to a later load only when the load lies within one store. The
//! compiler, left to itself, builds a fresh `Value::Long` as two 8-byte stores (tag, payload)
//! into a temporary and then copies it to the stack with a 16-byte load — which spans both
//! stores, misses forwarding and stalls (the top hot spot of the interpreter loop). These
//! helpers write and copy immediates as separate 8-byte words, straight into the stack slot,
//! so every later 8-byte read of the slot forwards.
//!
//! Layout facts they rely on (pinned by the tests below): `Value` is `#[repr(u64)]`, so by
//! the language's layout rules for primitive-representation enums it is a union of
//! `#[repr(C)]` structs that each start with the `u64` tag; the single field of `Long`,
//! `Bool`, `Double` and `Char` sits at byte offset 8; the tags of `Nil`, `Bool` and `Long`
//! are 0, 1 and 2 (declaration order).

use std::mem::MaybeUninit;

use super::Value;

/// One word of a value as raw memory (a payload word may be padding, hence uninit).
type Word = MaybeUninit<u64>;

/// The tag word of `Value::Bool`.
const TAG_BOOL: u64 = 1;
/// The tag word of `Value::Long`.
const TAG_LONG: u64 = 2;

/// Appends an immediate given as its tag word and payload word.
#[inline(always)]
fn push_words(stack: &mut Vec<Value>, tag: Word, payload: Word) {
    stack.reserve(1);
    let len = stack.len();
    // SAFETY: `reserve` made room for one more element, so slot `len` is in the allocation.
    // Writing a valid tag at offset 0 and a valid payload for that variant at offset 8 makes
    // a valid `Value` (see the module doc for the layout; the remaining word is padding for
    // these variants, which need not be initialized). Then the length covers the new slot.
    unsafe {
        let p = stack.as_mut_ptr().add(len).cast::<Word>();
        p.write(tag);
        p.add(1).write(payload);
        stack.set_len(len + 1);
    }
}

/// Pushes `Value::Long(x)`.
#[inline(always)]
pub fn push_long(stack: &mut Vec<Value>, x: i64) {
    push_words(stack, Word::new(TAG_LONG), Word::new(x as u64));
}

/// Pushes `Value::Bool(b)`.
#[inline(always)]
pub fn push_bool(stack: &mut Vec<Value>, b: bool) {
    // A `bool` payload is its one byte at offset 8; on a little-endian machine the low byte
    // of the payload word is that byte (the other bytes are padding).
    #[cfg(target_endian = "little")]
    push_words(stack, Word::new(TAG_BOOL), Word::new(b as u64));
    #[cfg(not(target_endian = "little"))]
    stack.push(Value::Bool(b));
}

/// Pushes a clone of `v`: immediates word by word, reference values through `clone`.
#[inline(always)]
pub fn push_clone(stack: &mut Vec<Value>, v: &Value) {
    if v.is_immediate() {
        let p = (v as *const Value).cast::<Word>();
        // SAFETY: `v` is a live `Value`, at least three words long; an immediate's tag word
        // and payload word are plain data (no ownership), so copying them gives an
        // independent value with the same tag and payload. Volatile reads keep the two
        // 8-byte loads apart (a merged 16-byte load is what misses store forwarding). The
        // words are read as `MaybeUninit`: a payload word may be partly or wholly padding
        // (`Bool`, `Char`, `Nil`), which is copied as uninitialized memory, never read as an
        // integer.
        let (tag, payload) = unsafe { (p.read_volatile(), p.add(1).read_volatile()) };
        push_words(stack, tag, payload);
    } else {
        push_owned(stack, v.clone());
    }
}

/// Pushes an owned value word by word. A reference value that was just cloned was written
/// (into a temporary) by separate 8-byte stores; moving it with the compiler's 16-byte copy
/// would miss store forwarding, exactly as for immediates.
#[inline(always)]
pub fn push_owned(stack: &mut Vec<Value>, v: Value) {
    let v = std::mem::ManuallyDrop::new(v);
    // SAFETY: `v` is never dropped (`ManuallyDrop`), so the stack becomes its only owner.
    unsafe { push_moved(stack, &*v) }
}

/// Pushes the value of `Ok` word by word, straight from where the callee wrote the
/// result (a native's return value: moving it out of the `Result` first copied it with a
/// 16-byte load that missed store forwarding); an `Err` is passed on.
#[inline(always)]
pub fn push_result<E>(stack: &mut Vec<Value>, r: Result<Value, E>) -> Result<(), E> {
    let mut r = std::mem::ManuallyDrop::new(r);
    match &*r {
        // SAFETY: `r` (in `ManuallyDrop`) is never dropped, so the stack becomes the value's
        // only owner; the value lives in `r`, not in the stack.
        Ok(v) => unsafe { push_moved(stack, v) },
        // SAFETY: `r` is not used again after this take.
        Err(_) => return unsafe { std::mem::ManuallyDrop::take(&mut r) }.map(|_| ()),
    }
    Ok(())
}

/// Appends a bitwise copy of `*v`, word by word (as `MaybeUninit`, padding included, with
/// separate 8-byte reads, so each read forwards from an 8-byte store).
///
/// # Safety
/// `v` must not point into `stack`, and the caller must not drop or use `*v` afterwards:
/// the copy takes over its ownership.
#[inline(always)]
unsafe fn push_moved(stack: &mut Vec<Value>, v: *const Value) {
    const WORDS: usize = std::mem::size_of::<Value>() / 8;
    const _: () = assert!(std::mem::size_of::<Value>().is_multiple_of(8));
    let src = v.cast::<Word>();
    stack.reserve(1);
    let len = stack.len();
    // SAFETY: `reserve` made room for slot `len`, and `src` is outside the stack's buffer
    // (the caller's contract), so a reallocation did not move it. Copying every word makes
    // the slot a bitwise move of `*v`; then the length covers the new slot.
    unsafe {
        let dst = stack.as_mut_ptr().add(len).cast::<Word>();
        for i in 0..WORDS {
            dst.add(i).write(src.add(i).read_volatile());
        }
        stack.set_len(len + 1);
    }
}

/// Moves `*v` onto the stack word by word, leaving `nil` (written as one tag word) in its
/// place: an accumulator handed to a function keeps a reference count of one, so the
/// function may still update it in place.
#[inline(always)]
pub fn push_take(stack: &mut Vec<Value>, v: &mut Value) {
    let p: *mut Value = v;
    // SAFETY: `v` is a live value outside `stack` (a `&mut` cannot alias the vector's
    // buffer while `stack` is borrowed mutably). `push_moved` transfers its ownership to the
    // stack; writing the tag word of `Nil` (0; no payload) then makes `*v` a valid value that
    // owns nothing, so the original is neither dropped twice nor leaked.
    unsafe {
        push_moved(stack, p);
        p.cast::<u64>().write(0);
    }
}

/// Pops the top of the stack into `*dst` word by word, dropping what `*dst` held.
#[inline(always)]
pub fn pop_to(stack: &mut Vec<Value>, dst: &mut Value) {
    let Some(top) = stack.len().checked_sub(1) else {
        return Value::store(dst, Value::Nil);
    };
    // SAFETY: `top` is in bounds and `dst` lies outside the stack (a `&mut` cannot alias
    // the buffer while `stack` is borrowed mutably). The top's value moves over `*dst`, and
    // shortening the length forgets the top without running its destructor.
    unsafe {
        move_over(dst, stack.as_ptr().add(top));
        stack.set_len(top);
    }
}

/// Moves the value inside `o` into `*dst` word by word (dropping what `*dst` held) and
/// answers true; answers false for `None`. An iterator's `next` writes its value as separate
/// words, which the compiler's own move would read back with a 16-byte load.
#[inline(always)]
pub fn set_from_option(dst: &mut Value, o: Option<Value>) -> bool {
    let o = std::mem::ManuallyDrop::new(o);
    match &*o {
        Some(v) => {
            // SAFETY: `o` is never dropped (`ManuallyDrop`), so `*dst` becomes the only owner
            // of the value; `v` lives in `o`, apart from `*dst`.
            unsafe { move_over(dst, v) };
            true
        }
        None => false,
    }
}

/// Moves the value of `Ok` into `*dst` word by word (dropping what `*dst` held), straight
/// from where a native wrote it; an `Err` is passed on and `*dst` left alone.
#[inline(always)]
pub fn set_from_result<E>(dst: &mut Value, r: Result<Value, E>) -> Result<(), E> {
    let mut r = std::mem::ManuallyDrop::new(r);
    match &*r {
        // SAFETY: `r` is never dropped (`ManuallyDrop`), so `*dst` becomes the only owner of
        // the value; `v` lives in `r`, apart from `*dst`.
        Ok(v) => unsafe { move_over(dst, v) },
        // SAFETY: `r` is not used again after this take.
        Err(_) => return unsafe { std::mem::ManuallyDrop::take(&mut r) }.map(|_| ()),
    }
    Ok(())
}

/// Stores a clone of `v` in `*dst` (dropping what `*dst` held): immediates word by word.
#[inline(always)]
pub fn clone_into(dst: &mut Value, v: &Value) {
    let c = std::mem::ManuallyDrop::new(v.clone());
    // SAFETY: the clone in `c` is never dropped, so `*dst` becomes its only owner; it lives
    // apart from `*dst`.
    unsafe { move_over(dst, &*c) }
}

/// Drops `*dst` and moves `*src` over it, word by word.
///
/// # Safety
/// `src` must not overlap `dst`, and the caller must not drop or use `*src` afterwards.
#[inline(always)]
unsafe fn move_over(dst: &mut Value, src: *const Value) {
    const WORDS: usize = std::mem::size_of::<Value>() / 8;
    let d: *mut Value = dst;
    // SAFETY: `dst` is a live value, dropped once here (immediates need no drop) and then
    // overwritten with every word of `*src` (a bitwise move, ownership passed by the caller).
    unsafe {
        if !(*d).is_immediate() {
            std::ptr::drop_in_place(d);
        }
        let (sw, dw) = (src.cast::<Word>(), d.cast::<Word>());
        for i in 0..WORDS {
            dw.add(i).write(sw.add(i).read_volatile());
        }
    }
}

/// Swaps slots `a` and `b` word by word (the slice's own `swap` moves each value with
/// 16-byte accesses, which miss forwarding from a fresh word-wise push).
#[inline(always)]
pub fn swap(stack: &mut [Value], a: usize, b: usize) {
    const WORDS: usize = std::mem::size_of::<Value>() / 8;
    assert!(a < stack.len() && b < stack.len());
    // SAFETY: both slots are in bounds (checked above). Exchanging every word of two valid
    // values (as `MaybeUninit`, padding included) is a bitwise swap of the values: each
    // slot ends up holding the other's value, with ownership moved along, and nothing is
    // dropped or duplicated. When `a == b` each word is read and written back unchanged.
    unsafe {
        let base = stack.as_mut_ptr();
        let pa = base.add(a).cast::<Word>();
        let pb = base.add(b).cast::<Word>();
        for i in 0..WORDS {
            let (x, y) = (pa.add(i).read_volatile(), pb.add(i).read_volatile());
            pa.add(i).write(y);
            pb.add(i).write(x);
        }
    }
}

/// Pushes the clone of the stack slot `i`.
#[inline(always)]
pub fn push_slot(stack: &mut Vec<Value>, i: usize) {
    let v: *const Value = &stack[i];
    // SAFETY: `v` points into the stack's live buffer. Both words of an immediate are read
    // (as `MaybeUninit`, see `push_clone`) before `push_words` may reallocate the buffer, and
    // a reference value is cloned before `push` may; the pointer is not used afterwards.
    unsafe {
        if (*v).is_immediate() {
            let p = v.cast::<Word>();
            let (tag, payload) = (p.read_volatile(), p.add(1).read_volatile());
            push_words(stack, tag, payload);
        } else {
            let c = (*v).clone();
            push_owned(stack, c);
        }
    }
}

/// Pops the top of the stack into slot `i` (below the top), dropping the slot's old value:
/// word by word when both are immediates.
#[inline(always)]
pub fn pop_into(stack: &mut Vec<Value>, i: usize) {
    let top = stack.len() - 1;
    debug_assert!(i < top);
    if stack[top].is_immediate() && stack[i].is_immediate() {
        // SAFETY: `top` and `i` are distinct in-bounds slots (`i < top`). Both hold
        // immediates, which own nothing: overwriting slot `i`'s words drops nothing, and
        // shortening the length by one forgets the top without a destructor to run. The two
        // words are copied as `MaybeUninit` (see `push_clone`) with separate 8-byte accesses.
        unsafe {
            let base = stack.as_mut_ptr();
            let src = base.add(top).cast::<Word>();
            let dst = base.add(i).cast::<Word>();
            let (tag, payload) = (src.read_volatile(), src.add(1).read_volatile());
            dst.write(tag);
            dst.add(1).write(payload);
            stack.set_len(top);
        }
    } else {
        let v = stack.pop().unwrap_or(Value::Nil);
        Value::store(&mut stack[i], v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::eq::equiv;

    #[test]
    fn swap_exchanges_values() {
        let mut s = vec![Value::str("a"), Value::Long(3), Value::Nil];
        swap(&mut s, 0, 1);
        assert!(matches!(s[0], Value::Long(3)));
        assert!(equiv(&s[1], &Value::str("a")));
        swap(&mut s, 2, 2);
        assert!(s[2].is_nil());
        swap(&mut s, 2, 1);
        assert!(equiv(&s[2], &Value::str("a")) && s[1].is_nil());
    }

    #[test]
    fn words_make_the_same_values_as_the_constructors() {
        let mut s = Vec::new();
        push_long(&mut s, -42);
        push_long(&mut s, i64::MAX);
        push_bool(&mut s, true);
        push_bool(&mut s, false);
        assert!(matches!(s[0], Value::Long(-42)));
        assert!(matches!(s[1], Value::Long(i64::MAX)));
        assert!(matches!(s[2], Value::Bool(true)));
        assert!(matches!(s[3], Value::Bool(false)));
        for v in [
            Value::Nil,
            Value::Bool(true),
            Value::Long(7),
            Value::Double(-0.25),
            Value::Char('λ'),
            Value::str("not an immediate"),
        ] {
            push_clone(&mut s, &v);
            assert!(equiv(s.last().unwrap(), &v));
            let n = s.len();
            push_slot(&mut s, n - 1);
            assert!(equiv(s.last().unwrap(), &v));
        }
        // Pushing from a slot while the vector grows (reallocation) still copies right.
        let mut t = vec![Value::Long(5)];
        t.shrink_to_fit();
        for _ in 0..100 {
            push_slot(&mut t, 0);
        }
        assert!(t.iter().all(|v| matches!(v, Value::Long(5))));
        // push_owned moves reference values without leaking or double-dropping them.
        let shared = Value::str("shared");
        for _ in 0..3 {
            push_owned(&mut s, shared.clone());
        }
        assert!(equiv(s.last().unwrap(), &shared));
        s.truncate(0);
        let Value::Str(rc) = &shared else {
            unreachable!()
        };
        assert_eq!(std::rc::Rc::strong_count(rc), 1);
        // push_result: an `Ok` value is moved onto the stack (no leak, no double drop), an
        // `Err` comes back untouched and pushes nothing.
        let ok: Result<Value, String> = Ok(shared.clone());
        assert!(push_result(&mut s, ok).is_ok());
        assert!(push_result(&mut s, Ok::<_, String>(Value::Long(9))).is_ok());
        assert_eq!(std::rc::Rc::strong_count(rc), 2);
        assert_eq!(
            push_result(&mut s, Err::<Value, _>("boom".to_string())),
            Err("boom".to_string())
        );
        assert_eq!(s.len(), 2);
        assert!(equiv(&s[0], &shared) && matches!(s[1], Value::Long(9)));
        s.truncate(0);
        assert_eq!(std::rc::Rc::strong_count(rc), 1);
        // push_take moves a value in and leaves nil; pop_to moves the top over a value.
        let mut acc = shared.clone();
        push_take(&mut s, &mut acc);
        assert!(acc.is_nil() && equiv(&s[0], &shared));
        assert_eq!(std::rc::Rc::strong_count(rc), 2);
        pop_to(&mut s, &mut acc);
        assert!(equiv(&acc, &shared));
        s.push(Value::Long(4));
        pop_to(&mut s, &mut acc);
        assert!(matches!(acc, Value::Long(4)) && s.is_empty());
        assert_eq!(std::rc::Rc::strong_count(rc), 1);
        // set_from_option and clone_into.
        let mut slot = Value::Long(1);
        assert!(set_from_option(&mut slot, Some(shared.clone())));
        assert_eq!(std::rc::Rc::strong_count(rc), 2);
        assert!(!set_from_option(&mut slot, None) && equiv(&slot, &shared));
        clone_into(&mut slot, &Value::Long(8));
        assert!(matches!(slot, Value::Long(8)));
        assert_eq!(std::rc::Rc::strong_count(rc), 1);
        clone_into(&mut slot, &shared);
        assert_eq!(std::rc::Rc::strong_count(rc), 2);
        drop(slot);
        // pop_into: immediates over immediates, and the general path.
        let mut u = vec![Value::Long(1), Value::Bool(false), Value::Long(3)];
        pop_into(&mut u, 0);
        assert_eq!(u.len(), 2);
        assert!(matches!(u[0], Value::Long(3)));
        u.push(Value::str("s"));
        pop_into(&mut u, 1);
        assert!(equiv(&u[1], &Value::str("s")));
        u.push(Value::Char('c'));
        pop_into(&mut u, 1);
        assert!(matches!(u[1], Value::Char('c')));
    }
}

//! Linear memory from the dialect: strings and bytes (`memory-read`, `memory-write`,
//! `memory-bytes`), size and growth, typed little-endian access (`read-i32` … `write-f64`),
//! vectors of numbers (`read-i32s`, `write-i32s`, …) and the length-prefixed i32 array
//! layout (`read-i32-array`, `write-i32-array`: first i32 = length, then the elements).
//!
//! Every access is bounds-checked against the memory's current size and fails with an
//! exception naming the module, offset, length and size. The memory is the module's export
//! named `memory`, else its first exported memory.

use std::rc::Rc;

use wasmtime::{AsContextMut, Extern, Memory, StoreContextMut};

use super::{HostState, WasmModule};
use crate::value::{Value, Vector};
use crate::vm::{Interp, NativeImpl, Throw};

type R = Result<Value, Throw>;

impl WasmModule {
    /// Runs `f` with the module's store: through the innermost active host-function caller
    /// when the module is running (re-entrant access), else by borrowing the store.
    pub(crate) fn with_store<T>(
        &self,
        f: impl FnOnce(StoreContextMut<'_, HostState>) -> Result<T, Throw>,
    ) -> Result<T, Throw> {
        let active = self.active.borrow().last().copied();
        match active {
            Some(ptr) => {
                // SAFETY: see `WasmModule::active`: the caller is live and not otherwise
                // borrowed while it is listed, and this access ends before it resumes.
                let caller = unsafe { &mut *ptr };
                f(caller.as_context_mut())
            }
            None => {
                let mut store = self
                    .store
                    .try_borrow_mut()
                    .map_err(|_| Throw::runtime("wasm: module is busy"))?;
                f(store.as_context_mut())
            }
        }
    }

    /// The module's memory (the export named `memory`, else the first exported memory),
    /// looked up once: exports do not change for an instance's life.
    fn memory(&self, ctx: &mut StoreContextMut<'_, HostState>) -> Result<Memory, Throw> {
        if let Some(m) = self.memory.get() {
            return Ok(m);
        }
        let m = self.find_memory(ctx)?;
        self.memory.set(Some(m));
        Ok(m)
    }

    fn find_memory(&self, ctx: &mut StoreContextMut<'_, HostState>) -> Result<Memory, Throw> {
        if let Some(m) = self.instance.get_memory(&mut *ctx, "memory") {
            return Ok(m);
        }
        let names: Vec<String> = self.exports().into_iter().map(|(n, _)| n).collect();
        for n in names {
            if let Some(Extern::Memory(m)) = self.instance.get_export(&mut *ctx, &n) {
                return Ok(m);
            }
        }
        Err(Throw::illegal_argument(format!(
            "wasm: {} exports no memory",
            self.name
        )))
    }

    /// Copies `len` bytes at `offset` out of linear memory.
    pub fn read_bytes(&self, offset: u64, len: u64) -> Result<Vec<u8>, Throw> {
        self.with_store(|mut ctx| {
            let mem = self.memory(&mut ctx)?;
            let data = mem.data(&ctx);
            let (start, end) = self.bounds(offset, len, data.len())?;
            Ok(data[start..end].to_vec())
        })
    }

    /// Writes bytes at `offset`.
    pub fn write_bytes(&self, offset: u64, bytes: &[u8]) -> Result<(), Throw> {
        self.with_store(|mut ctx| {
            let mem = self.memory(&mut ctx)?;
            let data = mem.data_mut(&mut ctx);
            let (start, end) = self.bounds(offset, bytes.len() as u64, data.len())?;
            data[start..end].copy_from_slice(bytes);
            Ok(())
        })
    }

    fn bounds(&self, offset: u64, len: u64, size: usize) -> Result<(usize, usize), Throw> {
        match offset.checked_add(len) {
            Some(end) if end <= size as u64 => Ok((offset as usize, end as usize)),
            _ => Err(Throw::new(
                crate::vm::ExClass::IndexOutOfBounds,
                format!(
                    "wasm: memory access out of bounds in {}: offset {offset}, length {len}, memory size {size} bytes",
                    self.name
                ),
            )),
        }
    }
}

fn module(v: &Value, what: &str) -> Result<Rc<WasmModule>, Throw> {
    match v {
        Value::Wasm(m) => Ok(m.clone()),
        x => Err(Throw::class_cast(format!(
            "wasm/{what} expects a wasm module, got {}",
            x.type_name()
        ))),
    }
}

fn offset(v: &Value, what: &str) -> Result<u64, Throw> {
    match v {
        Value::Long(n) if *n >= 0 => Ok(*n as u64),
        x => Err(Throw::illegal_argument(format!(
            "wasm/{what}: offsets and lengths are non-negative integers, got {}",
            crate::value::print::pr_str(x)
        ))),
    }
}

fn args(a: &[Value], n: usize, what: &str) -> Result<(), Throw> {
    if a.len() == n {
        Ok(())
    } else {
        Err(Throw::arity(a.len(), &format!("wasm/{what}")))
    }
}

fn vector(items: Vec<Value>) -> Value {
    Value::Vector(Rc::new(Vector::from_vec(items)))
}

/// `(wasm/memory-read m offset len)`: the bytes as a UTF-8 string.
fn memory_read(_: &Interp, a: &[Value]) -> R {
    args(a, 3, "memory-read")?;
    let bytes = module(&a[0], "memory-read")?
        .read_bytes(offset(&a[1], "memory-read")?, offset(&a[2], "memory-read")?)?;
    Ok(Value::str(&String::from_utf8_lossy(&bytes)))
}

/// `(wasm/memory-bytes m offset len)`: the bytes as a vector of numbers 0–255.
fn memory_bytes(_: &Interp, a: &[Value]) -> R {
    args(a, 3, "memory-bytes")?;
    let bytes = module(&a[0], "memory-bytes")?.read_bytes(
        offset(&a[1], "memory-bytes")?,
        offset(&a[2], "memory-bytes")?,
    )?;
    Ok(vector(
        bytes
            .into_iter()
            .map(|b| Value::Long(i64::from(b)))
            .collect(),
    ))
}

/// `(wasm/memory-write m offset string-or-bytes)`: UTF-8 of a string, or a collection of
/// numbers 0–255 (or −128–127). Returns the number of bytes written.
fn memory_write(_: &Interp, a: &[Value]) -> R {
    args(a, 3, "memory-write")?;
    let m = module(&a[0], "memory-write")?;
    let at = offset(&a[1], "memory-write")?;
    let bytes: Vec<u8> = match &a[2] {
        Value::Str(s) => s.as_bytes().to_vec(),
        coll => crate::core::items(coll)?
            .iter()
            .map(|v| match v {
                Value::Long(n) if (-128..=255).contains(n) => Ok(*n as u8),
                x => Err(Throw::illegal_argument(format!(
                    "wasm/memory-write: bytes are numbers from -128 to 255, got {}",
                    crate::value::print::pr_str(x)
                ))),
            })
            .collect::<Result<_, _>>()?,
    };
    m.write_bytes(at, &bytes)?;
    Ok(Value::Long(bytes.len() as i64))
}

/// `(wasm/memory-size m)`: pages of 64 KiB.
fn memory_size(_: &Interp, a: &[Value]) -> R {
    args(a, 1, "memory-size")?;
    let m = module(&a[0], "memory-size")?;
    m.with_store(|mut ctx| {
        let mem = m.memory(&mut ctx)?;
        Ok(Value::Long(mem.size(&ctx) as i64))
    })
}

/// `(wasm/memory-grow m pages)`: the previous size in pages; an error past the cap.
fn memory_grow(_: &Interp, a: &[Value]) -> R {
    args(a, 2, "memory-grow")?;
    let m = module(&a[0], "memory-grow")?;
    let pages = offset(&a[1], "memory-grow")?;
    m.with_store(|mut ctx| {
        let mem = m.memory(&mut ctx)?;
        mem.grow(&mut ctx, pages)
            .map(|p| Value::Long(p as i64))
            .map_err(|e| {
                Throw::runtime(format!(
                    "wasm: cannot grow the memory of {} by {pages} pages: {e}",
                    m.name
                ))
            })
    })
}

/// Number types of typed access: byte width, decode, encode.
#[derive(Clone, Copy)]
enum Num {
    I32,
    I64,
    F32,
    F64,
}

impl Num {
    fn width(self) -> u64 {
        match self {
            Num::I32 | Num::F32 => 4,
            Num::I64 | Num::F64 => 8,
        }
    }

    fn decode(self, b: &[u8]) -> Value {
        match self {
            Num::I32 => Value::Long(i64::from(i32::from_le_bytes(
                b.try_into().expect("4 bytes"),
            ))),
            Num::I64 => Value::Long(i64::from_le_bytes(b.try_into().expect("8 bytes"))),
            Num::F32 => Value::Double(f64::from(f32::from_le_bytes(
                b.try_into().expect("4 bytes"),
            ))),
            Num::F64 => Value::Double(f64::from_le_bytes(b.try_into().expect("8 bytes"))),
        }
    }

    fn encode(self, v: &Value, what: &str) -> Result<Vec<u8>, Throw> {
        let bad = || {
            Throw::illegal_argument(format!(
                "wasm/{what}: expected a number, got {}",
                crate::value::print::pr_str(v)
            ))
        };
        Ok(match (self, v) {
            (Num::I32, Value::Long(n))
                if i32::try_from(*n).is_ok() || u32::try_from(*n).is_ok() =>
            {
                (*n as i32).to_le_bytes().to_vec()
            }
            (Num::I32, Value::Long(n)) => {
                return Err(Throw::illegal_argument(format!(
                    "wasm/{what}: {n} does not fit in an i32"
                )));
            }
            (Num::I64, Value::Long(n)) => n.to_le_bytes().to_vec(),
            (Num::F32, Value::Long(n)) => (*n as f32).to_le_bytes().to_vec(),
            (Num::F32, Value::Double(d)) => (*d as f32).to_le_bytes().to_vec(),
            (Num::F64, Value::Long(n)) => (*n as f64).to_le_bytes().to_vec(),
            (Num::F64, Value::Double(d)) => d.to_le_bytes().to_vec(),
            _ => return Err(bad()),
        })
    }
}

fn read_num(a: &[Value], t: Num, what: &str) -> R {
    args(a, 2, what)?;
    let b = module(&a[0], what)?.read_bytes(offset(&a[1], what)?, t.width())?;
    Ok(t.decode(&b))
}

fn write_num(a: &[Value], t: Num, what: &str) -> R {
    args(a, 3, what)?;
    let bytes = t.encode(&a[2], what)?;
    module(&a[0], what)?.write_bytes(offset(&a[1], what)?, &bytes)?;
    Ok(Value::Nil)
}

fn read_nums(a: &[Value], t: Num, what: &str) -> R {
    args(a, 3, what)?;
    let n = offset(&a[2], what)?;
    let b = module(&a[0], what)?.read_bytes(offset(&a[1], what)?, n.saturating_mul(t.width()))?;
    Ok(vector(
        b.chunks(t.width() as usize).map(|c| t.decode(c)).collect(),
    ))
}

fn write_nums(a: &[Value], t: Num, what: &str) -> R {
    args(a, 3, what)?;
    let mut bytes = Vec::new();
    for v in crate::core::items(&a[2])? {
        bytes.extend(t.encode(&v, what)?);
    }
    module(&a[0], what)?.write_bytes(offset(&a[1], what)?, &bytes)?;
    Ok(Value::Nil)
}

macro_rules! typed {
    ($($read:ident $write:ident $reads:ident $writes:ident $t:expr, $rn:literal $wn:literal $rsn:literal $wsn:literal;)*) => {
        $(
            fn $read(_: &Interp, a: &[Value]) -> R { read_num(a, $t, $rn) }
            fn $write(_: &Interp, a: &[Value]) -> R { write_num(a, $t, $wn) }
            fn $reads(_: &Interp, a: &[Value]) -> R { read_nums(a, $t, $rsn) }
            fn $writes(_: &Interp, a: &[Value]) -> R { write_nums(a, $t, $wsn) }
        )*
    };
}

typed! {
    read_i32 write_i32 read_i32s write_i32s Num::I32, "read-i32" "write-i32" "read-i32s" "write-i32s";
    read_i64 write_i64 read_i64s write_i64s Num::I64, "read-i64" "write-i64" "read-i64s" "write-i64s";
    read_f32 write_f32 read_f32s write_f32s Num::F32, "read-f32" "write-f32" "read-f32s" "write-f32s";
    read_f64 write_f64 read_f64s write_f64s Num::F64, "read-f64" "write-f64" "read-f64s" "write-f64s";
}

/// `(wasm/read-i32-array m ptr)`: the length-prefixed layout (i32 length, then elements).
fn read_i32_array(_: &Interp, a: &[Value]) -> R {
    args(a, 2, "read-i32-array")?;
    let m = module(&a[0], "read-i32-array")?;
    let ptr = offset(&a[1], "read-i32-array")?;
    let len = i32::from_le_bytes(m.read_bytes(ptr, 4)?.try_into().expect("4 bytes"));
    if len < 0 {
        return Err(Throw::illegal_argument(format!(
            "wasm/read-i32-array: negative length {len} at {ptr}"
        )));
    }
    let b = m.read_bytes(ptr + 4, len as u64 * 4)?;
    Ok(vector(b.chunks(4).map(|c| Num::I32.decode(c)).collect()))
}

/// `(wasm/write-i32-array m ptr coll)`: writes the length then the elements; returns the
/// number of bytes written.
fn write_i32_array(_: &Interp, a: &[Value]) -> R {
    args(a, 3, "write-i32-array")?;
    let items = crate::core::items(&a[2])?;
    let mut bytes = (items.len() as i32).to_le_bytes().to_vec();
    for v in &items {
        bytes.extend(Num::I32.encode(v, "write-i32-array")?);
    }
    module(&a[0], "write-i32-array")?.write_bytes(offset(&a[1], "write-i32-array")?, &bytes)?;
    Ok(Value::Long(bytes.len() as i64))
}

pub const NATIVES: &[(&str, NativeImpl)] = &[
    ("memory-read", memory_read),
    ("memory-bytes", memory_bytes),
    ("memory-write", memory_write),
    ("memory-size", memory_size),
    ("memory-grow", memory_grow),
    ("read-i32", read_i32),
    ("write-i32", write_i32),
    ("read-i64", read_i64),
    ("write-i64", write_i64),
    ("read-f32", read_f32),
    ("write-f32", write_f32),
    ("read-f64", read_f64),
    ("write-f64", write_f64),
    ("read-i32s", read_i32s),
    ("write-i32s", write_i32s),
    ("read-i64s", read_i64s),
    ("write-i64s", write_i64s),
    ("read-f32s", read_f32s),
    ("write-f32s", write_f32s),
    ("read-f64s", read_f64s),
    ("write-f64s", write_f64s),
    ("read-i32-array", read_i32_array),
    ("write-i32-array", write_i32_array),
];

//! Dialect values ↔ Wasm values, by the Wasm type: longs for i32/i64 (range-checked, i64
//! round-trips exactly), doubles for f32/f64.

use wasmtime::{Val, ValRaw, ValType};

use crate::value::Value;

/// `:i32`, `:i64`, `:f32`, `:f64`, … as the dialect names Wasm types.
pub fn type_keyword(t: &ValType) -> &'static str {
    match t {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
        ValType::F32 => "f32",
        ValType::F64 => "f64",
        ValType::V128 => "v128",
        ValType::Ref(_) => "ref",
    }
}

/// A dialect number as a Wasm value of type `t`; `None` when it does not fit.
pub fn value_to_val(v: &Value, t: &ValType) -> Option<Val> {
    match (t, v) {
        (ValType::I32, Value::Long(n)) => {
            // Accept both the signed and the unsigned reading of 32 bits.
            if let Ok(x) = i32::try_from(*n) {
                Some(Val::I32(x))
            } else {
                u32::try_from(*n).ok().map(|x| Val::I32(x as i32))
            }
        }
        (ValType::I64, Value::Long(n)) => Some(Val::I64(*n)),
        (ValType::F32, Value::Double(d)) => Some(Val::F32((*d as f32).to_bits())),
        (ValType::F32, Value::Long(n)) => Some(Val::F32((*n as f32).to_bits())),
        (ValType::F64, Value::Double(d)) => Some(Val::F64(d.to_bits())),
        (ValType::F64, Value::Long(n)) => Some(Val::F64((*n as f64).to_bits())),
        _ => None,
    }
}

/// A Wasm value as a dialect value.
pub fn val_to_value(v: &Val) -> Value {
    match v {
        Val::I32(x) => Value::Long(i64::from(*x)),
        Val::I64(x) => Value::Long(*x),
        Val::F32(bits) => Value::Double(f64::from(f32::from_bits(*bits))),
        Val::F64(bits) => Value::Double(f64::from_bits(*bits)),
        _ => Value::Nil,
    }
}

/// A dialect number as the raw form of a Wasm value of type `t` (for unchecked calls);
/// `None` when it does not fit or `t` is not a number type.
pub fn value_to_raw(v: &Value, t: &ValType) -> Option<ValRaw> {
    Some(match value_to_val(v, t)? {
        Val::I32(x) => ValRaw::i32(x),
        Val::I64(x) => ValRaw::i64(x),
        Val::F32(bits) => ValRaw::f32(bits),
        Val::F64(bits) => ValRaw::f64(bits),
        _ => return None,
    })
}

/// A raw Wasm result of type `t` as a dialect value.
pub fn raw_to_value(r: ValRaw, t: &ValType) -> Value {
    match t {
        ValType::I32 => Value::Long(i64::from(r.get_i32())),
        ValType::I64 => Value::Long(r.get_i64()),
        ValType::F32 => Value::Double(f64::from(f32::from_bits(r.get_f32()))),
        ValType::F64 => Value::Double(f64::from_bits(r.get_f64())),
        _ => Value::Nil,
    }
}

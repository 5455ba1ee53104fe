//! The dialect's `wasm` namespace (also `cljw.wasm`): `load`, `call`, `exports`.

use std::rc::Rc;

use wasmtime::ExternType;

use super::{LoadOptions, WasmModule, read_module_file, type_keyword};
use crate::value::{Map, Value, Vector};
use crate::vm::{ExClass, Interp, NativeImpl, Throw, current_rc};

type R = Result<Value, Throw>;

fn module_arg(v: &Value) -> Result<&Rc<WasmModule>, Throw> {
    match v {
        Value::Wasm(m) => Ok(m),
        x => Err(Throw::class_cast(format!(
            "expected a wasm module, got {}",
            x.type_name()
        ))),
    }
}

fn map_get<'a>(m: &'a Map, k: &str) -> Option<&'a Value> {
    m.get(&Value::keyword(k))
}

fn long_opt(m: &Map, k: &str) -> Result<Option<u64>, Throw> {
    match map_get(m, k) {
        None | Some(Value::Nil) => Ok(None),
        Some(Value::Long(n)) if *n >= 0 => Ok(Some(*n as u64)),
        Some(Value::Double(d)) if *d >= 0.0 => Ok(Some(*d as u64)),
        Some(x) => Err(Throw::illegal_argument(format!(
            "wasm/load option :{k} must be a non-negative number, got {}",
            x.type_name()
        ))),
    }
}

/// `(wasm/load path)` / `(wasm/load path opts)`.
fn load(_: &Interp, a: &[Value]) -> R {
    if !(1..=2).contains(&a.len()) {
        return Err(Throw::arity(a.len(), "wasm/load"));
    }
    let Value::Str(path) = &a[0] else {
        return Err(Throw::illegal_argument(format!(
            "wasm/load expects a path, got {}",
            a[0].type_name()
        )));
    };
    let mut opts = LoadOptions::default();
    if let Some(Value::Map(m)) = a.get(1) {
        opts.fuel = long_opt(m, "fuel")?;
        opts.max_memory_pages = long_opt(m, "max-memory-pages")?;
        if let Some(Value::Map(imports)) = map_get(m, "imports") {
            for (module, fields) in imports.entries() {
                let (Value::Str(module), Value::Map(fields)) = (&module, &fields) else {
                    return Err(Throw::illegal_argument(
                        "wasm/load :imports must map module names to maps of field names to fns",
                    ));
                };
                for (field, f) in fields.entries() {
                    let Value::Str(field) = field else {
                        return Err(Throw::illegal_argument(
                            "wasm/load import field names must be strings",
                        ));
                    };
                    opts.imports
                        .push((module.to_string(), field.to_string(), f));
                }
            }
        }
    }
    let interp = current_rc()?;
    if interp.sandboxed.get() {
        return Err(Throw::new(
            ExClass::IllegalState,
            "wasm/load is not allowed in the analysis sandbox",
        ));
    }
    let bytes = read_module_file(path)?;
    Ok(Value::Wasm(WasmModule::load(&interp, path, &bytes, opts)?))
}

/// `(wasm/call m "name" & args)`: nil, one value, or a vector of results.
fn call(_: &Interp, a: &[Value]) -> R {
    if a.len() < 2 {
        return Err(Throw::arity(a.len(), "wasm/call"));
    }
    let m = module_arg(&a[0])?;
    let Value::Str(name) = &a[1] else {
        return Err(Throw::illegal_argument(
            "wasm/call expects the export name as a string",
        ));
    };
    let mut results = m.call(name, &a[2..])?;
    Ok(match results.len() {
        0 => Value::Nil,
        1 => results.pop().unwrap_or(Value::Nil),
        _ => Value::Vector(Rc::new(Vector::from_vec(results))),
    })
}

/// `(wasm/exports m)`: `{"add" {:kind :func :params [:i32 :i32] :results [:i32]} …}`.
fn exports(_: &Interp, a: &[Value]) -> R {
    if a.len() != 1 {
        return Err(Throw::arity(a.len(), "wasm/exports"));
    }
    let m = module_arg(&a[0])?;
    let kw = Value::keyword;
    let types = |ts: &mut dyn Iterator<Item = wasmtime::ValType>| {
        Value::Vector(Rc::new(Vector::from_vec(
            ts.map(|t| kw(type_keyword(&t))).collect(),
        )))
    };
    let mut pairs = Vec::new();
    for (name, ty) in m.exports() {
        let desc = match ty {
            ExternType::Func(f) => vec![
                (kw("kind"), kw("func")),
                (kw("params"), types(&mut f.params())),
                (kw("results"), types(&mut f.results())),
            ],
            ExternType::Memory(mem) => vec![
                (kw("kind"), kw("memory")),
                (kw("min"), Value::Long(mem.minimum() as i64)),
            ],
            ExternType::Global(_) => vec![(kw("kind"), kw("global"))],
            ExternType::Table(_) => vec![(kw("kind"), kw("table"))],
            ExternType::Tag(_) => vec![(kw("kind"), kw("tag"))],
        };
        pairs.push((
            Value::str(&name),
            Value::Map(Rc::new(Map::from_pairs(desc))),
        ));
    }
    Ok(Value::Map(Rc::new(Map::from_pairs(pairs))))
}

/// The natives of the `wasm` and `cljw.wasm` namespaces.
pub const NATIVES: &[(&str, NativeImpl)] = &[("load", load), ("call", call), ("exports", exports)];

//! The dialect's `wasm` namespace (also `cljw.wasm`): `load`, `call`, `exports`,
//! `imports`, `describe`, `module?` (memory access is in `memory.rs`, `wasm/fn` in
//! `wasm.clj`).

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
        match map_get(m, "wasi") {
            None | Some(Value::Nil) | Some(Value::Bool(false)) => {}
            Some(Value::Bool(true)) => opts.wasi = Some(wasi_state(path, m)?),
            Some(Value::Map(w)) => opts.wasi = Some(wasi_state(path, w)?),
            Some(x) => {
                return Err(Throw::illegal_argument(format!(
                    "wasm/load option :wasi must be true or a map, got {}",
                    x.type_name()
                )));
            }
        }
        opts.fuel = long_opt(m, "fuel")?;
        opts.max_memory_pages = long_opt(m, "max-memory-pages")?;
        opts.timeout = long_opt(m, "timeout-ms")?.map(std::time::Duration::from_millis);
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

/// WASI options: `:args` (strings; the module's file name is argv[0]), `:env` (a map),
/// `:stdin` (a string), `:max-output-bytes` (default 1 MiB), `:dirs [[host guest] …]` (the
/// only directories the guest can open files in) and `:dir host` (one, seen as ".").
fn wasi_state(path: &str, m: &Map) -> Result<super::wasi::WasiState, Throw> {
    let mut w = super::wasi::WasiState {
        max_output: 1 << 20,
        ..Default::default()
    };
    let program = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |f| f.to_string_lossy().into_owned());
    w.args.push(program);
    if let Some(args) = map_get(m, "args").filter(|v| !matches!(v, Value::Nil)) {
        for v in crate::core::items(args)? {
            w.args.push(crate::value::print::display(&v));
        }
    }
    if let Some(Value::Map(env)) = map_get(m, "env") {
        for (k, v) in env.entries() {
            let k = match &k {
                Value::Keyword(k) => k.name().to_string(),
                other => crate::value::print::display(other),
            };
            w.env
                .push(format!("{k}={}", crate::value::print::display(&v)));
        }
    }
    match map_get(m, "stdin") {
        None | Some(Value::Nil) => {}
        Some(Value::Str(s)) => w.stdin = s.as_bytes().to_vec(),
        Some(x) => {
            return Err(Throw::illegal_argument(format!(
                ":stdin must be a string, got {}",
                x.type_name()
            )));
        }
    }
    if let Some(n) = long_opt(m, "max-output-bytes")? {
        w.max_output = n as usize;
    }
    // Directories the guest may use: `:dirs [[host guest] …]`, or `:dir host` (seen as ".").
    let mut dirs: Vec<(String, String)> = Vec::new();
    if let Some(d) = map_get(m, "dir").filter(|v| !v.is_nil()) {
        dirs.push((crate::value::print::display(d), ".".to_string()));
    }
    if let Some(ds) = map_get(m, "dirs").filter(|v| !v.is_nil()) {
        for entry in crate::core::items(ds)? {
            let pair = crate::core::items(&entry).unwrap_or_default();
            let (Some(Value::Str(host)), Some(Value::Str(guest))) = (pair.first(), pair.get(1))
            else {
                return Err(Throw::illegal_argument(
                    "wasm: :dirs must be a list of [host-path guest-path] string pairs",
                ));
            };
            dirs.push((host.to_string(), guest.to_string()));
        }
    }
    w.fs = super::wasi_fs::Fs::new(&dirs).map_err(Throw::illegal_argument)?;
    Ok(w)
}

/// Sends what a WASI guest printed during a call to `*out*`/`*err*`.
fn flush_wasi_output(m: &Rc<WasmModule>) {
    let (out, err, _) = m.take_output();
    if out.is_empty() && err.is_empty() {
        return;
    }
    if let Ok(interp) = current_rc() {
        interp.write_out(&String::from_utf8_lossy(&out));
        interp.write_err(&String::from_utf8_lossy(&err));
    }
}

/// `(wasm/load-wasi path)` / `(wasm/load-wasi path opts)`: `wasm/load` with WASI granted
/// (opts are both load and WASI options).
fn load_wasi(i: &Interp, a: &[Value]) -> R {
    if !(1..=2).contains(&a.len()) {
        return Err(Throw::arity(a.len(), "wasm/load-wasi"));
    }
    let mut opts = match a.get(1) {
        Some(Value::Map(m)) => (**m).clone(),
        _ => Map::from_pairs(Vec::new()),
    };
    if opts.get(&Value::keyword("wasi")).is_none() {
        opts = opts.assoc(Value::keyword("wasi"), Value::Map(Rc::new(opts.clone())));
    }
    load(i, &[a[0].clone(), Value::Map(Rc::new(opts))])
}

/// Wall-clock cap of `wasm/run` unless `:timeout-ms` says otherwise.
pub const RUN_TIMEOUT_MS: i64 = 10_000;

/// `(wasm/run path opts)`: runs a WASI command's `_start`; `{:out "…" :err "…" :exit n}`
/// (a non-zero exit is data; traps are exceptions).
fn run(i: &Interp, a: &[Value]) -> R {
    if !(1..=2).contains(&a.len()) {
        return Err(Throw::arity(a.len(), "wasm/run"));
    }
    // Wall time is capped by default; `:timeout-ms 0` lifts the cap.
    let mut opts = match a.get(1) {
        Some(Value::Map(m)) => (**m).clone(),
        _ => Map::from_pairs(Vec::new()),
    };
    match opts.get(&kw("timeout-ms")) {
        None | Some(Value::Nil) => {
            opts = opts.assoc(kw("timeout-ms"), Value::Long(RUN_TIMEOUT_MS));
        }
        Some(Value::Long(0)) => opts = opts.dissoc(&kw("timeout-ms")),
        Some(_) => {}
    }
    let module = load_wasi(i, &[a[0].clone(), Value::Map(Rc::new(opts))])?;
    let m = module_arg(&module)?;
    let result = m.call("_start", &[]);
    let (out, err, truncated) = m.take_output();
    let exit = m.exit_code().unwrap_or(0);
    match result {
        Ok(_) => {}
        Err(_) if exit != 0 => {}
        Err(t) => return Err(t),
    }
    let mut pairs = vec![
        (kw("out"), Value::str(&String::from_utf8_lossy(&out))),
        (kw("err"), Value::str(&String::from_utf8_lossy(&err))),
        (kw("exit"), Value::Long(i64::from(exit))),
    ];
    if truncated {
        pairs.push((kw("truncated"), Value::Bool(true)));
    }
    Ok(map(pairs))
}

/// `(wasm/call m "name" & args)`: nil, one value, or a vector of results.
pub(crate) fn call(_: &Interp, a: &[Value]) -> R {
    if a.len() < 2 {
        return Err(Throw::arity(a.len(), "wasm/call"));
    }
    let m = module_arg(&a[0])?;
    let Value::Str(name) = &a[1] else {
        return Err(Throw::illegal_argument(
            "wasm/call expects the export name as a string",
        ));
    };
    let result = m.call_named(name, &a[2..]);
    if m.has_wasi {
        flush_wasi_output(m);
    }
    Ok(result?.into_value())
}

fn kw(s: &str) -> Value {
    Value::keyword(s)
}

fn types(ts: &mut dyn Iterator<Item = wasmtime::ValType>) -> Value {
    Value::Vector(Rc::new(Vector::from_vec(
        ts.map(|t| kw(type_keyword(&t))).collect(),
    )))
}

/// `{:kind :func :params [...] :results [...]}`, `{:kind :memory :min n}`, …
fn describe_type(ty: &ExternType) -> Vec<(Value, Value)> {
    match ty {
        ExternType::Func(f) => vec![
            (kw("kind"), kw("func")),
            (kw("params"), types(&mut f.params())),
            (kw("results"), types(&mut f.results())),
        ],
        ExternType::Memory(mem) => {
            let mut v = vec![
                (kw("kind"), kw("memory")),
                (kw("min"), Value::Long(mem.minimum() as i64)),
            ];
            if let Some(max) = mem.maximum() {
                v.push((kw("max"), Value::Long(max as i64)));
            }
            v
        }
        ExternType::Global(g) => vec![
            (kw("kind"), kw("global")),
            (kw("type"), kw(type_keyword(g.content()))),
        ],
        ExternType::Table(_) => vec![(kw("kind"), kw("table"))],
        ExternType::Tag(_) => vec![(kw("kind"), kw("tag"))],
    }
}

fn map(pairs: Vec<(Value, Value)>) -> Value {
    Value::Map(Rc::new(Map::from_pairs(pairs)))
}

/// `(wasm/exports m)`: `{"add" {:kind :func :params [:i32 :i32] :results [:i32]} …}`.
fn exports(_: &Interp, a: &[Value]) -> R {
    if a.len() != 1 {
        return Err(Throw::arity(a.len(), "wasm/exports"));
    }
    let m = module_arg(&a[0])?;
    let pairs = m
        .exports()
        .into_iter()
        .map(|(name, ty)| (Value::str(&name), map(describe_type(&ty))))
        .collect();
    Ok(map(pairs))
}

/// `(wasm/imports m)`: `[{:module "env" :name "log" :kind :func :params [:i32] :results []} …]`.
fn imports(_: &Interp, a: &[Value]) -> R {
    if a.len() != 1 {
        return Err(Throw::arity(a.len(), "wasm/imports"));
    }
    let m = module_arg(&a[0])?;
    let items = m
        .imports()
        .into_iter()
        .map(|(module, name, ty)| {
            let mut pairs = vec![
                (kw("module"), Value::str(&module)),
                (kw("name"), Value::str(&name)),
            ];
            pairs.extend(describe_type(&ty));
            map(pairs)
        })
        .collect();
    Ok(Value::Vector(Rc::new(Vector::from_vec(items))))
}

fn type_text(ty: &ExternType) -> String {
    match ty {
        ExternType::Func(f) => {
            let p: Vec<&str> = f.params().map(|t| type_keyword(&t)).collect();
            let r: Vec<&str> = f.results().map(|t| type_keyword(&t)).collect();
            format!(
                "({}) -> ({})",
                p.join(", ").replace(':', ""),
                r.join(", ").replace(':', "")
            )
        }
        ExternType::Memory(mem) => format!("memory, {} pages", mem.minimum()),
        ExternType::Global(g) => format!(
            "global {}",
            type_keyword(g.content()).trim_start_matches(':')
        ),
        ExternType::Table(_) => "table".into(),
        ExternType::Tag(_) => "tag".into(),
    }
}

/// `(wasm/describe m)`: a readable summary of the module's imports and exports.
fn describe(_: &Interp, a: &[Value]) -> R {
    if a.len() != 1 {
        return Err(Throw::arity(a.len(), "wasm/describe"));
    }
    let m = module_arg(&a[0])?;
    let mut out = format!("module {}\n", m.name);
    let imports = m.imports();
    if !imports.is_empty() {
        out.push_str("imports:\n");
        for (module, name, ty) in imports {
            out.push_str(&format!("  {module}.{name}: {}\n", type_text(&ty)));
        }
    }
    out.push_str("exports:\n");
    for (name, ty) in m.exports() {
        out.push_str(&format!("  {name}: {}\n", type_text(&ty)));
    }
    Ok(Value::str(&out))
}

/// `(wasm/-fn-check m name sig)`: the checks of `wasm/fn` (written in the dialect): the
/// export exists and is a function; a declared `{:params [...] :results [...]}` matches.
fn fn_check(_: &Interp, a: &[Value]) -> R {
    if a.len() != 3 {
        return Err(Throw::arity(a.len(), "wasm/fn"));
    }
    let m = module_arg(&a[0])?;
    let Value::Str(name) = &a[1] else {
        return Err(Throw::illegal_argument(
            "wasm/fn expects the export name as a string",
        ));
    };
    let exports = m.exports();
    let Some((_, ty)) = exports.iter().find(|(n, _)| n == &**name) else {
        let names: Vec<&str> = exports.iter().map(|(n, _)| n.as_str()).collect();
        return Err(Throw::illegal_argument(format!(
            "wasm: {} has no export \"{name}\"; exports: {}",
            m.name,
            names.join(", ")
        )));
    };
    let ExternType::Func(f) = ty else {
        return Err(Throw::illegal_argument(format!(
            "wasm: export \"{name}\" of {} is not a function",
            m.name
        )));
    };
    if let Value::Map(sig) = &a[2] {
        let actual = [
            ("params", types(&mut f.params())),
            ("results", types(&mut f.results())),
        ];
        for (key, real) in actual {
            if let Some(declared) = sig.get(&kw(key))
                && !crate::value::eq::equiv(declared, &real)
            {
                return Err(Throw::illegal_argument(format!(
                    "wasm/fn: {}.{name} has {key} {}, not the declared {}",
                    m.name,
                    crate::value::print::pr_str(&real),
                    crate::value::print::pr_str(declared)
                )));
            }
        }
    }
    Ok(Value::Nil)
}

/// `(wasm/-utf8-len s)`: the UTF-8 byte length of a string.
fn utf8_len(_: &Interp, a: &[Value]) -> R {
    match a {
        [Value::Str(s)] => Ok(Value::Long(s.len() as i64)),
        _ => Err(Throw::illegal_argument("wasm/-utf8-len expects a string")),
    }
}

/// `(wasm/-alloc m n scratch)`: `n` bytes of guest memory from the guest's allocator
/// (`alloc(n)`, `malloc(n)` or `cabi_realloc(0, 0, 1, n)`), else at the scratch offset.
fn alloc(_: &Interp, a: &[Value]) -> R {
    if a.len() != 3 {
        return Err(Throw::arity(a.len(), "wasm/-alloc"));
    }
    let m = module_arg(&a[0])?;
    let Value::Long(n) = a[1] else {
        return Err(Throw::illegal_argument("wasm/-alloc expects a byte count"));
    };
    let names: Vec<String> = m.exports().into_iter().map(|(n, _)| n).collect();
    let has = |x: &str| names.iter().any(|n| n == x);
    let results = if has("alloc") {
        m.call("alloc", &[Value::Long(n)])?
    } else if has("malloc") {
        m.call("malloc", &[Value::Long(n)])?
    } else if has("cabi_realloc") {
        m.call(
            "cabi_realloc",
            &[
                Value::Long(0),
                Value::Long(0),
                Value::Long(1),
                Value::Long(n),
            ],
        )?
    } else {
        return match &a[2] {
            Value::Long(at) if *at >= 0 => Ok(Value::Long(*at)),
            _ => Err(Throw::illegal_argument(format!(
                "wasm: {} exports no allocator (alloc, malloc or cabi_realloc); pass :scratch-offset",
                m.name
            ))),
        };
    };
    results.first().ok_or_else(|| {
        Throw::illegal_argument(format!(
            "wasm: the allocator of {} returned nothing",
            m.name
        ))
    })
}

/// `(wasm/module? x)`.
fn is_module(_: &Interp, a: &[Value]) -> R {
    if a.len() != 1 {
        return Err(Throw::arity(a.len(), "wasm/module?"));
    }
    Ok(Value::Bool(matches!(a[0], Value::Wasm(_))))
}

/// The natives of the `wasm` and `cljw.wasm` namespaces.
pub const NATIVES: &[(&str, NativeImpl)] = &[
    ("load", load),
    ("call", call),
    ("exports", exports),
    ("imports", imports),
    ("describe", describe),
    ("-fn-check", fn_check),
    ("module?", is_module),
    ("-utf8-len", utf8_len),
    ("load-wasi", load_wasi),
    ("run", run),
    ("-alloc", alloc),
];

//! A WASI preview 1 subset for command-style guests, written against the store's own state
//! rather than an OS: arguments, environment, standard input from a string, standard output
//! and error captured (with a byte cap), clocks, random bytes, and `proc_exit`. There is no
//! filesystem at all: no preopened directories, and `path_open` answers `ENOTCAPABLE`, so a
//! guest can only touch what the options give it. Other WASI functions answer `ENOSYS`.

use wasmtime::{Caller, Extern, Linker};

use super::HostState;

const ESUCCESS: i32 = 0;
const EBADF: i32 = 8;
const EINVAL: i32 = 28;
const ENOSYS: i32 = 52;
const ESPIPE: i32 = 70;
const ENOTCAPABLE: i32 = 76;

/// What a WASI guest sees and what it wrote.
#[derive(Debug, Default)]
pub struct WasiState {
    pub args: Vec<String>,
    pub env: Vec<String>,
    pub stdin: Vec<u8>,
    pub stdin_pos: usize,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Output beyond this many bytes (stdout + stderr) is dropped.
    pub max_output: usize,
    pub truncated: bool,
    /// Set by `proc_exit`.
    pub exit_code: Option<i32>,
}

/// The error `proc_exit` unwinds the guest with (recognised by `wasm/run`).
#[derive(Debug)]
pub struct Exit(pub i32);

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "wasi exit {}", self.0)
    }
}

impl std::error::Error for Exit {}

fn memory(caller: &mut Caller<'_, HostState>) -> Option<wasmtime::Memory> {
    match caller.get_export("memory") {
        Some(Extern::Memory(m)) => Some(m),
        _ => None,
    }
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 4)
        .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
}

fn write_bytes(data: &mut [u8], at: usize, bytes: &[u8]) -> bool {
    match data.get_mut(at..at + bytes.len()) {
        Some(slot) => {
            slot.copy_from_slice(bytes);
            true
        }
        None => false,
    }
}

/// `*_sizes_get`: the count and the total size of NUL-terminated strings.
fn sizes(
    caller: &mut Caller<'_, HostState>,
    items: &[String],
    count_ptr: i32,
    size_ptr: i32,
) -> i32 {
    let Some(mem) = memory(caller) else {
        return EINVAL;
    };
    let size: usize = items.iter().map(|s| s.len() + 1).sum();
    let data = mem.data_mut(caller);
    if write_bytes(
        data,
        count_ptr as usize,
        &(items.len() as u32).to_le_bytes(),
    ) && write_bytes(data, size_ptr as usize, &(size as u32).to_le_bytes())
    {
        ESUCCESS
    } else {
        EINVAL
    }
}

/// `*_get`: pointers into a buffer of NUL-terminated strings.
fn strings(caller: &mut Caller<'_, HostState>, items: &[String], ptrs: i32, buf: i32) -> i32 {
    let Some(mem) = memory(caller) else {
        return EINVAL;
    };
    let data = mem.data_mut(caller);
    let mut at = buf as usize;
    for (i, s) in items.iter().enumerate() {
        let mut bytes = s.as_bytes().to_vec();
        bytes.push(0);
        if !write_bytes(data, ptrs as usize + i * 4, &(at as u32).to_le_bytes())
            || !write_bytes(data, at, &bytes)
        {
            return EINVAL;
        }
        at += bytes.len();
    }
    ESUCCESS
}

fn state<'a>(caller: &'a mut Caller<'_, HostState>) -> Option<&'a mut WasiState> {
    caller.data_mut().wasi.as_mut()
}

/// The WASI functions implemented here (the rest answer `ENOSYS`).
const DEFINED: &[&str] = &[
    "args_sizes_get",
    "args_get",
    "environ_sizes_get",
    "environ_get",
    "fd_write",
    "fd_read",
    "fd_close",
    "fd_fdstat_get",
    "fd_seek",
    "fd_prestat_get",
    "fd_prestat_dir_name",
    "path_open",
    "clock_time_get",
    "random_get",
    "sched_yield",
    "proc_exit",
];

/// Adds the WASI functions to a linker (only for modules loaded with `:wasi`).
pub fn add_to_linker(
    linker: &mut Linker<HostState>,
    module: &wasmtime::Module,
) -> wasmtime::Result<()> {
    const M: &str = "wasi_snapshot_preview1";
    linker.func_wrap(
        M,
        "args_sizes_get",
        |mut c: Caller<'_, HostState>, n: i32, s: i32| {
            let args = state(&mut c).map(|w| w.args.clone()).unwrap_or_default();
            sizes(&mut c, &args, n, s)
        },
    )?;
    linker.func_wrap(
        M,
        "args_get",
        |mut c: Caller<'_, HostState>, p: i32, b: i32| {
            let args = state(&mut c).map(|w| w.args.clone()).unwrap_or_default();
            strings(&mut c, &args, p, b)
        },
    )?;
    linker.func_wrap(
        M,
        "environ_sizes_get",
        |mut c: Caller<'_, HostState>, n: i32, s: i32| {
            let env = state(&mut c).map(|w| w.env.clone()).unwrap_or_default();
            sizes(&mut c, &env, n, s)
        },
    )?;
    linker.func_wrap(
        M,
        "environ_get",
        |mut c: Caller<'_, HostState>, p: i32, b: i32| {
            let env = state(&mut c).map(|w| w.env.clone()).unwrap_or_default();
            strings(&mut c, &env, p, b)
        },
    )?;
    linker.func_wrap(
        M,
        "fd_write",
        |mut c: Caller<'_, HostState>, fd: i32, iovs: i32, n: i32, written: i32| -> i32 {
            if fd != 1 && fd != 2 {
                return EBADF;
            }
            let Some(mem) = memory(&mut c) else {
                return EINVAL;
            };
            let mut out = Vec::new();
            {
                let data = mem.data(&c);
                for i in 0..n.max(0) as usize {
                    let base = iovs as usize + i * 8;
                    let (Some(ptr), Some(len)) = (read_u32(data, base), read_u32(data, base + 4))
                    else {
                        return EINVAL;
                    };
                    let Some(bytes) = data.get(ptr as usize..ptr as usize + len as usize) else {
                        return EINVAL;
                    };
                    out.extend_from_slice(bytes);
                }
            }
            let count = out.len() as u32;
            if let Some(w) = state(&mut c) {
                let room = w.max_output.saturating_sub(w.stdout.len() + w.stderr.len());
                if out.len() > room {
                    out.truncate(room);
                    w.truncated = true;
                }
                if fd == 1 {
                    &mut w.stdout
                } else {
                    &mut w.stderr
                }
                .extend_from_slice(&out);
            }
            let data = mem.data_mut(&mut c);
            if write_bytes(data, written as usize, &count.to_le_bytes()) {
                ESUCCESS
            } else {
                EINVAL
            }
        },
    )?;
    linker.func_wrap(
        M,
        "fd_read",
        |mut c: Caller<'_, HostState>, fd: i32, iovs: i32, n: i32, read: i32| -> i32 {
            if fd != 0 {
                return EBADF;
            }
            let Some(mem) = memory(&mut c) else {
                return EINVAL;
            };
            let (input, pos) = match state(&mut c) {
                Some(w) => (w.stdin.clone(), w.stdin_pos),
                None => (Vec::new(), 0),
            };
            let mut taken = 0usize;
            {
                let data = mem.data_mut(&mut c);
                for i in 0..n.max(0) as usize {
                    let base = iovs as usize + i * 8;
                    let (Some(ptr), Some(len)) = (read_u32(data, base), read_u32(data, base + 4))
                    else {
                        return EINVAL;
                    };
                    let rest = &input[(pos + taken).min(input.len())..];
                    let k = rest.len().min(len as usize);
                    if !write_bytes(data, ptr as usize, &rest[..k]) {
                        return EINVAL;
                    }
                    taken += k;
                }
                if !write_bytes(data, read as usize, &(taken as u32).to_le_bytes()) {
                    return EINVAL;
                }
            }
            if let Some(w) = state(&mut c) {
                w.stdin_pos += taken;
            }
            ESUCCESS
        },
    )?;
    linker.func_wrap(M, "fd_close", |_: Caller<'_, HostState>, fd: i32| {
        if (0..=2).contains(&fd) {
            ESUCCESS
        } else {
            EBADF
        }
    })?;
    linker.func_wrap(
        M,
        "fd_fdstat_get",
        |mut c: Caller<'_, HostState>, fd: i32, stat: i32| -> i32 {
            if !(0..=2).contains(&fd) {
                return EBADF;
            }
            let Some(mem) = memory(&mut c) else {
                return EINVAL;
            };
            // filetype 2 = character device; no flags; all rights.
            let mut s = [0u8; 24];
            s[0] = 2;
            s[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
            s[16..24].copy_from_slice(&u64::MAX.to_le_bytes());
            if write_bytes(mem.data_mut(&mut c), stat as usize, &s) {
                ESUCCESS
            } else {
                EINVAL
            }
        },
    )?;
    linker.func_wrap(
        M,
        "fd_seek",
        |_: Caller<'_, HostState>, _: i32, _: i64, _: i32, _: i32| ESPIPE,
    )?;
    linker.func_wrap(
        M,
        "fd_prestat_get",
        |_: Caller<'_, HostState>, _: i32, _: i32| EBADF,
    )?;
    linker.func_wrap(
        M,
        "fd_prestat_dir_name",
        |_: Caller<'_, HostState>, _: i32, _: i32, _: i32| EBADF,
    )?;
    linker.func_wrap(
        M,
        "path_open",
        |_: Caller<'_, HostState>,
         _: i32,
         _: i32,
         _: i32,
         _: i32,
         _: i32,
         _: i64,
         _: i64,
         _: i32,
         _: i32| ENOTCAPABLE,
    )?;
    linker.func_wrap(
        M,
        "clock_time_get",
        |mut c: Caller<'_, HostState>, _id: i32, _prec: i64, out: i32| -> i32 {
            let Some(mem) = memory(&mut c) else {
                return EINVAL;
            };
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            if write_bytes(mem.data_mut(&mut c), out as usize, &now.to_le_bytes()) {
                ESUCCESS
            } else {
                EINVAL
            }
        },
    )?;
    linker.func_wrap(
        M,
        "random_get",
        |mut c: Caller<'_, HostState>, buf: i32, len: i32| -> i32 {
            let Some(mem) = memory(&mut c) else {
                return EINVAL;
            };
            let bytes: Vec<u8> = (0..len.max(0))
                .map(|_| (crate::core::random_f64() * 256.0) as u8)
                .collect();
            if write_bytes(mem.data_mut(&mut c), buf as usize, &bytes) {
                ESUCCESS
            } else {
                EINVAL
            }
        },
    )?;
    linker.func_wrap(M, "sched_yield", |_: Caller<'_, HostState>| ESUCCESS)?;
    linker.func_wrap(
        M,
        "proc_exit",
        |mut c: Caller<'_, HostState>, code: i32| -> wasmtime::Result<()> {
            if let Some(w) = state(&mut c) {
                w.exit_code = Some(code);
            }
            Err(wasmtime::Error::new(Exit(code)))
        },
    )?;
    // Anything else the module imports from WASI: ENOSYS (no capability).
    for import in module.imports().filter(|i| i.module() == M) {
        if let wasmtime::ExternType::Func(ty) = import.ty()
            && !DEFINED.contains(&import.name())
        {
            let results: Vec<wasmtime::ValType> = ty.results().collect();
            linker.func_new(M, import.name(), ty.clone(), move |_, _, out| {
                for (slot, t) in out.iter_mut().zip(&results) {
                    *slot = match t {
                        wasmtime::ValType::I64 => wasmtime::Val::I64(i64::from(ENOSYS)),
                        _ => wasmtime::Val::I32(ENOSYS),
                    };
                }
                Ok(())
            })?;
        }
    }
    Ok(())
}

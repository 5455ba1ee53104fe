//! A WASI preview 1 subset for command-style guests, written against the store's own state
//! rather than an OS: arguments, environment, standard input from a string, standard output
//! and error captured (with a byte cap), clocks, random bytes, `proc_exit`, and files only
//! inside the directories granted with `:dirs` (`wasi_fs.rs`; without it there are no
//! preopened directories and no file can be opened). Other WASI functions answer `ENOSYS`.

use wasmtime::{Caller, Extern, Linker};

use super::HostState;

const ESUCCESS: i32 = 0;
const EBADF: i32 = 8;
const EINVAL: i32 = 28;
const ENOSYS: i32 = 52;
const ESPIPE: i32 = 70;

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
    /// Preopened directories (from `:dirs`) and open files.
    pub fs: super::wasi_fs::Fs,
}

/// The bytes of each iovec (`ptr`, `len` pairs at `iovs`), or `None` when one is out of
/// bounds.
fn iovec_ranges(data: &[u8], iovs: i32, n: i32) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    for i in 0..n.max(0) as usize {
        let base = iovs as usize + i * 8;
        let ptr = read_u32(data, base)? as usize;
        let len = read_u32(data, base + 4)? as usize;
        data.get(ptr..ptr + len)?;
        out.push((ptr, len));
    }
    Some(out)
}

/// Reads or writes a file descriptor opened by `path_open`.
fn file_io(
    c: &mut Caller<'_, HostState>,
    fd: i32,
    iovs: i32,
    n: i32,
    count: i32,
    write: bool,
) -> i32 {
    let Some(mem) = memory(c) else {
        return EINVAL;
    };
    let Some(ranges) = iovec_ranges(mem.data(&*c), iovs, n) else {
        return EINVAL;
    };
    let mut total = 0usize;
    for (ptr, len) in ranges {
        let mut buf = if write {
            mem.data(&*c)[ptr..ptr + len].to_vec()
        } else {
            vec![0u8; len]
        };
        let Some(w) = state(c) else { return EBADF };
        let r = if write {
            w.fs.write(fd, &buf)
        } else {
            w.fs.read(fd, &mut buf)
        };
        match r {
            Ok(k) => {
                if !write {
                    mem.data_mut(&mut *c)[ptr..ptr + k].copy_from_slice(&buf[..k]);
                }
                total += k;
                if k < len {
                    break;
                }
            }
            Err(e) => return e,
        }
    }
    if write_bytes(
        mem.data_mut(&mut *c),
        count as usize,
        &(total as u32).to_le_bytes(),
    ) {
        ESUCCESS
    } else {
        EINVAL
    }
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
                return file_io(&mut c, fd, iovs, n, written, true);
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
                return file_io(&mut c, fd, iovs, n, read, false);
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
    linker.func_wrap(M, "fd_close", |mut c: Caller<'_, HostState>, fd: i32| {
        if (0..=2).contains(&fd) {
            return ESUCCESS;
        }
        match state(&mut c).map(|w| w.fs.close(fd)) {
            Some(Ok(())) => ESUCCESS,
            Some(Err(e)) => e,
            None => EBADF,
        }
    })?;
    linker.func_wrap(
        M,
        "fd_fdstat_get",
        |mut c: Caller<'_, HostState>, fd: i32, stat: i32| -> i32 {
            // filetype 2 = character device, 3 = directory, 4 = regular file.
            let filetype = match fd {
                0..=2 => 2,
                _ => match state(&mut c) {
                    Some(w) if w.fs.preopen(fd).is_some() => 3,
                    Some(w) if w.fs.is_file(fd) => 4,
                    _ => return EBADF,
                },
            };
            let Some(mem) = memory(&mut c) else {
                return EINVAL;
            };
            // No flags; all rights.
            let mut s = [0u8; 24];
            s[0] = filetype;
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
        |mut c: Caller<'_, HostState>, fd: i32, offset: i64, whence: i32, out: i32| -> i32 {
            let r = match state(&mut c) {
                Some(w) if w.fs.is_file(fd) => w.fs.seek(fd, offset, whence),
                _ => return ESPIPE,
            };
            match r {
                Ok(pos) => {
                    let Some(mem) = memory(&mut c) else {
                        return EINVAL;
                    };
                    if write_bytes(mem.data_mut(&mut c), out as usize, &pos.to_le_bytes()) {
                        ESUCCESS
                    } else {
                        EINVAL
                    }
                }
                Err(e) => e,
            }
        },
    )?;
    linker.func_wrap(
        M,
        "fd_prestat_get",
        |mut c: Caller<'_, HostState>, fd: i32, buf: i32| -> i32 {
            let Some(len) = state(&mut c).and_then(|w| w.fs.preopen(fd).map(|p| p.guest.len()))
            else {
                return EBADF;
            };
            let Some(mem) = memory(&mut c) else {
                return EINVAL;
            };
            // Tag 0 (a directory), then the length of its name.
            let mut s = [0u8; 8];
            s[4..8].copy_from_slice(&(len as u32).to_le_bytes());
            if write_bytes(mem.data_mut(&mut c), buf as usize, &s) {
                ESUCCESS
            } else {
                EINVAL
            }
        },
    )?;
    linker.func_wrap(
        M,
        "fd_prestat_dir_name",
        |mut c: Caller<'_, HostState>, fd: i32, path: i32, len: i32| -> i32 {
            let Some(name) = state(&mut c).and_then(|w| w.fs.preopen(fd).map(|p| p.guest.clone()))
            else {
                return EBADF;
            };
            let Some(mem) = memory(&mut c) else {
                return EINVAL;
            };
            let bytes = &name.as_bytes()[..name.len().min(len.max(0) as usize)];
            if write_bytes(mem.data_mut(&mut c), path as usize, bytes) {
                ESUCCESS
            } else {
                EINVAL
            }
        },
    )?;
    linker.func_wrap(
        M,
        "path_open",
        |mut c: Caller<'_, HostState>,
         dirfd: i32,
         _dirflags: i32,
         path: i32,
         path_len: i32,
         oflags: i32,
         rights: i64,
         _inheriting: i64,
         fdflags: i32,
         out: i32|
         -> i32 {
            let Some(mem) = memory(&mut c) else {
                return EINVAL;
            };
            let Some(bytes) = mem
                .data(&c)
                .get(path as usize..(path as usize).saturating_add(path_len.max(0) as usize))
            else {
                return EINVAL;
            };
            let Ok(rel) = String::from_utf8(bytes.to_vec()) else {
                return EINVAL;
            };
            let opened = match state(&mut c) {
                Some(w) => w.fs.open(dirfd, &rel, oflags, rights, fdflags),
                None => Err(EBADF),
            };
            match opened {
                Ok(fd) => {
                    if write_bytes(mem.data_mut(&mut c), out as usize, &fd.to_le_bytes()) {
                        ESUCCESS
                    } else {
                        EINVAL
                    }
                }
                Err(e) => e,
            }
        },
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

//! Files for WASI guests, only inside directories the dialect code granted with `:dirs
//! [[host guest] …]`: each host directory is a preopened directory descriptor (3, 4, …);
//! `path_open` resolves a relative path under one of them and refuses absolute paths, `..`
//! components and symbolic links that lead outside (`ENOTCAPABLE`). Without `:dirs` there
//! are no preopens and no file can be opened.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Component, Path, PathBuf};

pub const EACCES: i32 = 2;
pub const EBADF: i32 = 8;
pub const EEXIST: i32 = 20;
pub const EINVAL: i32 = 28;
pub const EIO: i32 = 29;
pub const EISDIR: i32 = 31;
pub const ENOENT: i32 = 44;
pub const ENOTCAPABLE: i32 = 76;

const O_CREAT: i32 = 1;
const O_DIRECTORY: i32 = 2;
const O_EXCL: i32 = 4;
const O_TRUNC: i32 = 8;
const FDFLAG_APPEND: i32 = 1;
const RIGHT_FD_WRITE: i64 = 1 << 6;

/// A host directory the guest sees under `guest`.
#[derive(Debug)]
pub struct Preopen {
    pub host: PathBuf,
    pub guest: String,
}

/// The guest's preopened directories and open files.
#[derive(Debug, Default)]
pub struct Fs {
    pub preopens: Vec<Preopen>,
    files: HashMap<i32, File>,
    next_fd: i32,
}

fn io_errno(e: &std::io::Error) -> i32 {
    match e.kind() {
        std::io::ErrorKind::NotFound => ENOENT,
        std::io::ErrorKind::PermissionDenied => EACCES,
        std::io::ErrorKind::AlreadyExists => EEXIST,
        std::io::ErrorKind::IsADirectory => EISDIR,
        _ => EIO,
    }
}

impl Fs {
    /// Grants `dirs` (host path, guest name); each host path must be an existing directory.
    pub fn new(dirs: &[(String, String)]) -> Result<Fs, String> {
        let mut preopens = Vec::new();
        for (host, guest) in dirs {
            let canonical = std::fs::canonicalize(host)
                .map_err(|e| format!("wasm: :dirs entry {host:?}: {e}"))?;
            if !canonical.is_dir() {
                return Err(format!("wasm: :dirs entry {host:?} is not a directory"));
            }
            preopens.push(Preopen {
                host: canonical,
                guest: guest.clone(),
            });
        }
        let next_fd = 3 + preopens.len() as i32;
        Ok(Fs {
            preopens,
            files: HashMap::new(),
            next_fd,
        })
    }

    pub fn preopen(&self, fd: i32) -> Option<&Preopen> {
        usize::try_from(fd - 3)
            .ok()
            .and_then(|i| self.preopens.get(i))
    }

    pub fn is_file(&self, fd: i32) -> bool {
        self.files.contains_key(&fd)
    }

    /// The host path of `rel` under preopen `dirfd`, if it stays inside it.
    fn resolve(&self, dirfd: i32, rel: &str) -> Result<PathBuf, i32> {
        let root = &self.preopen(dirfd).ok_or(EBADF)?.host;
        let rel_path = Path::new(rel);
        if rel_path.is_absolute()
            || rel_path
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return Err(ENOTCAPABLE);
        }
        let path = root.join(rel_path);
        // Symbolic links must not lead outside: check the real location of the file, or of
        // its directory when the file does not exist yet.
        let real = match std::fs::canonicalize(&path) {
            Ok(p) => p,
            Err(_) => {
                let parent = path.parent().ok_or(ENOTCAPABLE)?;
                let parent = std::fs::canonicalize(parent).map_err(|e| io_errno(&e))?;
                parent.join(path.file_name().ok_or(EINVAL)?)
            }
        };
        if !real.starts_with(root) {
            return Err(ENOTCAPABLE);
        }
        Ok(real)
    }

    /// `path_open`: a new file descriptor.
    pub fn open(
        &mut self,
        dirfd: i32,
        rel: &str,
        oflags: i32,
        rights: i64,
        fdflags: i32,
    ) -> Result<i32, i32> {
        let path = self.resolve(dirfd, rel)?;
        if oflags & O_DIRECTORY != 0 || path.is_dir() {
            return Err(EISDIR);
        }
        let write = rights & RIGHT_FD_WRITE != 0 || oflags & (O_CREAT | O_TRUNC) != 0;
        let mut opts = OpenOptions::new();
        opts.read(true)
            .write(write && fdflags & FDFLAG_APPEND == 0)
            .append(write && fdflags & FDFLAG_APPEND != 0)
            .truncate(oflags & O_TRUNC != 0);
        if oflags & O_CREAT != 0 {
            if oflags & O_EXCL != 0 {
                opts.create_new(true);
            } else {
                opts.create(true);
            }
        }
        let file = opts.open(&path).map_err(|e| io_errno(&e))?;
        let fd = self.next_fd;
        self.next_fd += 1;
        self.files.insert(fd, file);
        Ok(fd)
    }

    pub fn read(&mut self, fd: i32, buf: &mut [u8]) -> Result<usize, i32> {
        let f = self.files.get_mut(&fd).ok_or(EBADF)?;
        f.read(buf).map_err(|e| io_errno(&e))
    }

    pub fn write(&mut self, fd: i32, bytes: &[u8]) -> Result<usize, i32> {
        let f = self.files.get_mut(&fd).ok_or(EBADF)?;
        f.write_all(bytes).map_err(|e| io_errno(&e))?;
        Ok(bytes.len())
    }

    pub fn seek(&mut self, fd: i32, offset: i64, whence: i32) -> Result<u64, i32> {
        let f = self.files.get_mut(&fd).ok_or(EBADF)?;
        let to = match whence {
            0 => SeekFrom::Start(u64::try_from(offset).map_err(|_| EINVAL)?),
            1 => SeekFrom::Current(offset),
            2 => SeekFrom::End(offset),
            _ => return Err(EINVAL),
        };
        f.seek(to).map_err(|e| io_errno(&e))
    }

    /// Closes a file; preopened directories stay open.
    pub fn close(&mut self, fd: i32) -> Result<(), i32> {
        if self.files.remove(&fd).is_some() || self.preopen(fd).is_some() {
            Ok(())
        } else {
            Err(EBADF)
        }
    }
}

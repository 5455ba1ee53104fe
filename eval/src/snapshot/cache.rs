//! Where start-up images are kept: in memory for the rest of the process, and on disk as
//! `core-KEY.img` in `$KILN_CACHE_DIR`, else `$XDG_CACHE_HOME/kiln`, else
//! `$HOME/.cache/kiln`. `KILN_CORE_CACHE=off` keeps images in memory only.
//!
//! The key hashes the crate version, the bundled sources, the names in the table of
//! natives, and the running executable's size and modification time, so each build reads only images it wrote itself. A file starts
//! with a magic number, the key and a checksum of the rest; a file that does not match is
//! ignored (and replaced after the next boot from source). Files are written to a temporary
//! name and renamed, so concurrent processes never read half an image; only the eight most
//! recent images are kept.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

const MAGIC: &[u8; 8] = b"KILNIMG\x01";
const HEADER: usize = 24;
/// Images kept on disk (several builds of kiln may share a cache directory).
const KEEP: usize = 8;

static MEMORY: Mutex<Option<Arc<[u8]>>> = Mutex::new(None);

/// The bundled sources a runtime boots from (their text is part of the key).
fn sources() -> [&'static str; 5] {
    [
        crate::core::CORE_CLJ,
        crate::core::SEQS_CLJ,
        crate::core::TYPES_CLJ,
        crate::core::EXTRAS_CLJ,
        crate::wasm::WASM_CLJ,
    ]
}

/// A 64-bit hash of `bytes` after `seed` (FxHash: fast enough for megabytes at start-up;
/// it detects damage, it is not a cryptographic check).
pub fn checksum(seed: u64, bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write_u64(seed);
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

/// This build's key, or `None` when the executable cannot be identified (then images are
/// kept in memory only).
fn key() -> Option<u64> {
    static KEY: OnceLock<Option<u64>> = OnceLock::new();
    *KEY.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let meta = std::fs::metadata(exe).ok()?;
        let mtime = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos() as u64;
        let mut h = checksum(
            meta.len() ^ mtime.rotate_left(32),
            env!("CARGO_PKG_VERSION").as_bytes(),
        );
        for src in sources() {
            h = checksum(h, src.as_bytes());
        }
        // Images name natives by index: the table's order is part of the key too.
        for (_, name, _) in crate::core::native_table() {
            h = checksum(h, name.as_bytes());
        }
        Some(h)
    })
}

fn dir() -> Option<PathBuf> {
    if std::env::var("KILN_CORE_CACHE").is_ok_and(|v| v == "off" || v == "0") {
        return None;
    }
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("KILN_CACHE_DIR")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("kiln")))
        .or_else(|| var("HOME").map(|d| d.join(".cache").join("kiln")))
}

fn file(key: u64) -> Option<PathBuf> {
    Some(dir()?.join(format!("core-{key:016x}.img")))
}

/// The image for this build: from memory, else from disk.
pub fn load() -> Option<Arc<[u8]>> {
    if let Some(bytes) = MEMORY.lock().ok()?.clone() {
        return Some(bytes);
    }
    let key = key()?;
    let data = std::fs::read(file(key)?).ok()?;
    let payload = verify(&data, key)?;
    let bytes: Arc<[u8]> = Arc::from(payload);
    *MEMORY.lock().ok()? = Some(bytes.clone());
    Some(bytes)
}

/// The payload of a file written by [`store`] for `key`, if it is intact.
fn verify(data: &[u8], key: u64) -> Option<&[u8]> {
    let (header, payload) = data.split_at_checked(HEADER)?;
    let word = |i: usize| u64::from_le_bytes(header[i..i + 8].try_into().unwrap_or([0; 8]));
    (&header[..8] == MAGIC && word(8) == key && word(16) == checksum(key, payload))
        .then_some(payload)
}

/// Keeps `payload` for later runtimes of this process and, when possible, on disk.
pub fn store(payload: Vec<u8>) {
    let bytes: Arc<[u8]> = Arc::from(payload);
    if let Ok(mut m) = MEMORY.lock() {
        *m = Some(bytes.clone());
    }
    if let Some(key) = key() {
        // A cache that cannot be written only costs the next start-up its speed.
        let _ = write(key, &bytes);
    }
}

/// Drops the in-memory image (after it failed to restore).
pub fn forget() {
    if let Ok(mut m) = MEMORY.lock() {
        *m = None;
    }
}

fn write(key: u64, payload: &[u8]) -> std::io::Result<()> {
    let Some(path) = file(key) else {
        return Ok(());
    };
    let Some(dir) = path.parent() else {
        return Ok(());
    };
    std::fs::create_dir_all(dir)?;
    let mut data = Vec::with_capacity(HEADER + payload.len());
    data.extend_from_slice(MAGIC);
    data.extend_from_slice(&key.to_le_bytes());
    data.extend_from_slice(&checksum(key, payload).to_le_bytes());
    data.extend_from_slice(payload);
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".core-{key:016x}.{}.{n}.tmp", std::process::id()));
    std::fs::write(&tmp, &data)?;
    if let Err(e) = std::fs::rename(&tmp, &path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    prune(dir);
    Ok(())
}

/// Removes all but the [`KEEP`] most recently written images.
fn prune(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut images: Vec<_> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("core-") && name.ends_with(".img")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    images.sort_by_key(|b| std::cmp::Reverse(b.0));
    for (_, path) in images.into_iter().skip(KEEP) {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_accepted_only_with_its_key_and_an_intact_payload() {
        let payload = b"some image bytes".to_vec();
        let mut data = MAGIC.to_vec();
        data.extend_from_slice(&7u64.to_le_bytes());
        data.extend_from_slice(&checksum(7, &payload).to_le_bytes());
        data.extend_from_slice(&payload);
        assert_eq!(verify(&data, 7), Some(&payload[..]));
        assert_eq!(verify(&data, 8), None);
        let mut flipped = data.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(verify(&flipped, 7), None);
        assert_eq!(verify(&data[..10], 7), None);
        assert_eq!(verify(&[], 7), None);
    }
}

//! The module reader the linter and language server use: interfaces read from `.wat` text
//! and `.wasm` binaries without compiling or instantiating anything, errors as values, and
//! the per-path cache invalidated by modification time.

use std::path::{Path, PathBuf};

use eval::wasm::reader::{ItemKind, ReadError, read_module, read_module_file};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/wasm")
        .join(name)
}

fn summary(path: &Path) -> String {
    let info = read_module_file(path);
    let info = info.as_ref().as_ref().expect("module reads");
    let mut out = String::new();
    for i in &info.imports {
        out += &format!("import {}.{}: {}\n", i.module, i.name, i.kind.describe());
    }
    for e in &info.exports {
        out += &format!("export {}: {}\n", e.name, e.kind.describe());
    }
    out
}

#[test]
fn exports_of_a_text_module() {
    assert_eq!(
        summary(&fixture("add.wat")),
        "export add: (i32, i32) -> i32\n\
         export add64: (i64, i64) -> i64\n\
         export divmod: (i32, i32) -> (i32, i32)\n\
         export trap_div: (i32) -> i32\n\
         export spin: () -> ()\n"
    );
}

#[test]
fn imports_are_read_with_their_signatures() {
    assert_eq!(
        summary(&fixture("reentrant.wat")),
        "import env.callback: (i32) -> i32\n\
         export double: (i32) -> i32\n\
         export run: (i32) -> i32\n"
    );
}

#[test]
fn binary_modules_memories_globals_and_tables() {
    let wat = r#"(module
        (import "env" "mem" (memory 1 4))
        (import "env" "g" (global (mut i64)))
        (memory (export "memory") 2)
        (table (export "tbl") 3 funcref)
        (global (export "answer") f64 (f64.const 42))
        (func (export "f") (param f32 f64) (result i64) i64.const 0))"#;
    let bytes = wat::parse_str(wat).unwrap();
    assert!(bytes.starts_with(b"\0asm"));
    let info = read_module(&bytes).unwrap();
    let d: Vec<String> = info
        .imports
        .iter()
        .map(|i| format!("{}.{} {}", i.module, i.name, i.kind.describe()))
        .chain(
            info.exports
                .iter()
                .map(|e| format!("{} {}", e.name, e.kind.describe())),
        )
        .collect();
    assert_eq!(
        d,
        [
            "env.mem memory (min 1, max 4 pages)",
            "env.g global mut i64",
            "memory memory (min 2 pages)",
            "tbl table (min 3)",
            "answer global f64",
            "f (f32, f64) -> i64",
        ]
    );
    assert_eq!(
        info.export("f").map(|e| &e.kind),
        Some(&ItemKind::Func {
            params: vec!["f32".into(), "f64".into()],
            results: vec!["i64".into()],
        })
    );
    assert!(info.export("nope").is_none());
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    assert!(matches!(
        read_module(b"(module (func"),
        Err(ReadError::Wat(_))
    ));
    assert!(matches!(
        read_module(b"\0asm\x01\0\0\0\x01\xff"),
        Err(ReadError::Binary(_))
    ));
    let missing = read_module_file(Path::new("/nonexistent/kiln/x.wasm"));
    match missing.as_ref() {
        Err(e @ ReadError::Io { .. }) => {
            assert!(e.to_string().contains("/nonexistent/kiln/x.wasm"))
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
}

#[test]
fn the_cache_follows_file_changes() {
    let dir = std::env::temp_dir().join(format!("kiln-wasm-reader-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("m.wat");
    std::fs::write(&path, r#"(module (func (export "a")))"#).unwrap();
    assert_eq!(summary(&path), "export a: () -> ()\n");
    // Same path, new content and a later modification time: the reader sees the change.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, r#"(module (func (export "b") (param i32)))"#).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();
    assert_eq!(summary(&path), "export b: (i32) -> ()\n");
    std::fs::remove_dir_all(&dir).ok();
}

//! Golden tree tests: every `test_data/{ok,err}/*.clj` is parsed and its tree dump compared
//! with the `.txt` file beside it. `UPDATE_EXPECT=1 cargo test -p syntax --test golden`
//! rewrites the expected files. Files under `ok/` must parse without errors, files under
//! `err/` must produce at least one; every case must round-trip byte for byte.

use std::path::{Path, PathBuf};

fn cases(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "clj"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no cases in {}", dir.display());
    files
}

fn check(path: &Path, expect_errors: bool) {
    let text = std::fs::read_to_string(path).unwrap();
    let parse = syntax::parse(&text);
    assert_eq!(
        parse.syntax().to_string(),
        text,
        "{} does not round-trip",
        path.display()
    );
    assert_eq!(
        !parse.errors().is_empty(),
        expect_errors,
        "{}: errors {:?}",
        path.display(),
        parse.errors()
    );
    expect_test::expect_file![path.with_extension("txt")].assert_eq(&parse.debug_tree());
}

#[test]
fn ok_cases() {
    for path in cases("ok") {
        check(&path, false);
    }
}

#[test]
fn error_cases() {
    for path in cases("err") {
        check(&path, true);
    }
}

//! `kiln parse`: the tree dump and `--check`'s `file:line:col: message` lines and exit codes.

use expect_test::expect;
use kiln_e2e::{kiln, stdout};

#[test]
fn check_reports_each_error_with_its_position_and_exits_1() {
    let out = kiln(&[
        "parse",
        "--check",
        "fixtures/examples/broken.clj",
        "fixtures/examples/ok.clj",
    ]);
    assert_eq!(out.status.code(), Some(1));
    expect![[r#"
        fixtures/examples/broken.clj:5:1: unclosed `(`: missing `)`
        fixtures/examples/broken.clj:9:22: unmatched delimiter `)`
        fixtures/examples/broken.clj:9:23: unmatched delimiter `]`
        fixtures/examples/broken.clj:11:12: invalid number `1/0x2`
        fixtures/examples/broken.clj:12:15: unsupported character `\spac`
        fixtures/examples/broken.clj:13:1: unclosed `(`: missing `)`
        fixtures/examples/broken.clj:13:14: unterminated regex: missing closing `"`
    "#]]
    .assert_eq(&stdout(&out));
}

#[test]
fn check_of_a_clean_file_prints_nothing_and_exits_0() {
    let out = kiln(&["parse", "--check", "fixtures/examples/ok.clj"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
}

#[test]
fn columns_count_characters_not_bytes() {
    let dir = std::env::temp_dir().join(format!("kiln-cli-parse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("u.clj");
    std::fs::write(&file, "(def é \"😀\") 1.2.3\n").unwrap();
    let out = kiln(&["parse", "--check", file.to_str().unwrap()]);
    assert_eq!(
        stdout(&out),
        format!("{}:1:13: invalid number `1.2.3`\n", file.display())
    );
}

#[test]
fn tree_dump() {
    let out = kiln(&["parse", "-"]);
    // No stdin given: empty input parses to an empty root.
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "ROOT@0..0\n");
    let out = kiln(&["parse", "fixtures/examples/ok.clj"]);
    let dump = stdout(&out);
    assert!(
        dump.starts_with("ROOT@0..")
            && dump.contains("SYMBOL@")
            && dump.contains("SYMBOLIC_VALUE@")
    );
}

#[test]
fn unreadable_file_is_a_clear_error_with_exit_2() {
    let out = kiln(&["parse", "--check", "no/such/file.clj"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no/such/file.clj") && err.contains("cannot read"),
        "{err}"
    );
}

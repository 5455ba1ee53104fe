//! WASI commands: `wasm/run` (arguments, stdin, captured stdout/stderr, exit codes as data,
//! output cap), `wasm/load-wasi` (output goes to `*out*`/`*err*`), and the capability
//! rules: no WASI unless granted, files only inside the directories `:dirs` grants.

mod common;
use common::fixture;

use eval::Runtime;

fn eval(rt: &Runtime, src: &str) -> String {
    match rt.eval_str(src, "<test>") {
        Ok(v) => rt.pr_str(&v),
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn run_a_command() {
    let rt = Runtime::new().unwrap();
    let p = fixture("wasi_echo.wat");
    assert_eq!(
        eval(
            &rt,
            &format!("(wasm/run {p:?} {{:args [\"a\" \"b\"] :stdin \"from stdin\"}})")
        ),
        "{:out \"hello from wasi\\nwasi_echo.wat\\na\\nb\\n\", :err \"from stdin\", :exit 2}"
    );
    assert_eq!(
        eval(&rt, &format!("(wasm/run {p:?})")),
        "{:out \"hello from wasi\\nwasi_echo.wat\\n\", :err \"\", :exit 0}"
    );
    assert_eq!(
        eval(&rt, &format!("(wasm/run {p:?} {{:max-output-bytes 5}})")),
        "{:out \"hello\", :err \"\", :exit 0, :truncated true}"
    );
    // The v0 spelling.
    assert_eq!(
        eval(
            &rt,
            &format!("(:exit (cljw.wasm/run {p:?} {{:args [1 2 3]}}))")
        ),
        "3"
    );
}

#[test]
fn load_wasi_prints_to_out() {
    let rt = Runtime::new().unwrap();
    let o = rt.eval_capture(
        &format!(
            "(def m (wasm/load-wasi {:?} {{:stdin \"typed\"}})) (wasm/call m \"_start\")",
            fixture("wasi_echo.wat")
        ),
        "<t>",
    );
    assert_eq!(rt.pr_str(&o.value.unwrap()), "nil");
    assert_eq!(o.out, "hello from wasi\nwasi_echo.wat\n");
    assert_eq!(o.err, "typed");
}

#[test]
fn capabilities_are_granted_not_assumed() {
    let rt = Runtime::new().unwrap();
    let p = fixture("wasi_echo.wat");
    let e = eval(&rt, &format!("(wasm/load {p:?})"));
    assert!(
        e.contains("needs imports that were not given: wasi_snapshot_preview1.fd_write"),
        "{e}"
    );
    let e = eval(
        &rt,
        &format!("(wasm/run {p:?} {{:dirs [[\"/no/such/dir\" \"/\"]]}})"),
    );
    assert!(e.contains(":dirs entry \"/no/such/dir\""), "{e}");
}

#[test]
fn files_only_inside_granted_directories() {
    let dir = std::env::temp_dir().join(format!("kiln-wasi-{}", std::process::id()));
    let sandbox = dir.join("granted");
    std::fs::create_dir_all(&sandbox).unwrap();
    std::fs::write(sandbox.join("in.txt"), "file contents\n").unwrap();
    std::fs::write(dir.join("escape.txt"), "secret").unwrap();
    let rt = Runtime::new().unwrap();
    let p = fixture("wasi_files.wat");
    let host = sandbox.to_string_lossy().into_owned();
    // Granted: reads in.txt, writes out.txt; `../escape.txt` is refused (else exit 100).
    assert_eq!(
        eval(
            &rt,
            &format!("(wasm/run {p:?} {{:dirs [[{host:?} \"/data\"]]}})")
        ),
        "{:out \"file contents\\n\", :err \"\", :exit 0}"
    );
    assert_eq!(
        std::fs::read_to_string(sandbox.join("out.txt")).unwrap(),
        "file contents\n"
    );
    // Not granted: no preopened directory, so nothing can be opened.
    std::fs::remove_file(sandbox.join("out.txt")).unwrap();
    assert_eq!(eval(&rt, &format!("(:exit (wasm/run {p:?}))")), "100");
    assert!(!sandbox.join("out.txt").exists());
    // A symbolic link out of the granted directory is refused like `..`.
    #[cfg(unix)]
    {
        std::fs::remove_file(sandbox.join("in.txt")).unwrap();
        std::os::unix::fs::symlink(dir.join("escape.txt"), sandbox.join("in.txt")).unwrap();
        assert_eq!(
            eval(
                &rt,
                &format!("(:exit (wasm/run {p:?} {{:dirs [[{host:?} \".\"]]}}))")
            ),
            "76"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

//! Hostile inputs: deep nesting, long prefix chains and huge flat inputs must neither
//! overflow the stack nor hang, and must still round-trip. Each runs on a thread with a
//! deliberately small stack (256 KiB), so a recursion the limits fail to bound shows up here.

use syntax::{MAX_DEPTH, parse};

fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 * 1024 + MAX_DEPTH as usize * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

fn check_deep(text: String) {
    on_small_stack(move || {
        let parse = parse(&text);
        assert_eq!(parse.syntax().to_string(), text);
        assert!(
            parse
                .errors()
                .iter()
                .any(|e| e.message.contains("nesting deeper")),
            "no nesting error"
        );
    });
}

#[test]
fn ten_thousand_open_parens() {
    check_deep("(".repeat(10_000));
}

#[test]
fn deep_balanced_nesting_of_every_collection() {
    for (open, close) in [("(", ")"), ("[", "]"), ("{", "}"), ("#{", "}"), ("#(", ")")] {
        check_deep(format!("{}x{}", open.repeat(20_000), close.repeat(20_000)));
    }
}

#[test]
fn long_prefix_chains() {
    for prefix in ["'", "@", "#_", "^:a ", "`~", "#'", "#?(:clj ", "#inst "] {
        check_deep(format!("{}x", prefix.repeat(20_000)));
    }
}

#[test]
fn nesting_at_the_limit_is_fine() {
    let depth = MAX_DEPTH as usize - 1;
    let text = format!("{}x{}", "(".repeat(depth), ")".repeat(depth));
    on_small_stack(move || {
        let parse = parse(&text);
        assert!(parse.errors().is_empty(), "{:?}", &parse.errors()[..1]);
    });
}

#[test]
fn huge_flat_inputs() {
    for unit in ["a ", ")", "\"", "#", "\\", "[", "(a) ", ":", "1.2.3 ", "#_"] {
        let text = unit.repeat(200_000);
        let parse = parse(&text);
        assert_eq!(parse.syntax().to_string(), text, "{unit:?}");
    }
}

//! VS Code for real: `vscode-extension/e2e/run.sh` packages the extension (with the kiln
//! binary under test inside), installs the `.vsix` into code-server 4.100.3, opens the
//! editor fixture project and drives it with headless Chromium (`e2e/drive.js`): a
//! diagnostic squiggle and the Problems count, hover with a docstring, completion of a
//! project var, go to definition, Evaluate Top-Level Form's inline results and their hover.
//! Screenshots and `checks.json` are kept in `target/vscode-e2e/`. Needs Node, npm and the
//! packages `run.sh` installs (Chromium, code-server's build dependencies); it never skips.

use std::process::Command;

use kiln_e2e::{kiln_bin, root};

#[test]
fn vscode_extension_in_code_server() {
    let artifacts = root().join("target/vscode-e2e");
    let _ = std::fs::remove_dir_all(&artifacts);
    let out = Command::new(root().join("vscode-extension/e2e/run.sh"))
        .env("KILN_BIN", kiln_bin())
        .env("ARTIFACTS", &artifacts)
        .output()
        .expect("vscode-extension/e2e/run.sh runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "VS Code end-to-end test failed:\n{log}"
    );
    let checks: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(artifacts.join("checks.json")).unwrap())
            .unwrap();
    assert!(
        checks["hover"]
            .as_str()
            .unwrap()
            .contains("Returns a greeting"),
        "{checks}"
    );
    assert!(
        checks["completion"].as_str().unwrap().contains("u/greet"),
        "{checks}"
    );
    assert!(
        checks["definition"].as_str().unwrap().starts_with("Ln 4,"),
        "{checks}"
    );
    let inline: Vec<&str> = checks["inline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        inline.contains(&"=> #'app.core/total") && inline.contains(&"=> #'app.core/answer"),
        "{checks}"
    );
    for shot in [
        "1-diagnostics.png",
        "2-hover.png",
        "3-completion.png",
        "4-definition.png",
        "5-eval.png",
        "6-result-hover.png",
    ] {
        assert!(artifacts.join(shot).exists(), "missing screenshot {shot}");
    }
}

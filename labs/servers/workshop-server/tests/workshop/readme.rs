//! The README's "Run a workshop" curl commands, run as they are (with the test server's port)
//! against a real server: each must succeed with the oneM2M status its comment promises; then the
//! same session over HTTPS in secure mode, with the secure-mode section's own commands.

use std::path::Path;

use workshop_server::tls;

use crate::support::{TempDir, TestServer};

/// The curl commands of the README section (before its "Secure mode" part, or of that part),
/// continuation lines joined.
fn readme_curl_commands(secure: bool) -> Vec<String> {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../README.md");
    let text = std::fs::read_to_string(&readme).expect("README.md");
    let section = text
        .split("\n## ")
        .find(|section| section.starts_with("Run a workshop"))
        .expect("README has a \"Run a workshop\" section");
    let (plain, secure_part) = section.split_once("\n### Secure mode").expect("the section has a \"Secure mode\" part");
    let section = if secure { secure_part } else { plain };
    let mut commands = Vec::new();
    let mut in_block = false;
    let mut current = String::new();
    for line in section.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block && line.trim() == "```sh";
            continue;
        }
        if !in_block || line.trim_start().starts_with('#') {
            continue;
        }
        let (part, continues) = match line.trim_end().strip_suffix('\\') {
            Some(part) => (part, true),
            None => (line.trim_end(), false),
        };
        current.push_str(part.trim());
        current.push(' ');
        if !continues {
            if current.trim_start().starts_with("curl ") {
                commands.push(current.trim().to_owned());
            }
            current.clear();
        }
    }
    commands
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_curl_commands_work() {
    let commands = readme_curl_commands(false);
    assert!(commands.len() >= 7, "{commands:#?}");
    for needed in ["ty=2", "ty=3", "ty=4", "/la", "fu=1", "lbl=", "ty=2+3"] {
        assert!(commands.iter().any(|command| command.contains(needed)), "the README's curl examples show {needed}");
    }
    let server = TestServer::start("readme").await;
    let mut statuses = Vec::new();
    for command in &commands {
        let command = command.replace("http://127.0.0.1:8080", &server.base);
        let command = command.replacen("curl ", "curl --silent --show-error --max-time 10 ", 1);
        let output = tokio::process::Command::new("sh")
            .arg("-c")
            .arg(&command)
            .output()
            .await
            .expect("curl runs (is curl installed?)");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(output.status.success(), "{command}\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
        let rsc = stdout
            .lines()
            .find_map(|line| line.to_ascii_lowercase().strip_prefix("x-m2m-rsc:").map(|v| v.trim().to_owned()))
            .unwrap_or_default();
        assert!(rsc.starts_with('2'), "{command}\n{stdout}");
        statuses.push((rsc, stdout));
    }
    let codes: Vec<&str> = statuses.iter().map(|(rsc, _)| rsc.as_str()).collect();
    assert_eq!(codes, ["2000", "2001", "2001", "2001", "2000", "2000", "2000"]);
    assert!(statuses[4].1.contains("\"con\":\"21.5\""), "la shows the instance: {}", statuses[4].1);
    assert!(statuses[5].1.contains("cse-in/myapp/temperature"), "discovery by label: {}", statuses[5].1);
    server.stop().await;
}

/// Runs `command` (with `sh`, in `dir`) and returns its output, after checking that it succeeded.
async fn run_in(dir: &Path, command: &str) -> (String, String) {
    let command = command.replacen("curl ", "curl --silent --show-error --max-time 10 ", 1);
    let output = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(&command)
        .current_dir(dir)
        .output()
        .await
        .expect("curl runs (is curl installed?)");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{command}\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let rsc = stdout
        .lines()
        .find_map(|line| line.to_ascii_lowercase().strip_prefix("x-m2m-rsc:").map(|v| v.trim().to_owned()))
        .unwrap_or_default();
    (rsc, stdout)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_session_works_over_https_in_secure_mode() {
    let server = TestServer::start_with(TempDir::new("readme-tls"), |config| config.tls = true).await;
    let handout = server.dir.path().join("handout");
    // what `workshop-server issue-cert Cmyapp --data workshop-data --out handout/` does
    tls::issue_certificate(&server.dir.path().join("data"), "Cmyapp", &handout).expect("issued");
    let trust = "curl -i --cacert ca.pem --cert Cmyapp.cert.pem --key Cmyapp.key.pem ";
    // the first-steps session, over HTTPS with the participant's certificate
    let mut codes = Vec::new();
    for command in readme_curl_commands(false) {
        let command = command.replace("http://127.0.0.1:8080", &server.base).replacen("curl -i ", trust, 1);
        codes.push(run_in(&handout, &command).await.0);
    }
    assert_eq!(codes, ["2000", "2001", "2001", "2001", "2000", "2000", "2000"]);
    // the secure-mode commands: download the CA, a request, an impersonation attempt
    let commands = readme_curl_commands(true);
    assert_eq!(commands.len(), 3, "{commands:#?}");
    std::fs::remove_file(handout.join("ca.pem")).expect("the CA is downloaded again");
    let mut answers = Vec::new();
    for command in &commands {
        answers.push(run_in(&handout, &command.replace("https://127.0.0.1:8080", &server.base)).await);
    }
    let downloaded = std::fs::read_to_string(handout.join("ca.pem")).expect("ca.pem downloaded");
    let ca = std::fs::read_to_string(tls::tls_dir(&server.dir.path().join("data")).join("ca.cert.pem")).expect("CA");
    assert_eq!(downloaded, ca);
    assert_eq!(answers[1].0, "2000", "{}", answers[1].1);
    assert_eq!(answers[2].0, "4103", "{}", answers[2].1);
    assert!(answers[2].1.contains("credential presented is Cmyapp's"), "{}", answers[2].1);
    server.stop().await;
}

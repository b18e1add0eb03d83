//! The README's "Run a workshop" curl commands, run as they are (with the test server's port)
//! against a real server: each must succeed with the oneM2M status its comment promises.

use std::path::Path;

use crate::support::TestServer;

/// The curl commands of the README section, continuation lines joined.
fn readme_curl_commands() -> Vec<String> {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let text = std::fs::read_to_string(&readme).expect("README.md");
    let section = text
        .split("\n## ")
        .find(|section| section.starts_with("Run a workshop"))
        .expect("README has a \"Run a workshop\" section");
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
    let commands = readme_curl_commands();
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

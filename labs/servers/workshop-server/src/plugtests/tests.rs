use super::*;

use crate::ServerConfig;

struct Scratch(std::path::PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn get_text(client: &HttpClient, url: &str) -> (u16, String) {
    let request = http::Request::get(url).body(Full::new(Bytes::new())).expect("request");
    let response = client.request(request).await.expect("answer");
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

async fn post_json(client: &HttpClient, url: &str, body: &str, origin: Option<&str>) -> (u16, String) {
    let mut builder = http::Request::post(url).header("Content-Type", "application/json");
    if let Some(origin) = origin {
        builder = builder.header("Origin", origin);
    }
    let request = builder.body(Full::new(Bytes::from(body.to_owned()))).expect("request");
    let response = client.request(request).await.expect("answer");
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_host_registers_a_cse_runs_the_suite_and_the_matrix_fills_in_under_a_pseudonym() {
    let dir = Scratch(std::env::temp_dir().join(format!("workshop-plugtests-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&dir.0);
    std::fs::create_dir_all(dir.0.join("site")).expect("site dir");
    let config = ServerConfig {
        host: "127.0.0.1".into(),
        port: 0,
        data_dir: dir.0.join("data"),
        site_dir: dir.0.join("site"),
        verification_timeout_ms: 2000,
        ..ServerConfig::default()
    };
    let server = crate::start(config).await.expect("the server starts");
    let base = server.url();
    let client: HttpClient = Client::builder(TokioExecutor::new()).build_http();

    let (status, page) = get_text(&client, &format!("{base}/workshop/plugtests")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Results matrix"));

    // a page of another site cannot register anything; bad input is refused with the reason
    let registration = format!(r#"{{"name": "Vendor X", "cse": "{base}/cse-in"}}"#);
    let (status, _) = post_json(
        &client,
        &format!("{base}/workshop/api/plugtests/participants"),
        &registration,
        Some("http://evil.example"),
    )
    .await;
    assert_eq!(status, 403);
    let (status, message) = post_json(
        &client,
        &format!("{base}/workshop/api/plugtests/participants"),
        r#"{"name": "Vendor Y", "cse": "ftp://x"}"#,
        None,
    )
    .await;
    assert_eq!((status, message.contains("http://")), (400, true), "{message}");

    let (status, message) =
        post_json(&client, &format!("{base}/workshop/api/plugtests/participants"), &registration, None).await;
    assert_eq!((status, message.as_str()), (201, "Vendor X is IUT-A.\n"));
    let (status, _) =
        post_json(&client, &format!("{base}/workshop/api/plugtests/run"), r#"{"pseudonym": "IUT-Q"}"#, None).await;
    assert_eq!(status, 404);
    let (status, _) =
        post_json(&client, &format!("{base}/workshop/api/plugtests/run"), r#"{"pseudonym": "IUT-A"}"#, None).await;
    assert_eq!(status, 202);

    // the run goes on in the server; the overview shows it filling in, then finished
    let mut overview = serde_json::Value::Null;
    for _ in 0..300 {
        let (_, text) = get_text(&client, &format!("{base}/workshop/api/plugtests")).await;
        overview = serde_json::from_str(&text).expect("JSON");
        if overview["participants"][0]["status"].as_str().is_some_and(|status| status.starts_with("finished")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        overview["participants"][0]["status"], "finished: 13 passed, 0 failed, 0 inconclusive",
        "the suite, TD_SUB_01's notifications included, passes against the workshop server: {overview}"
    );
    assert_eq!(overview["participants"][0]["name"], "Vendor X", "the host sees who is who");
    assert_eq!(overview["matrix"]["columns"][0]["verdicts"]["TD_SUB_01"], "pass");

    // the exports name the pseudonym only
    let (_, markdown) = get_text(&client, &format!("{base}/workshop/plugtests/matrix.md")).await;
    assert!(markdown.contains("| TD_SEM_04 | pass | 1 | 0 | 0 | 0 |"), "{markdown}");
    assert!(markdown.contains("IUT-A") && !markdown.contains("Vendor"));
    let (_, tally) = get_text(&client, &format!("{base}/workshop/plugtests/tally.csv")).await;
    assert!(tally.starts_with("test,pass,fail,inconclusive,not_run\n") && !tally.contains("IUT-A"), "{tally}");
    let (_, csv) = get_text(&client, &format!("{base}/workshop/plugtests/matrix.csv")).await;
    assert!(csv.starts_with("test,IUT-A\n") && !csv.contains("Vendor"));
    server.stop().await;
}

#[test]
fn cse_urls_are_checked() {
    assert_eq!(split_cse_url("http://10.0.0.2:8080/cse-in"), Ok(("http://10.0.0.2:8080".into(), "cse-in".into())));
    assert!(split_cse_url("https://x/cse-in").is_err());
    assert!(split_cse_url("http://a@b/cse-in").is_err());
}

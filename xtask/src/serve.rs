//! `cargo xtask serve`: build, serve `target/site`, watch `book/`, `labs/` and `theme/`, rebuild what
//! changed (a Markdown edit rebuilds only the book) and reload open pages.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use crate::pipeline::{self, Rebuild};
use crate::project::Project;
use crate::wasm::Profile;

const RELOAD_PATH: &str = "/__xtask/reload";

/// What a change to `path` requires, or None when it does not matter.
pub fn rebuild_for(project: &Project, path: &Path) -> Option<Rebuild> {
    let relative = path.strip_prefix(&project.root).ok()?;
    let name = relative.file_name()?.to_string_lossy();
    if name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || relative.components().any(|c| c.as_os_str() == "target")
    {
        return None;
    }
    let top = relative.components().next()?.as_os_str().to_string_lossy().into_owned();
    match top.as_str() {
        "book" | "theme" => Some(Rebuild::Book),
        "labs" if name.ends_with(".rs") || name == "Cargo.toml" || name.ends_with(".css") => Some(Rebuild::LabsAndBook),
        _ => None,
    }
}

pub fn serve(project: &Project, host: &str, port: u16, profile: Profile) -> Result<()> {
    pipeline::build(project, profile, true)?;
    let address: SocketAddr =
        format!("{host}:{port}").parse().with_context(|| format!("`{host}:{port}` is not an address to listen on"))?;
    let (reload, _) = broadcast::channel::<()>(16);

    let (changes_sender, changes) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(changes_sender).context("starting the file watcher")?;
    for folder in ["book", "labs", "theme"] {
        watcher
            .watch(&project.root.join(folder), RecursiveMode::Recursive)
            .with_context(|| format!("watching {folder}/"))?;
    }
    let rebuild_project = project.clone();
    let rebuild_reload = reload.clone();
    std::thread::spawn(move || rebuild_loop(&rebuild_project, profile, &changes, &rebuild_reload));

    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .with_context(|| format!("listening on {address} (is another server using the port? try --port)"))?;
        println!("\nServing the book at http://{address}/ (Ctrl-C to stop); watching book/, labs/ and theme/");
        let app = app(&project.site_dir(), reload);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("serving")
    })?;
    drop(watcher);
    Ok(())
}

fn app(site: &Path, reload: broadcast::Sender<()>) -> Router {
    let events = move || {
        let stream = BroadcastStream::new(reload.subscribe()).filter_map(|message| {
            message.ok().map(|()| Ok::<_, std::convert::Infallible>(Event::default().data("reload")))
        });
        async move { Sse::new(stream).keep_alive(KeepAlive::default()) }
    };
    // the reload script goes into the pages before they are compressed
    static_site::compressed(
        Router::new()
            .route(RELOAD_PATH, get(events))
            .merge(static_site::files(site).layer(middleware::from_fn(inject_reload_script))),
    )
}

/// Adds a small script to every HTML page that reloads it when a rebuild finishes (serve only; the built site has none).
async fn inject_reload_script(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let html = String::from_utf8_lossy(&bytes);
    let script =
        format!("<script>new EventSource('{RELOAD_PATH}').onmessage = () => location.reload();</script></body>");
    let injected = html.replacen("</body>", &script, 1);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(injected))
}

/// The paths an event changed; reads (a build opening files) and metadata changes are not changes.
fn changed_paths(event: notify::Result<notify::Event>) -> Vec<PathBuf> {
    match event {
        Ok(event) => match event.kind {
            EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any) => event.paths,
            _ => Vec::new(),
        },
        Err(_) => Vec::new(),
    }
}

fn rebuild_loop(
    project: &Project,
    profile: Profile,
    changes: &mpsc::Receiver<notify::Result<notify::Event>>,
    reload: &broadcast::Sender<()>,
) {
    while let Ok(first) = changes.recv() {
        let mut paths = changed_paths(first);
        // let a burst of saves settle into one rebuild
        while let Ok(more) = changes.recv_timeout(Duration::from_millis(150)) {
            paths.extend(changed_paths(more));
        }
        let Some((rebuild, cause)) = paths
            .iter()
            .filter_map(|path| rebuild_for(project, path).map(|rebuild| (rebuild, path)))
            .max_by_key(|(rebuild, _)| *rebuild)
        else {
            continue;
        };
        let started = Instant::now();
        println!("\nxtask: {} changed; rebuilding {}", project.display(cause), rebuild.describe());
        match pipeline::rebuild(project, profile, rebuild) {
            Ok(()) => {
                println!("xtask: rebuilt in {:.2} s", started.elapsed().as_secs_f64());
                let _ = reload.send(());
            }
            Err(error) => eprintln!("xtask: the rebuild failed; still serving the last good build:\n{error:#}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_and_theme_edits_rebuild_only_the_book() {
        let project = Project::locate();
        let chapter = project.root.join("book/src/introduction.md");
        assert_eq!(rebuild_for(&project, &chapter), Some(Rebuild::Book));
        assert_eq!(rebuild_for(&project, &project.root.join("theme/head.hbs")), Some(Rebuild::Book));
    }

    #[test]
    fn lab_sources_rebuild_the_widgets_and_the_book() {
        let project = Project::locate();
        assert_eq!(
            rebuild_for(&project, &project.root.join("labs/bundles/book-widgets/src/lib.rs")),
            Some(Rebuild::LabsAndBook)
        );
        assert_eq!(
            rebuild_for(&project, &project.root.join("labs/engines/onem2m-cse/Cargo.toml")),
            Some(Rebuild::LabsAndBook)
        );
    }

    #[test]
    fn editor_files_and_build_output_are_ignored() {
        let project = Project::locate();
        for ignored in [
            "book/src/.introduction.md.swp",
            "book/src/introduction.md~",
            "labs/x/target/debug/foo.rs",
            "README.md",
            "labs/engines/onem2m-cse/BENCHMARKS-cse.md",
        ] {
            assert_eq!(rebuild_for(&project, &project.root.join(ignored)), None, "{ignored}");
        }
    }

    #[test]
    fn reads_and_metadata_changes_are_not_changes() {
        let path = PathBuf::from("/x/book/src/a.md");
        let event = |kind| Ok(notify::Event { kind, paths: vec![path.clone()], attrs: Default::default() });
        assert!(changed_paths(event(EventKind::Access(notify::event::AccessKind::Any))).is_empty());
        assert!(
            changed_paths(event(EventKind::Modify(ModifyKind::Metadata(notify::event::MetadataKind::Any)))).is_empty()
        );
        assert_eq!(
            changed_paths(event(EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any)))),
            vec![path.clone()]
        );
        assert_eq!(changed_paths(event(EventKind::Create(notify::event::CreateKind::File))), vec![path]);
    }

    #[tokio::test]
    async fn served_pages_carry_the_reload_script_and_are_compressed_after_it() {
        use std::io::Read;
        use tower::ServiceExt;

        let site = std::env::temp_dir().join(format!("xtask-serve-test-{}", std::process::id()));
        std::fs::create_dir_all(&site).expect("create the site");
        let page = format!("<html><body>{}</body></html>", "A chapter. ".repeat(200));
        std::fs::write(site.join("index.html"), &page).expect("write");
        let (reload, _) = broadcast::channel(1);
        let request = Request::get("/").header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).expect("request");
        let response = app(&site, reload).oneshot(request).await.expect("answer");
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
        let mut html = String::new();
        flate2::read::GzDecoder::new(&body[..]).read_to_string(&mut html).expect("gzip");
        assert!(html.starts_with("<html><body>A chapter."), "{html}");
        assert!(
            html.ends_with(&format!(
                "<script>new EventSource('{RELOAD_PATH}').onmessage = () => location.reload();</script></body></html>"
            )),
            "{html}"
        );
        let _ = std::fs::remove_dir_all(site);
    }
}

//! The documentation's examples work as written: the README's shell examples that talk to
//! the server run against a demo server, and the OpenAPI request examples an integrator can
//! send as they are (the import's CSV and JSON, the password change) are accepted.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{
    helpers::{Backend, DEMO_PASSWORD, TestApp},
    process::{Server, TempDir, lvyue},
};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The ```sh blocks of a Markdown text whose commands (not comments) talk to 127.0.0.1:8080.
/// (No example URL holds a `#` fragment, so everything after one is a comment.)
fn server_examples(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim_start() == "```sh" => current = Some(String::new()),
            Some(block) if line.trim_start() == "```" => {
                let talks = block.lines().any(|l| l.split('#').next().unwrap_or("").contains("127.0.0.1:8080"));
                if talks {
                    blocks.push(std::mem::take(block));
                }
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[test]
fn finds_the_blocks_that_talk_to_the_server() {
    let md = "x\n```sh\nmake run   # serves http://127.0.0.1:8080\n```\n```sh\ncurl -s http://127.0.0.1:8080/healthz\n```\n```\ncurl http://127.0.0.1:8080/\n```\n";
    assert_eq!(server_examples(md), vec!["curl -s http://127.0.0.1:8080/healthz\n".to_owned()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readme_shell_examples_work_against_a_demo_server() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let blocks = server_examples(&readme);
    assert!(blocks.len() >= 3, "the README's server examples: {blocks:?}");
    let dir = TempDir::new("lvyue-readme");
    let url = format!("sqlite://{}", dir.path().join("lvyue.db").display());
    let out = lvyue(dir.path()).args(["seed", "--demo"]).env("DATABASE_URL", &url).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let server = Server::start(dir.path(), &[("DATABASE_URL", &url)]);
    // Examples run from a clone's root: give them its examples/ directory.
    std::os::unix::fs::symlink(repo_root().join("examples"), dir.path().join("examples")).unwrap();
    for block in blocks {
        // Every curl must get a success status, not just print an error document.
        let script = format!(
            "set -euo pipefail\ncurl() {{ command curl --fail-with-body --show-error \"$@\"; }}\n{}",
            block.replace("127.0.0.1:8080", &format!("127.0.0.1:{}", server.port))
        );
        let out = std::process::Command::new("bash").arg("-c").arg(&script).current_dir(dir.path()).output().unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "README example failed:\n{block}\n--- stdout\n{stdout}\n--- stderr\n{stderr}");
        assert!(!stdout.trim().is_empty(), "the example printed nothing:\n{block}");
    }
    server.stop();
}

/// A request body example of the OpenAPI document.
fn request_example(spec: &Value, path: &str, method: &str, content_type: &str) -> Value {
    let content = &spec["paths"][path][method]["requestBody"]["content"][content_type];
    if let Some(e) = content.get("example") {
        return e.clone();
    }
    let name = content["schema"]["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
    spec["components"]["schemas"][name]["example"].clone()
}

async fn openapi_examples_are_accepted(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let spec = serde_json::to_value(lvyue::startup::openapi()).unwrap();
    let office = app.login("office").await;
    for content_type in ["text/csv", "application/json"] {
        let example = request_example(&spec, "/api/v1/imports", "post", content_type);
        let body = match &example {
            Value::String(s) => s.clone().into_bytes(),
            v => serde_json::to_vec(v).unwrap(),
        };
        let res = app
            .client
            .post(app.url("/api/v1/imports?dry_run=true"))
            .bearer_auth(&office)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let report: Value = res.json().await.unwrap();
        assert_eq!(status, 200, "{content_type}: {report}");
        assert_eq!(report["failed"], 0, "{content_type} example: {report}");
        assert_eq!(report["total"], 1, "{content_type}: {report}");
        assert_eq!(report["ignored_columns"], serde_json::json!([]), "every column is the template's: {report}");
    }
    // The password change example, as the demo account it names.
    let example = request_example(&spec, "/api/v1/auth/password", "post", "application/json");
    assert_eq!(example["current_password"], DEMO_PASSWORD);
    let res = app.post("/api/v1/auth/password", Some(&office), &example).await;
    assert_eq!(res.status(), 204);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_request_examples_are_accepted_sqlite() {
    openapi_examples_are_accepted(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_request_examples_are_accepted_postgres() {
    openapi_examples_are_accepted(Backend::Postgres).await;
}

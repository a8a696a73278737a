//! What can be checked of the deployment files without a Docker engine.

use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn compose_file_is_valid_and_complete() {
    let root = repo_root();
    let text = std::fs::read_to_string(root.join("docker-compose.yml")).unwrap();
    let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).expect("docker-compose.yml is valid YAML");
    let services = doc["services"].as_mapping().expect("services");
    for name in ["postgres", "backend", "frontend"] {
        assert!(services.contains_key(name), "service {name} missing");
    }
    assert!(doc["services"]["postgres"]["healthcheck"]["test"].is_sequence(), "postgres has a healthcheck");
    assert_eq!(
        doc["services"]["backend"]["depends_on"]["postgres"]["condition"], "service_healthy",
        "backend waits for a healthy postgres"
    );
    let db_url = doc["services"]["backend"]["environment"]["DATABASE_URL"].as_str().unwrap();
    assert!(db_url.starts_with("postgres://") && db_url.contains("@postgres:5432/"), "{db_url}");
    for (name, svc) in services {
        if let Some(build) = svc.get("build") {
            let context = root.join(build["context"].as_str().unwrap());
            assert!(context.is_dir(), "build context of {name:?} exists: {}", context.display());
            let dockerfile = context.join(build["dockerfile"].as_str().unwrap_or("Dockerfile"));
            assert!(dockerfile.is_file(), "Dockerfile of {name:?} exists: {}", dockerfile.display());
            let content = std::fs::read_to_string(&dockerfile).unwrap();
            for line in content.lines().filter(|l| l.starts_with("COPY ") && !l.contains("--from")) {
                let parts: Vec<&str> = line.split_whitespace().collect();
                for src in &parts[1..parts.len() - 1] {
                    if !src.contains('*') && *src != "." {
                        assert!(context.join(src).exists(), "{name:?}: COPY source {src} exists in the build context");
                    }
                }
            }
        }
    }
}

#[test]
fn nginx_proxies_the_api() {
    let conf = std::fs::read_to_string(repo_root().join("frontend/nginx.conf")).expect("frontend/nginx.conf exists");
    for needle in [
        "api/|api-docs",
        "http://backend:8080",
        "proxy_pass",
        "try_files $uri $uri/ /index.html",
        "client_max_body_size",
    ] {
        assert!(conf.contains(needle), "nginx.conf has {needle:?}");
    }
}

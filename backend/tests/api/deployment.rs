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
    let backend = &doc["services"]["backend"];
    let env = &backend["environment"];
    let db_url = env["DATABASE_URL"].as_str().unwrap();
    assert!(db_url.starts_with("postgres://") && db_url.contains("@postgres:5432/"), "{db_url}");

    // Two stateless replicas sharing one key, which must come from the env file.
    assert_eq!(backend["deploy"]["replicas"].as_u64(), Some(2), "two backend replicas");
    assert!(backend.get("container_name").is_none() && backend.get("ports").is_none(), "replicas cannot pin these");
    let secret = env["LVYUE_JWT_SECRET"].as_str().unwrap();
    assert!(secret.starts_with("${LVYUE_JWT_SECRET:?"), "the key is required, never defaulted: {secret}");
    assert!(!text.contains("lvyue-change-me"), "no default password");
    // Every variable the file interpolates is explained in the env file template.
    let template = std::fs::read_to_string(root.join("deploy/lvyue.env.example")).unwrap();
    for var in interpolated(&text) {
        assert!(template.lines().any(|l| l.starts_with(&format!("{var}="))), "{var} in deploy/lvyue.env.example");
    }

    // Health checks run commands that exist in their images: the backend's is the binary itself.
    let check = backend["healthcheck"]["test"].as_sequence().expect("backend healthcheck");
    assert_eq!(check.iter().map(|v| v.as_str().unwrap()).collect::<Vec<_>>(), ["CMD", "lvyue", "healthcheck"]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lvyue")).args(["healthcheck", "--help"]).output().unwrap();
    assert!(out.status.success(), "`lvyue healthcheck` exists");
    let dockerfile = std::fs::read_to_string(root.join("backend/Dockerfile")).unwrap();
    assert!(dockerfile.contains("/usr/local/bin/lvyue"), "the image installs the binary on PATH");
    assert!(dockerfile.contains(r#"HEALTHCHECK"#) && dockerfile.contains(r#"CMD ["lvyue", "healthcheck"]"#));
    let code = |t: &str| t.lines().filter(|l| !l.trim_start().starts_with('#')).collect::<Vec<_>>().join("\n");
    assert!(!code(&text).contains("/dev/tcp") && !code(&dockerfile).contains("/dev/tcp"), "dash has no /dev/tcp");
    assert_eq!(
        doc["services"]["frontend"]["depends_on"]["backend"]["condition"], "service_healthy",
        "nginx waits for a healthy backend"
    );

    // The backend trusts exactly nginx's fixed address for the client address.
    let nginx_ip =
        doc["services"]["frontend"]["networks"]["lvyue"]["ipv4_address"].as_str().expect("fixed nginx address");
    assert_eq!(env["LVYUE_TRUSTED_PROXIES"].as_str(), Some(nginx_ip));

    // Named volumes are declared.
    for (name, svc) in services {
        for v in svc.get("volumes").and_then(|v| v.as_sequence()).into_iter().flatten() {
            let source = v.as_str().unwrap().split(':').next().unwrap();
            if !source.starts_with('.') && !source.starts_with('/') {
                assert!(doc["volumes"].get(source).is_some(), "{name:?}: volume {source} declared");
            }
        }
    }
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

/// The variables `${NAME…}` a compose file interpolates.
fn interpolated(text: &str) -> Vec<String> {
    let mut vars = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        rest = &rest[i + 2..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if !name.is_empty() && !vars.contains(&name) {
            vars.push(name);
        }
    }
    vars
}

/// Where a Docker engine with the compose plugin exists, it validates the file too.
#[test]
fn docker_compose_config_accepts_the_file() {
    let root = repo_root();
    let available =
        std::process::Command::new("docker").args(["compose", "version"]).output().is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("docker compose is not available: the compose file was checked by the parser test only");
        return;
    }
    let out = std::process::Command::new("docker")
        .args(["compose", "--env-file", "deploy/lvyue.env.example", "-f", "docker-compose.yml", "config", "--quiet"])
        .env("LVYUE_JWT_SECRET", "x".repeat(64))
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(out.status.success(), "docker compose config: {}", String::from_utf8_lossy(&out.stderr));
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
        "proxy_next_upstream error timeout",
    ] {
        assert!(conf.contains(needle), "nginx.conf has {needle:?}");
    }
}

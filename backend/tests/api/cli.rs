//! The `lvyue` binary as an operator uses it.

use std::process::Command;

fn lvyue(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lvyue"));
    c.current_dir(dir).env_remove("DATABASE_URL").env_remove("LVYUE_DATA_DIR").env_remove("LVYUE_JWT_SECRET");
    c
}

fn temp_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("lvyue-cli-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn first_seed_prints_the_admin_password_once() {
    let dir = temp_dir();
    let out = lvyue(&dir).args(["seed", "--demo", "--if-fresh"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let line = stdout.lines().find(|l| l.trim_start().starts_with("password:")).expect("password printed");
    let password = line.split_whitespace().last().unwrap().to_owned();
    assert!(stdout.contains("unit_fuhe"), "demo accounts listed");
    let url = lvyue::config::DatabaseUrl::Sqlite(dir.join("data/lvyue.db"));
    let file = lvyue::ops::bootstrap::initial_password_path(&dir.join("data"), &url, "admin");
    assert!(file.file_name().unwrap().to_str().unwrap().starts_with("initial_password.admin.lvyue.db-"));
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim(), password);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let again = lvyue(&dir).args(["seed", "--demo", "--if-fresh"]).output().unwrap();
    let stdout = String::from_utf8(again.stdout).unwrap();
    assert!(!stdout.contains(&password), "printed only once");
    assert!(
        stdout
            .contains("created 0 unit(s), 0 group(s), 0 dictionary item(s), 0 campaign(s), 0 account(s), 0 problem(s)"),
        "{stdout}"
    );
    // The admin must change that password at first sign-in.
    let pool = lvyue::db::connect(&lvyue::config::DatabaseUrl::Sqlite(dir.join("data/lvyue.db")), 1).unwrap();
    let admin = lvyue::store::users::find_by_username(&mut pool.get().unwrap(), "admin").unwrap().unwrap();
    assert!(admin.must_change_password);
    assert!(lvyue::auth::password::verify(&password, &admin.password_hash));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn create_user_applies_the_rules() {
    let dir = temp_dir();
    assert!(lvyue(&dir).arg("seed").output().unwrap().status.success());
    let out = lvyue(&dir)
        .args(["create-user", "--username", "clerk1", "--display-name", "职员", "--unit", "府河镇", "--roles", "unit"])
        .env("LVYUE_NEW_PASSWORD", "weak")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("password refused"));
    let out = lvyue(&dir)
        .args([
            "create-user",
            "--username",
            "clerk1",
            "--display-name",
            "职员",
            "--unit",
            "fuhe",
            "--roles",
            "sysadmin,auditor",
        ])
        .env("LVYUE_NEW_PASSWORD", "Clerk#2024xx")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("三员分立"));
    let out = lvyue(&dir)
        .args([
            "create-user",
            "--username",
            "clerk1",
            "--display-name",
            "职员",
            "--unit",
            "fuhe",
            "--roles",
            "unit,group_lead:funds",
        ])
        .env("LVYUE_NEW_PASSWORD", "Clerk#2024xx")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_dir_all(dir).unwrap();
}

/// The break-glass reset on the server host: for the last 安全管理员, whom nobody else may reset.
#[test]
fn break_glass_reset_on_the_host_is_audited() {
    let dir = temp_dir();
    let out = lvyue(&dir).arg("seed").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for username in ["admin", "security_admin", "audit_admin"] {
        assert!(stdout.contains(&format!("username: {username}")), "one administrator of each kind:\n{stdout}");
    }
    let out = lvyue(&dir).args(["admin", "reset-password", "nobody"]).output().unwrap();
    assert!(!out.status.success());
    let out = lvyue(&dir).args(["admin", "reset-password", "security_admin"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let line = stdout.lines().find(|l| l.trim_start().starts_with("password:")).expect("password printed");
    let password = line.split_whitespace().last().unwrap();
    let pool = lvyue::db::connect(&lvyue::config::DatabaseUrl::Sqlite(dir.join("data/lvyue.db")), 1).unwrap();
    let conn = &mut pool.get().unwrap();
    let user = lvyue::store::users::find_by_username(conn, "security_admin").unwrap().unwrap();
    assert!(lvyue::auth::password::verify(password, &user.password_hash));
    assert!(user.must_change_password);
    let filter = lvyue::audit::AuditFilter { action: Some("user.reset_password".into()), ..Default::default() };
    let (records, total) = lvyue::audit::list(conn, &filter, 0, 10).unwrap();
    assert_eq!(total, 1);
    assert_eq!(records[0].actor_name.as_deref(), Some("lvyue admin reset-password"));
    assert!(lvyue::audit::verify(conn).unwrap().ok);
    // The second factor likewise: a bootstrap administrator has none until it enrols, so give it
    // one, then take it away from the host.
    let id = user.id.clone();
    let row = lvyue::store::totp::UserTotp {
        user_id: id.clone(),
        secret: lvyue::auth::totp::generate_secret(),
        created_at: chrono::Utc::now().naive_utc(),
        confirmed_at: Some(chrono::Utc::now().naive_utc()),
        last_step: None,
    };
    lvyue::store::totp::replace(conn, &row).unwrap();
    assert!(lvyue::store::totp::confirmed(conn, &id).unwrap());
    let out = lvyue(&dir).args(["admin", "reset-totp", "nobody"]).output().unwrap();
    assert!(!out.status.success());
    let out = lvyue(&dir).args(["admin", "reset-totp", "security_admin"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!lvyue::store::totp::confirmed(conn, &id).unwrap());
    let filter = lvyue::audit::AuditFilter { action: Some("user.reset_totp".into()), ..Default::default() };
    let (records, total) = lvyue::audit::list(conn, &filter, 0, 10).unwrap();
    assert_eq!(total, 1);
    assert_eq!(records[0].actor_name.as_deref(), Some("lvyue admin reset-totp"));
    assert!(lvyue::audit::verify(conn).unwrap().ok);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn bad_configuration_stops_with_the_variable_named() {
    let dir = temp_dir();
    for (var, value) in [
        ("DATABASE_URL", "mysql://x"),
        ("LVYUE_BIND", "not-an-address"),
        ("LVYUE_JWT_SECRET", "short"),
        ("LVYUE_STATIC_DIR", "/nonexistent"),
        ("LVYUE_WARNING_DAYS", "-1"),
    ] {
        let out = lvyue(&dir).arg("serve").env(var, value).output().unwrap();
        assert!(!out.status.success(), "{var}={value} must stop the program");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(var), "{var}: {stderr}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn unreachable_postgres_stops_serve() {
    let dir = temp_dir();
    let out = lvyue(&dir)
        .arg("serve")
        .env("DATABASE_URL", "postgres://lvyue:secret@127.0.0.1:1/lvyue")
        .env("LVYUE_JWT_SECRET", "x".repeat(40))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("无法连接数据库") && stderr.contains("127.0.0.1:1"), "{stderr}");
    assert!(!stderr.contains("secret"), "the password is not printed: {stderr}");
    std::fs::remove_dir_all(dir).unwrap();
}

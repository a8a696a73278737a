//! The second factor (TOTP): two-step sign-in, enrolment with recovery codes, replay and
//! guessing refused, the administrators forced to enrol, resets by the security administrator.

use lvyue::auth::totp;
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{DEMO_PASSWORD, TestApp, assert_problem};

async fn challenge(app: &TestApp, username: &str) -> String {
    let res = app.post("/api/v1/auth/login", None, &json!({ "username": username, "password": DEMO_PASSWORD })).await;
    assert_eq!(res.status(), 202, "{username} needs a second factor");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["totp_required"], true);
    assert_eq!(body["expires_in"], 300);
    assert!(body.get("access_token").is_none(), "no tokens for the password alone");
    body["challenge"].as_str().unwrap().to_owned()
}

async fn second_step(app: &TestApp, challenge: &str, code: &str) -> reqwest::Response {
    app.post("/api/v1/auth/login/totp", None, &json!({ "challenge": challenge, "code": code })).await
}

fn wrong_code(right: &str) -> String {
    let n: u32 = right.parse().unwrap();
    format!("{:06}", (n + 1) % 1_000_000)
}

fn audit_count(app: &TestApp, action: &str, result: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = '{action}' AND result = '{result}'"))
}

db_test!(demo_administrators_sign_in_with_a_code_that_is_good_once, |app| {
    let c = challenge(&app, "sysadmin").await;
    let code = app.next_totp_code("sysadmin", totp::DEMO_SECRET).await;
    assert_problem(second_step(&app, &c, &wrong_code(&code)).await, 401, "invalid_totp_code").await;
    let res = second_step(&app, &c, &code).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["user"]["totp_enabled"], true);
    assert_eq!(body["user"]["must_enroll_totp"], false);
    let token = body["access_token"].as_str().unwrap();
    assert_eq!(app.get_as("/api/v1/units", token).await.status(), 200);
    // The same code again, with a new challenge: refused as a replay.
    let again = challenge(&app, "sysadmin").await;
    assert_problem(second_step(&app, &again, &code).await, 401, "invalid_totp_code").await;
    assert_eq!(audit_count(&app, "auth.login_totp", "replayed"), 1);
    assert_eq!(audit_count(&app, "auth.login_totp", "failure"), 1);
    // A forged or garbled challenge is no challenge.
    // (The last character changed: to `1` when it was `0`, or the "forgery" would be the original.)
    let last = if c.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &c[..c.len() - 1]);
    assert_problem(second_step(&app, &forged, &code).await, 401, "invalid_challenge").await;
    assert_problem(second_step(&app, "nonsense", &code).await, 401, "invalid_challenge").await;
    assert_problem(second_step(&app, &c, &"1".repeat(33)).await, 422, "validation_failed").await;
});

db_test!(an_account_enrols_confirms_and_signs_in_with_a_code_or_a_recovery_code_once, |app| {
    // `office` has no second factor: the password alone signs in.
    let token = app.login("office").await;
    let res = app.post("/api/v1/auth/totp/confirmation", Some(&token), &json!({ "code": "123456" })).await;
    assert_problem(res, 409, "totp_not_started").await;
    let res = app.post("/api/v1/auth/totp/enrollment", Some(&token), &json!({})).await;
    assert_eq!(res.status(), 200);
    let e: Value = res.json().await.unwrap();
    let secret = e["secret"].as_str().unwrap().to_owned();
    assert_eq!(totp::base32_decode(&secret).unwrap().len(), 20);
    assert!(e["otpauth_uri"].as_str().unwrap().starts_with("otpauth://totp/"), "{e}");
    assert!(e["otpauth_uri"].as_str().unwrap().contains(&format!("secret={secret}")));
    let code = totp::code_at(&secret, totp::step_of(chrono::Utc::now().timestamp())).unwrap();
    let res = app.post("/api/v1/auth/totp/confirmation", Some(&token), &json!({ "code": wrong_code(&code) })).await;
    let p = assert_problem(res, 422, "validation_failed").await;
    assert!(p.to_string().contains("code"), "{p}");
    let res = app.post("/api/v1/auth/totp/confirmation", Some(&token), &json!({ "code": code })).await;
    assert_eq!(res.status(), 200);
    let codes: Value = res.json().await.unwrap();
    let codes: Vec<String> =
        codes["recovery_codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    assert_eq!(codes.len(), 10);
    // Stored hashed only.
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM totp_recovery_codes"), 10);
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM totp_recovery_codes WHERE code_hash = '{}'", codes[0])),
        0
    );
    assert_problem(
        app.post("/api/v1/auth/totp/enrollment", Some(&token), &json!({})).await,
        409,
        "totp_already_enabled",
    )
    .await;
    assert_eq!(audit_count(&app, "auth.totp_enable", "success"), 1);

    // From now on the password is not enough; a recovery code works once, typed loosely.
    let c = challenge(&app, "office").await;
    let typed = codes[0].to_lowercase().replace('-', " ");
    assert_eq!(second_step(&app, &c, &typed).await.status(), 200);
    let c = challenge(&app, "office").await;
    assert_problem(second_step(&app, &c, &codes[0]).await, 401, "invalid_totp_code").await;
    assert_eq!(second_step(&app, &c, &codes[1]).await.status(), 200);
    // And the authenticator's next code.
    let c = challenge(&app, "office").await;
    let next = totp::code_at(&secret, totp::step_of(chrono::Utc::now().timestamp()) + 1).unwrap();
    assert_eq!(second_step(&app, &c, &next).await.status(), 200);
});

db_test!(wrong_codes_are_counted_like_wrong_passwords, |app| {
    app.set_setting("auth.login_failures_per_account", json!(3));
    let c = challenge(&app, "auditor").await;
    let code = app.next_totp_code("auditor", totp::DEMO_SECRET).await;
    for _ in 0..3 {
        assert_problem(second_step(&app, &c, &wrong_code(&code)).await, 401, "invalid_totp_code").await;
    }
    // Past the limit even the right code waits: guessing goes no faster.
    let res = second_step(&app, &c, &code).await;
    assert!(res.headers().contains_key("retry-after"));
    assert_problem(res, 429, "too_many_attempts").await;
    // And the right password does not lift the wait.
    let res = app.post("/api/v1/auth/login", None, &json!({ "username": "auditor", "password": DEMO_PASSWORD })).await;
    assert_eq!(res.status(), 429);
});

db_test!(only_another_security_administrator_resets_a_second_factor, |app| {
    let secadmin = app.login("secadmin").await;
    let sysadmin = app.login("sysadmin").await;
    let sysadmin_id = app.user_id("sysadmin");
    let secadmin_id = app.user_id("secadmin");
    // Not the system administrator, and not on one's own account.
    let res =
        app.post(&format!("/api/v1/users/{}/reset-totp", app.user_id("auditor")), Some(&sysadmin), &json!({})).await;
    assert_eq!(res.status(), 403);
    let res = app.post(&format!("/api/v1/users/{secadmin_id}/reset-totp"), Some(&secadmin), &json!({})).await;
    assert_problem(res, 403, "own_account").await;
    // The security administrator resets the system administrator's: its sessions end.
    let res = app.post(&format!("/api/v1/users/{sysadmin_id}/reset-totp"), Some(&secadmin), &json!({})).await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.get_as("/api/v1/auth/me", &sysadmin).await.status(), 401);
    assert_eq!(audit_count(&app, "user.reset_totp", "success"), 1);
    // Its next sign-in is password only, and it can do nothing but enrol.
    let res = app.post("/api/v1/auth/login", None, &json!({ "username": "sysadmin", "password": DEMO_PASSWORD })).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["user"]["must_enroll_totp"], true);
    let token = body["access_token"].as_str().unwrap();
    assert_problem(app.get_as("/api/v1/units", token).await, 403, "totp_enrollment_required").await;
    assert_eq!(app.get_as("/api/v1/auth/me", token).await.status(), 200);
    app.enrol_totp("sysadmin", token).await;
    assert_eq!(app.get_as("/api/v1/units", token).await.status(), 200);
    // Signing in again takes the new factor.
    let token = app.login("sysadmin").await;
    assert_eq!(app.get_as("/api/v1/units", &token).await.status(), 200);
    // An unknown account: 404.
    let res =
        app.post("/api/v1/users/0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b/reset-totp", Some(&secadmin), &json!({})).await;
    assert_eq!(res.status(), 404);
});

db_test!(the_security_administrator_requires_a_second_factor_of_business_roles, |app| {
    let secadmin = app.login("secadmin").await;
    let res = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/settings/auth.totp_required_roles",
            Some(&secadmin),
            Some(&json!({ "value": ["office"] })),
        )
        .await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let res = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/settings/auth.totp_required_roles",
            Some(&secadmin),
            Some(&json!({ "value": ["sysadmin"] })),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app.post("/api/v1/auth/login", None, &json!({ "username": "office", "password": DEMO_PASSWORD })).await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["user"]["must_enroll_totp"], true);
    let unit =
        app.post("/api/v1/auth/login", None, &json!({ "username": "unit_finance", "password": DEMO_PASSWORD })).await;
    let body: Value = unit.json().await.unwrap();
    assert_eq!(body["user"]["must_enroll_totp"], false);
});

db_test!(a_database_seeded_without_demo_holds_no_second_factor, |app| {
    // The demo seed gives exactly its administrators the documented secret…
    let n = app.count(&format!("SELECT COUNT(*) AS n FROM user_totp WHERE secret = '{}'", totp::DEMO_SECRET));
    assert_eq!(n, 3);
    let bare = TestApp::spawn_bare(app.backend).await.unwrap();
    assert_eq!(bare.count("SELECT COUNT(*) AS n FROM user_totp"), 0);
});

//! Sign-in, its waits after failures, tokens, sessions and the forced password change.

use reqwest::Method;
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{DEMO_PASSWORD, TestApp, assert_problem};

fn without_request_specifics(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("request_id");
    v
}

db_test!(login_answers_tokens_and_me, |app| {
    let body = app.login_full("lead_funds", DEMO_PASSWORD).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert!(body["refresh_token"].as_str().unwrap().starts_with("lvr_"));
    assert_eq!(body["user"]["username"], "lead_funds");
    assert_eq!(body["user"]["unit"]["name"], "区财政局");
    assert_eq!(body["user"]["roles"][0]["role"], "group_lead");
    assert_eq!(body["user"]["roles"][0]["group_code"], "funds");
    let token = body["access_token"].as_str().unwrap();
    let me = app.get_json("/api/v1/auth/me", token).await;
    assert_eq!(me["username"], "lead_funds");
    let perms: Vec<&str> = me["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(perms.contains(&"export_issues") && !perms.contains(&"manage_users"), "{perms:?}");
});

db_test!(unknown_user_and_wrong_password_answer_identically, |app| {
    let a = app.post("/api/v1/auth/login", None, &json!({"username": "office", "password": "Wrong#Pass1"})).await;
    let a_headers = a.headers().clone();
    let a = assert_problem(a, 401, "invalid_credentials").await;
    let b = app.post("/api/v1/auth/login", None, &json!({"username": "nobody", "password": "Wrong#Pass1"})).await;
    let b_headers = b.headers().clone();
    let b = assert_problem(b, 401, "invalid_credentials").await;
    assert_eq!(without_request_specifics(a), without_request_specifics(b));
    assert_eq!(a_headers.get("www-authenticate"), b_headers.get("www-authenticate"));
    // Both attempts are on the audit trail.
    let auditor = app.login("auditor").await;
    let trail = app.get_json("/api/v1/audit?action=auth.login", &auditor).await;
    let failures = trail["items"].as_array().unwrap().iter().filter(|r| r["result"] == "failure").count();
    assert_eq!(failures, 2);
});

/// Sign-in from `address` (the test server trusts 127.0.0.1 as a proxy where a test says so).
async fn login_from(app: &TestApp, address: &str, username: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header("X-Forwarded-For", address)
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
}

/// Asserts a 429 with `Retry-After`; answers the seconds announced.
async fn assert_wait(res: reqwest::Response) -> u64 {
    let retry: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    let body = assert_problem(res, 429, "too_many_attempts").await;
    assert_eq!(body["retry_after"], retry);
    assert!(body["detail"].as_str().unwrap().contains(&format!("{retry} 秒")), "{body}");
    retry
}

/// The server's clock is the system's: a wait "passes" by ending it in the database.
fn end_waits(app: &TestApp) {
    app.exec("UPDATE login_throttles SET blocked_until = NULL");
}

fn low_failure_limits(app: &TestApp) {
    app.set_setting("auth.login_failures_per_account", json!(3));
    app.set_setting("auth.login_failure_delay_seconds", json!(30));
    app.set_setting("auth.login_failure_delay_max_seconds", json!(120));
}

db_test!(failures_make_the_address_wait_and_known_and_unknown_names_answer_alike, |app| {
    low_failure_limits(&app);
    for name in ["unit_fuhe", "nobody_here"] {
        let mut answers = Vec::new();
        for _ in 0..3 {
            let res = app.post("/api/v1/auth/login", None, &json!({"username": name, "password": "Wrong#Pass1"})).await;
            answers.push(without_request_specifics(assert_problem(res, 401, "invalid_credentials").await));
        }
        // The fourth attempt waits, whatever the password: it is not even checked.
        let res = app.post("/api/v1/auth/login", None, &json!({"username": name, "password": DEMO_PASSWORD})).await;
        assert_eq!(assert_wait(res).await, 30, "{name}");
        assert_eq!(answers[0], answers[2], "{name}: the answers do not change with the count");
    }
    // Once the wait is over the right password works, and never was an account locked.
    end_waits(&app);
    app.login("unit_fuhe").await;
    // Every refusal is in the trail, the waits as `throttled`.
    let auditor = app.login("auditor").await;
    let trail = app.get_json("/api/v1/audit?action=auth.login&page_size=100", &auditor).await;
    let results: Vec<&str> = trail["items"].as_array().unwrap().iter().map(|r| r["result"].as_str().unwrap()).collect();
    assert_eq!(results.iter().filter(|r| **r == "throttled").count(), 2, "{results:?}");
    assert_eq!(results.iter().filter(|r| **r == "failure").count(), 6, "{results:?}");
});

db_test!(waits_double_with_each_further_failure_and_a_success_clears_the_count, |app| {
    low_failure_limits(&app);
    let wrong = json!({"username": "office", "password": "Wrong#Pass1"});
    // Two failures, then the right password: the count of this name at this address restarts.
    for _ in 0..2 {
        assert_eq!(app.post("/api/v1/auth/login", None, &wrong).await.status(), 401);
    }
    app.login("office").await;
    for _ in 0..2 {
        assert_eq!(app.post("/api/v1/auth/login", None, &wrong).await.status(), 401);
    }
    // The third failure in a row starts the waits: 30 s, then 60 s, then 120 s (the maximum).
    assert_eq!(app.post("/api/v1/auth/login", None, &wrong).await.status(), 401);
    for expected in [30, 60, 120, 120] {
        assert_eq!(assert_wait(app.post("/api/v1/auth/login", None, &wrong).await).await, expected);
        end_waits(&app);
        assert_eq!(app.post("/api/v1/auth/login", None, &wrong).await.status(), 401, "after {expected} s");
    }
    // Half an hour without a failure forgets the count.
    end_waits(&app);
    app.exec("UPDATE login_throttles SET last_failure_at = '2000-01-01 00:00:00'");
    for _ in 0..2 {
        assert_eq!(app.post("/api/v1/auth/login", None, &wrong).await.status(), 401);
    }
    app.login("office").await;
});

mod an_attacker_elsewhere_cannot_keep_the_user_out {
    use super::*;
    use crate::helpers::Backend;

    async fn run(backend: Backend) {
        let trusted = lvyue::audit::context::TrustedProxies::parse("127.0.0.1").unwrap();
        let Some(app) = TestApp::spawn_configured(backend, move |c| c.trusted_proxies = trusted).await else { return };
        low_failure_limits(&app);
        for _ in 0..3 {
            assert_eq!(login_from(&app, "203.0.113.7", "sysadmin", "Wrong#Pass1").await.status(), 401);
        }
        assert_wait(login_from(&app, "203.0.113.7", "sysadmin", DEMO_PASSWORD).await).await;
        // The real administrator, at another address, signs in at once (its password accepted,
        // its second factor asked for).
        assert_eq!(login_from(&app, "198.51.100.2", "sysadmin", DEMO_PASSWORD).await.status(), 202);
        // The attacker's address still waits; the audit trail names it.
        assert_wait(login_from(&app, "203.0.113.7", "sysadmin", DEMO_PASSWORD).await).await;
        let auditor = app.login("auditor").await;
        let trail = app.get_json("/api/v1/audit?action=auth.login&page_size=100", &auditor).await;
        let items = trail["items"].as_array().unwrap();
        let waits: Vec<&Value> = items.iter().filter(|r| r["result"] == "throttled").collect();
        assert_eq!(waits.len(), 2, "{trail}");
        assert!(waits.iter().all(|r| r["client_ip"] == "203.0.113.7"), "{trail}");
        assert!(items.iter().any(|r| r["result"] == "totp_required" && r["client_ip"] == "198.51.100.2"), "{trail}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        run(Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        run(Backend::Postgres).await;
    }
}

db_test!(one_address_guessing_many_names_waits_too, |app| {
    app.set_setting("auth.login_failures_per_address", json!(4));
    for i in 0..4 {
        let res = app
            .post("/api/v1/auth/login", None, &json!({"username": format!("user{i}"), "password": "Wrong#Pass1"}))
            .await;
        assert_eq!(res.status(), 401);
    }
    // A fifth name, never tried before, waits: the address is counted as a whole.
    let res = app.post("/api/v1/auth/login", None, &json!({"username": "office", "password": DEMO_PASSWORD})).await;
    assert_eq!(assert_wait(res).await, 30);
});

db_test!(requests_per_address_are_limited_on_sign_in_and_refresh, |app| {
    let first = app.login_full("office", DEMO_PASSWORD).await;
    app.set_setting("auth.login_requests_per_minute", json!(3));
    let refresh = first["refresh_token"].as_str().unwrap().to_owned();
    let res = app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": refresh})).await;
    assert_eq!(res.status(), 200);
    let ok = app.post("/api/v1/auth/login", None, &json!({"username": "leader", "password": DEMO_PASSWORD})).await;
    assert_eq!(ok.status(), 200);
    // The fourth request of the minute is refused, right password or not, refresh or sign-in.
    let wait = assert_wait(
        app.post("/api/v1/auth/login", None, &json!({"username": "leader", "password": DEMO_PASSWORD})).await,
    )
    .await;
    assert!((1..=60).contains(&wait), "{wait}");
    let body: Value = ok.json().await.unwrap();
    let res = app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": body["refresh_token"]})).await;
    assert_wait(res).await;
    // A flood is audited once per minute, not once per request.
    app.set_setting("auth.login_requests_per_minute", json!(100_000));
    let auditor = app.login("auditor").await;
    let trail = app.get_json("/api/v1/audit?action=auth.&page_size=100", &auditor).await;
    let limited = trail["items"].as_array().unwrap().iter().filter(|r| r["result"] == "rate_limited").count();
    assert_eq!(limited, 1, "{trail}");
});

db_test!(refresh_rotates_and_reuse_ends_the_session, |app| {
    let first = app.login_full("office", DEMO_PASSWORD).await;
    let r1 = first["refresh_token"].as_str().unwrap().to_owned();
    let res = app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": r1})).await;
    assert_eq!(res.status(), 200);
    let second: Value = res.json().await.unwrap();
    let r2 = second["refresh_token"].as_str().unwrap().to_owned();
    let a2 = second["access_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r2, "rotated");
    assert_eq!(app.get_as("/api/v1/auth/me", &a2).await.status(), 200);
    // Replaying the used-up token: refused, and the whole session ends.
    let res = app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": r1})).await;
    assert_problem(res, 401, "invalid_refresh_token").await;
    let res = app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": r2})).await;
    assert_problem(res, 401, "invalid_refresh_token").await;
    assert_problem(app.get_as("/api/v1/auth/me", &a2).await, 401, "invalid_token").await;
    // Another session of the same user is untouched.
    app.login("office").await;
    let auditor = app.login("auditor").await;
    let trail = app.get_json("/api/v1/audit?action=auth.refresh_reuse", &auditor).await;
    assert_eq!(trail["total"], 1);
});

db_test!(idle_and_unknown_refresh_tokens_are_refused, |app| {
    let first = app.login_full("office", DEMO_PASSWORD).await;
    let r1 = first["refresh_token"].as_str().unwrap();
    let past = (chrono::Utc::now() - chrono::Duration::seconds(1)).naive_utc().format("%Y-%m-%d %H:%M:%S");
    app.exec(&format!("UPDATE refresh_tokens SET idle_expires_at = '{past}'"));
    assert_problem(
        app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": r1})).await,
        401,
        "invalid_refresh_token",
    )
    .await;
    assert_problem(
        app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": "lvr_nonsense"})).await,
        401,
        "invalid_refresh_token",
    )
    .await;
});

db_test!(logout_ends_access_and_refresh_at_once, |app| {
    let body = app.login_full("leader", DEMO_PASSWORD).await;
    let access = body["access_token"].as_str().unwrap();
    let refresh = body["refresh_token"].as_str().unwrap();
    let res = app.post("/api/v1/auth/logout", Some(access), &json!({})).await;
    assert_eq!(res.status(), 204);
    assert_problem(app.get_as("/api/v1/auth/me", access).await, 401, "invalid_token").await;
    assert_problem(
        app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": refresh})).await,
        401,
        "invalid_refresh_token",
    )
    .await;
});

db_test!(forged_tokens_are_refused, |app| {
    use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
    let good = app.login("office").await;
    let claims: Value = {
        let payload = good.split('.').nth(1).unwrap();
        serde_json::from_slice(&base64url_decode(payload)).unwrap()
    };
    let sign = |alg: Algorithm, key: &[u8], claims: &Value| {
        encode(&Header::new(alg), claims, &EncodingKey::from_secret(key)).unwrap()
    };
    // Expired, signed with the right key.
    let mut expired = claims.clone();
    expired["exp"] = json!(chrono::Utc::now().timestamp() - 3600);
    let cases = [
        ("no token", None),
        ("garbage", Some("not.a.jwt".to_owned())),
        ("wrong key", Some(sign(Algorithm::HS256, b"another-secret-another-secret-xx", &claims))),
        ("expired", Some(sign(Algorithm::HS256, &app.jwt_secret, &expired))),
        ("HS512", Some(sign(Algorithm::HS512, &app.jwt_secret, &claims))),
        (
            "alg none",
            Some(format!("{}.{}.", base64url(br#"{"alg":"none","typ":"JWT"}"#), good.split('.').nth(1).unwrap())),
        ),
        ("tampered", {
            let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
            let mut c = claims.clone();
            c["sub"] = json!(uuid::Uuid::now_v7().to_string());
            parts[1] = base64url(c.to_string().as_bytes());
            Some(parts.join("."))
        }),
    ];
    for (name, token) in cases {
        let res = app.request(Method::GET, "/api/v1/auth/me", token.as_deref(), None).await;
        assert_eq!(res.status(), 401, "{name}");
        assert!(res.headers().contains_key("www-authenticate"), "{name}");
    }
    assert_eq!(app.get_as("/api/v1/auth/me", &good).await.status(), 200);
});

db_test!(created_accounts_must_change_their_password_first, |app| {
    let admin = app.login("sysadmin").await;
    let res = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({
                "username": "wandian_clerk", "display_name": "万店镇·李华", "unit_id": app.unit_id("wandian"),
                "password": "Initial#2024x"
            }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["must_change_password"], true);
    let secadmin = app.login("secadmin").await;
    let roles = json!({"roles": [{"role": "unit"}]});
    let path = format!("/api/v1/users/{}/roles", created["id"].as_str().unwrap());
    assert_eq!(app.request(Method::PUT, &path, Some(&secadmin), Some(&roles)).await.status(), 200);
    let body = app.login_full("wandian_clerk", "Initial#2024x").await;
    assert_eq!(body["user"]["must_change_password"], true);
    let token = body["access_token"].as_str().unwrap();
    assert_problem(app.get_as("/api/v1/units", token).await, 403, "password_change_required").await;
    assert_eq!(app.get_as("/api/v1/auth/me", token).await.status(), 200);
    // Policy and the current password are checked, each error against its field.
    let res = app
        .post("/api/v1/auth/password", Some(token), &json!({"current_password": "nope", "new_password": "short"}))
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["current_password", "new_password"]);
    let res = app
        .post(
            "/api/v1/auth/password",
            Some(token),
            &json!({"current_password": "Initial#2024x", "new_password": "Wandian_Clerk#1"}),
        )
        .await;
    assert_eq!(res.status(), 422, "password containing the username is refused");
    let res = app
        .post(
            "/api/v1/auth/password",
            Some(token),
            &json!({"current_password": "Initial#2024x", "new_password": "Changed#2024y"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.get_as("/api/v1/units", token).await.status(), 200);
    let again = app.login_full("wandian_clerk", "Changed#2024y").await;
    assert_eq!(again["user"]["must_change_password"], false);
});

db_test!(bad_bodies_are_4xx_problems, |app| {
    let url = app.url("/api/v1/auth/login");
    let res =
        app.client.post(&url).header("content-type", "application/json").body("{\"username\": ").send().await.unwrap();
    assert_problem(res, 400, "malformed_json").await;
    let res = app.client.post(&url).json(&json!({"username": "office", "password": 5})).send().await.unwrap();
    let body = assert_problem(res, 400, "invalid_json").await;
    assert_eq!(body["errors"][0]["field"], "password");
    let res =
        app.client.post(&url).json(&json!({"username": "office", "password": "x", "extra": 1})).send().await.unwrap();
    let body = assert_problem(res, 400, "invalid_json").await;
    assert_eq!(body["errors"][0]["field"], "extra");
    let res = app.client.post(&url).header("content-type", "text/plain").body("hello").send().await.unwrap();
    assert_problem(res, 415, "unsupported_media_type").await;
    let big = format!("{{\"username\": \"{}\", \"password\": \"x\"}}", "a".repeat(2 * 1024 * 1024));
    let res = app.client.post(&url).header("content-type", "application/json").body(big).send().await.unwrap();
    assert_problem(res, 413, "payload_too_large").await;
});

fn base64url(data: &[u8]) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..=chunk.len() {
            out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn base64url_decode(s: &str) -> Vec<u8> {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let vals: Vec<u32> = s.bytes().map(|c| T.iter().position(|t| *t == c).unwrap() as u32).collect();
    let mut out = Vec::new();
    for chunk in vals.chunks(4) {
        let mut n = 0u32;
        for (i, v) in chunk.iter().enumerate() {
            n |= v << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

/// Changes the password of the session `token`; answers the response.
async fn change_password(app: &TestApp, token: &str, current: &str, new: &str) -> reqwest::Response {
    app.post("/api/v1/auth/password", Some(token), &json!({"current_password": current, "new_password": new})).await
}

db_test!(common_and_reused_passwords_are_refused, |app| {
    let token = app.login("office").await;
    for weak in ["P@ssw0rd", "Password1", "Aa123456", "Admin@123", "Qwerty123", "Zhangwei@1990"] {
        let body =
            assert_problem(change_password(&app, &token, DEMO_PASSWORD, weak).await, 422, "validation_failed").await;
        assert_eq!(body["errors"][0]["field"], "new_password", "{weak}: {body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("常见"), "{weak}: {body}");
    }
    // Going round five passwords and back to the first is refused; a sixth new one is fine.
    let passwords = ["Qiuyue#Tk2025a", "Qiuyue#Tk2025b", "Qiuyue#Tk2025c", "Qiuyue#Tk2025d"];
    let mut current = DEMO_PASSWORD.to_owned();
    for next in passwords {
        assert_eq!(change_password(&app, &token, &current, next).await.status(), 204, "{next}");
        current = next.to_owned();
    }
    for old in [DEMO_PASSWORD, passwords[0], passwords[2]] {
        let body = assert_problem(change_password(&app, &token, &current, old).await, 422, "validation_failed").await;
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("最近使用过"), "{old}: {body}");
    }
    assert_eq!(change_password(&app, &token, &current, "Qiuyue#Tk2025e").await.status(), 204);
    // Five changes later the first one is free again (only the last five are kept).
    let kept = app.count("SELECT COUNT(*) AS n FROM password_history");
    assert_eq!(kept, 4);
});

db_test!(a_password_change_ends_every_other_session, |app| {
    let mine = app.login_full("office", DEMO_PASSWORD).await;
    let other = app.login_full("office", DEMO_PASSWORD).await;
    let token = mine["access_token"].as_str().unwrap();
    assert_eq!(change_password(&app, token, DEMO_PASSWORD, "Qiuyue#Tk2025a").await.status(), 204);
    // The other session is over at once, access and refresh; this one goes on.
    assert_problem(app.get_as("/api/v1/auth/me", other["access_token"].as_str().unwrap()).await, 401, "invalid_token")
        .await;
    let res = app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": other["refresh_token"]})).await;
    assert_problem(res, 401, "invalid_refresh_token").await;
    assert_eq!(app.get_as("/api/v1/auth/me", token).await.status(), 200);
    let auditor = app.login("auditor").await;
    let trail = app.get_json("/api/v1/audit?action=auth.password_change", &auditor).await;
    assert_eq!(trail["items"][0]["after"]["other_sessions_ended"], 1, "{trail}");
});

db_test!(an_expired_password_must_be_changed_at_sign_in, |app| {
    app.set_setting("auth.password_max_age_days", json!(90));
    let long_ago = (chrono::Utc::now() - chrono::Duration::days(91)).naive_utc().format("%Y-%m-%d %H:%M:%S");
    app.exec(&format!("UPDATE users SET password_changed_at = '{long_ago}' WHERE username = 'leader'"));
    let body = app.login_full("leader", DEMO_PASSWORD).await;
    assert_eq!(body["user"]["must_change_password"], true);
    // Until it is changed, nothing else answers.
    let token = body["access_token"].as_str().unwrap();
    assert_eq!(app.get_as("/api/v1/issues", token).await.status(), 403);
    assert_eq!(change_password(&app, token, DEMO_PASSWORD, "Qiuyue#Tk2025a").await.status(), 204);
    assert_eq!(app.get_as("/api/v1/issues", token).await.status(), 200);
    // Not expired at 89 days; 0 turns expiry off.
    app.exec(&format!("UPDATE users SET password_changed_at = '{long_ago}' WHERE username = 'office'"));
    app.set_setting("auth.password_max_age_days", json!(0));
    assert_eq!(app.login_full("office", DEMO_PASSWORD).await["user"]["must_change_password"], false);
    let auditor = app.login("auditor").await;
    let trail = app.get_json("/api/v1/audit?action=auth.password_expired", &auditor).await;
    assert_eq!(trail["total"], 1, "{trail}");
});

db_test!(secadmin_sees_an_accounts_waits_and_lifts_them, |app| {
    low_failure_limits(&app);
    for _ in 0..3 {
        app.post("/api/v1/auth/login", None, &json!({"username": "unit_housing", "password": "Wrong#Pass1"})).await;
    }
    assert_wait(
        app.post("/api/v1/auth/login", None, &json!({"username": "unit_housing", "password": DEMO_PASSWORD})).await,
    )
    .await;
    let admin = app.login("secadmin").await;
    let users = app.get_json("/api/v1/users?q=unit_housing", &admin).await;
    let user = &users["items"][0];
    assert!(user["locked_until"].is_string(), "{user}");
    assert_eq!(user["failed_attempts"], 3, "{user}");
    let id = user["id"].as_str().unwrap();
    let res = app.post(&format!("/api/v1/users/{id}/unlock"), Some(&admin), &json!({})).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!((body["locked_until"].clone(), body["failed_attempts"].clone()), (Value::Null, json!(0)));
    app.login("unit_housing").await;
});

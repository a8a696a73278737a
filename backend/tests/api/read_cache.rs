//! The read-path caches (principals, the organisation's names) never outlive a change: what an
//! administrator changes on one server is what the next request on another server sees.

use reqwest::Method;
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::TestApp;

async fn get(app: &TestApp, base: &str, path: &str, token: &str) -> (u16, Value) {
    let res = app.client.get(format!("{base}{path}")).bearer_auth(token).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

db_test!(a_change_on_one_server_reaches_the_others_cache_at_once, |app| {
    let other = app.second_server(|_| {}).await;
    let here = app.url("");
    let here = here.trim_end_matches('/');
    app.seed_demo_problems();
    let (sysadmin, secadmin) = (app.login("sysadmin").await, app.login("secadmin").await);
    let clerk = app.login("unit_commerce").await;
    let office = app.login("office").await;
    // Both servers have read (and cached) the clerk and the names.
    for base in [here, other.as_str()] {
        let (status, me) = get(&app, base, "/api/v1/auth/me", &clerk).await;
        assert_eq!(status, 200, "{me}");
        assert_eq!(me["roles"][0]["role"], "unit", "{me}");
    }
    let page = app.get_json("/api/v1/issues?state=rectifying&page_size=1", &office).await;
    let issue = page["items"][0].clone();
    let path = format!("/api/v1/issues/{}", issue["id"].as_str().unwrap());
    assert_eq!(get(&app, &other, &path, &office).await.1["group_name"], issue["group_name"]);

    // Roles granted here are the clerk's there at the next request.
    let clerk_id = app.user_id("unit_commerce");
    let roles = json!({"roles": [{"role": "leader"}]});
    let res = app.request(Method::PUT, &format!("/api/v1/users/{clerk_id}/roles"), Some(&secadmin), Some(&roles)).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (_, me) = get(&app, &other, "/api/v1/auth/me", &clerk).await;
    assert_eq!(me["roles"][0]["role"], "leader", "{me}");

    // A work group renamed here is named anew there.
    let group = issue["group_id"].as_str().unwrap();
    let res = app.patch(&format!("/api/v1/groups/{group}"), &sysadmin, &json!({"name": "改名后的工作组"})).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(get(&app, &other, &path, &office).await.1["group_name"], "改名后的工作组");

    // Deactivated here: refused there, at once.
    let res = app.patch(&format!("/api/v1/users/{clerk_id}"), &sysadmin, &json!({"active": false})).await;
    assert_eq!(res.status(), 200);
    assert_eq!(get(&app, &other, "/api/v1/auth/me", &clerk).await.0, 401);

    // Signed out there: refused here, at once.
    let res = app.client.post(format!("{other}/api/v1/auth/logout")).bearer_auth(&office).json(&json!({})).send().await;
    assert!(res.unwrap().status().is_success());
    assert_eq!(get(&app, here, &path, &office).await.0, 401);
});

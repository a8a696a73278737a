//! Portal integration (#21): query strings checked against each operation's documented
//! parameters.

use serde_json::Value;

use crate::{db_test, helpers::assert_problem};

db_test!(unknown_query_parameters_are_named, |app| {
    app.seed_demo_problems();
    let office = app.login("office").await;
    // A guessed parameter is refused, naming it, rather than silently answering everything.
    let body = assert_problem(
        app.get_as("/api/v1/issues?updated_since=2024-01-01T00:00:00Z&page_size=1", &office).await,
        400,
        "unknown_query_parameter",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "updated_since", "{body}");
    assert!(body["detail"].as_str().unwrap().contains("updated_since"), "{body}");
    // On every route, for every caller (also before signing in, and on a route without any).
    for path in ["/api/v1/units?foo=1", "/api/v1/issues/by-ref?source=x&ref=y&zzz=1", "/api/v1/dictionaries?x=1"] {
        let body = assert_problem(app.get_as(path, &office).await, 400, "unknown_query_parameter").await;
        assert!(["foo", "zzz", "x"].contains(&body["errors"][0]["field"].as_str().unwrap()), "{path}: {body}");
    }
    let anonymous = app.get("/api/v1/issues?bogus=1").await;
    assert_problem(anonymous, 400, "unknown_query_parameter").await;
    let body = assert_problem(app.get("/healthz?verbose=1").await, 400, "unknown_query_parameter").await;
    assert_eq!(body["errors"][0]["field"], "verbose");
    // Documented parameters of both parameter types of one operation pass.
    assert_eq!(
        app.get_json("/api/v1/issues?page=1&page_size=5&sort=number&q=LY", &office).await["items"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
});

db_test!(array_parameters_may_repeat, |app| {
    app.seed_demo_problems();
    let office = app.login("office").await;
    let total = |v: &Value| v["total"].as_i64().unwrap();
    let joined = app.get_json("/api/v1/issues?state=assigned,rectifying&page_size=1", &office).await;
    let repeated = app.get_json("/api/v1/issues?state=assigned&page_size=1&state=rectifying", &office).await;
    let assigned = app.get_json("/api/v1/issues?state=assigned&page_size=1", &office).await;
    let rectifying = app.get_json("/api/v1/issues?state=rectifying&page_size=1", &office).await;
    assert_eq!(total(&joined), total(&repeated));
    assert_eq!(total(&repeated), total(&assigned) + total(&rectifying));
    assert!(total(&assigned) > 0 && total(&rectifying) > 0);
    // The export takes the same filter.
    let res = app.get_as("/api/v1/exports/issues.csv?state=assigned&state=rectifying", &office).await;
    assert_eq!(res.status(), 200);
    // A bad state among repeated ones still names the parameter; a repeated scalar is refused.
    assert_problem(app.get_as("/api/v1/issues?state=assigned&state=open", &office).await, 422, "validation_failed")
        .await;
    assert_problem(app.get_as("/api/v1/issues?page=1&page=2", &office).await, 400, "invalid_query").await;
});

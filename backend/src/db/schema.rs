//! Table definitions, identical on both backends (the migrations of each keep them so).

diesel::table! {
    units (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        alias -> Nullable<Text>,
        kind -> Text,
        active -> Bool,
        sort_order -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    work_groups (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        lead_unit_id -> Text,
        category -> Nullable<Text>,
        sort_order -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    group_members (group_id, unit_id) {
        group_id -> Text,
        unit_id -> Text,
    }
}

diesel::table! {
    dict_items (kind, code) {
        kind -> Text,
        code -> Text,
        label -> Text,
        parent_code -> Nullable<Text>,
        sort_order -> Integer,
        active -> Bool,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        display_name -> Text,
        unit_id -> Text,
        password_hash -> Text,
        must_change_password -> Bool,
        active -> Bool,
        failed_attempts -> Integer,
        locked_until -> Nullable<Timestamp>,
        last_login_at -> Nullable<Timestamp>,
        password_changed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    user_roles (id) {
        id -> Text,
        user_id -> Text,
        role -> Text,
        group_id -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        family_id -> Text,
        user_id -> Text,
        token_hash -> Text,
        issued_at -> Timestamp,
        idle_expires_at -> Timestamp,
        family_expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (seq) {
        seq -> BigInt,
        occurred_at -> Timestamp,
        actor_kind -> Text,
        actor_id -> Nullable<Text>,
        actor_name -> Nullable<Text>,
        actor_roles -> Nullable<Text>,
        actor_unit_id -> Nullable<Text>,
        action -> Text,
        entity_type -> Text,
        entity_id -> Nullable<Text>,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        result -> Text,
        client_ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        request_id -> Nullable<Text>,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    audit_head (id) {
        id -> Integer,
        last_seq -> BigInt,
        last_hash -> Text,
    }
}

diesel::joinable!(work_groups -> units (lead_unit_id));
diesel::joinable!(group_members -> work_groups (group_id));
diesel::joinable!(group_members -> units (unit_id));
diesel::joinable!(users -> units (unit_id));
diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(user_roles -> work_groups (group_id));
diesel::joinable!(refresh_tokens -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    units,
    work_groups,
    group_members,
    dict_items,
    users,
    user_roles,
    refresh_tokens,
    audit_log,
    audit_head,
);

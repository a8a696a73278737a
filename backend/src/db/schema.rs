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
        key_id -> Nullable<Text>,
    }
}

diesel::table! {
    audit_head (id) {
        id -> Integer,
        last_seq -> BigInt,
        last_hash -> Text,
        key_id -> Nullable<Text>,
    }
}

diesel::table! {
    audit_checkpoints (seq, key_id) {
        seq -> BigInt,
        key_id -> Text,
        head_hash -> Text,
        record_count -> BigInt,
        created_at -> Timestamp,
        previous_key_id -> Nullable<Text>,
        signature -> Text,
    }
}

diesel::table! {
    campaigns (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        year -> Integer,
        starts_on -> Date,
        ends_on -> Date,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        state -> Text,
        standing -> Bool,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    campaign_phases (id) {
        id -> Text,
        campaign_id -> Text,
        name -> Text,
        starts_on -> Date,
        ends_on -> Date,
        sort_order -> Integer,
    }
}

diesel::table! {
    campaign_milestones (id) {
        id -> Text,
        campaign_id -> Text,
        phase_id -> Nullable<Text>,
        title -> Text,
        due_on -> Date,
        sort_order -> Integer,
        deliverable -> Text,
        submitters -> Text,
    }
}

diesel::table! {
    milestone_submissions (id) {
        id -> Text,
        milestone_id -> Text,
        group_id -> Text,
        unit_id -> Text,
        summary -> Text,
        nil_return -> Bool,
        late -> Bool,
        status -> Text,
        submitted_by -> Text,
        submitted_by_name -> Text,
        submitted_at -> Timestamp,
        reviewed_by_name -> Nullable<Text>,
        reviewed_at -> Nullable<Timestamp>,
        review_comment -> Nullable<Text>,
    }
}

diesel::table! {
    milestone_submission_issues (submission_id, issue_id) {
        submission_id -> Text,
        issue_id -> Text,
    }
}

diesel::table! {
    milestone_reminders (milestone_id, group_id, unit_id, kind) {
        milestone_id -> Text,
        group_id -> Text,
        unit_id -> Text,
        kind -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    counters (key) {
        key -> Text,
        value -> BigInt,
    }
}

diesel::table! {
    issues (id) {
        id -> Text,
        number -> Text,
        campaign_id -> Text,
        title -> Text,
        description -> Text,
        category -> Text,
        problem_type -> Text,
        arrear_object -> Nullable<Text>,
        source -> Text,
        source_ref -> Nullable<Text>,
        enterprise_name -> Text,
        enterprise_uscc -> Nullable<Text>,
        enterprise_contact -> Nullable<Text>,
        enterprise_phone -> Nullable<Text>,
        amount_involved_fen -> BigInt,
        amount_resolved_fen -> BigInt,
        group_id -> Text,
        responsible_unit_id -> Nullable<Text>,
        reporting_unit_id -> Text,
        deadline -> Nullable<Date>,
        measures -> Nullable<Text>,
        responsible_leader -> Nullable<Text>,
        responsible_person -> Nullable<Text>,
        state -> Text,
        closure_kind -> Nullable<Text>,
        version -> Integer,
        created_by_kind -> Text,
        created_by_id -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        migrated -> Bool,
    }
}

diesel::table! {
    issue_units (issue_id, unit_id, relation) {
        issue_id -> Text,
        unit_id -> Text,
        relation -> Text,
        since -> Timestamp,
    }
}

diesel::table! {
    issue_transitions (id) {
        id -> Text,
        issue_id -> Text,
        action -> Text,
        from_state -> Text,
        to_state -> Text,
        actor_kind -> Text,
        actor_id -> Text,
        actor_name -> Text,
        actor_unit_id -> Nullable<Text>,
        comment -> Nullable<Text>,
        payload_json -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    issue_progress (id) {
        id -> Text,
        issue_id -> Text,
        unit_id -> Text,
        author_id -> Text,
        author_name -> Text,
        note -> Text,
        amount_resolved_fen -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    issue_urges (id) {
        id -> Text,
        issue_id -> Text,
        unit_id -> Nullable<Text>,
        actor_id -> Text,
        actor_name -> Text,
        actor_unit_id -> Nullable<Text>,
        message -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    extension_requests (id) {
        id -> Text,
        issue_id -> Text,
        unit_id -> Text,
        requested_by_id -> Text,
        requested_by_name -> Text,
        current_deadline -> Date,
        requested_deadline -> Date,
        reason -> Text,
        status -> Text,
        decided_by_id -> Nullable<Text>,
        decided_by_name -> Nullable<Text>,
        decision_comment -> Nullable<Text>,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        issue_id -> Nullable<Text>,
        kind -> Text,
        title -> Text,
        body -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    warning_notices (issue_id, threshold, deadline) {
        issue_id -> Text,
        threshold -> Text,
        deadline -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        name -> Text,
        unit_id -> Text,
        scopes -> Text,
        prefix -> Text,
        secret_hash -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        client_id -> Nullable<Text>,
    }
}

diesel::table! {
    job_leases (name) {
        name -> Text,
        holder -> Text,
        expires_at -> Timestamp,
        last_run_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox_events (seq) {
        seq -> BigInt,
        kind -> Text,
        issue_id -> Nullable<Text>,
        payload_json -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value_json -> Text,
        updated_at -> Timestamp,
        updated_by -> Nullable<Text>,
    }
}

diesel::joinable!(work_groups -> units (lead_unit_id));
diesel::joinable!(group_members -> work_groups (group_id));
diesel::joinable!(group_members -> units (unit_id));
diesel::joinable!(users -> units (unit_id));
diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(password_history -> users (user_id));
diesel::joinable!(user_roles -> work_groups (group_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(campaign_phases -> campaigns (campaign_id));
diesel::joinable!(campaign_milestones -> campaigns (campaign_id));
diesel::joinable!(milestone_submissions -> campaign_milestones (milestone_id));
diesel::joinable!(milestone_submission_issues -> milestone_submissions (submission_id));
diesel::joinable!(issues -> campaigns (campaign_id));
diesel::joinable!(issues -> work_groups (group_id));
diesel::joinable!(issue_units -> issues (issue_id));
diesel::joinable!(outbox_events -> issues (issue_id));
diesel::joinable!(issue_transitions -> issues (issue_id));
diesel::joinable!(issue_progress -> issues (issue_id));
diesel::joinable!(issue_urges -> issues (issue_id));
diesel::joinable!(extension_requests -> issues (issue_id));
diesel::joinable!(notifications -> issues (issue_id));

diesel::table! {
    login_throttles (key) {
        key -> Text,
        failures -> Integer,
        last_failure_at -> Timestamp,
        blocked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    user_totp (user_id) {
        user_id -> Text,
        secret -> Text,
        created_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        last_step -> Nullable<BigInt>,
    }
}

diesel::table! {
    totp_recovery_codes (user_id, code_hash) {
        user_id -> Text,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(user_totp -> users (user_id));
diesel::joinable!(totp_recovery_codes -> users (user_id));

diesel::table! {
    password_history (user_id, retired_at) {
        user_id -> Text,
        password_hash -> Text,
        retired_at -> Timestamp,
    }
}

diesel::table! {
    stat_snapshots (campaign_id, snapshot_date) {
        campaign_id -> Text,
        snapshot_date -> Date,
        taken_at -> Timestamp,
        data_json -> Text,
    }
}

diesel::table! {
    holidays (day) {
        day -> Date,
        kind -> Text,
        name -> Text,
        updated_at -> Timestamp,
        updated_by -> Nullable<Text>,
    }
}

diesel::table! {
    integration_clients (id) {
        id -> Text,
        name -> Text,
        source -> Nullable<Text>,
        unit_id -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        owner_kind -> Text,
        owner_id -> Text,
        kind -> Text,
        transition_id -> Nullable<Text>,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        object_key -> Text,
        uploaded_by_kind -> Text,
        uploaded_by_id -> Text,
        uploaded_by_name -> Text,
        uploaded_by_unit_id -> Nullable<Text>,
        created_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<Text>,
        payment_id -> Nullable<Text>,
    }
}

diesel::table! {
    issue_supplements (id) {
        id -> Text,
        issue_id -> Text,
        content_json -> Text,
        changes_json -> Text,
        actor_kind -> Text,
        actor_id -> Text,
        actor_name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    issue_replies (id) {
        id -> Text,
        issue_id -> Text,
        body -> Text,
        author_id -> Text,
        author_name -> Text,
        unit_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    verifications (transition_id) {
        transition_id -> Text,
        issue_id -> Text,
        outcome -> Text,
        method -> Text,
        verified_on -> Date,
        verifiers_json -> Text,
        findings -> Text,
        enterprise_contacted -> Nullable<Bool>,
        enterprise_confirmed -> Nullable<Bool>,
        satisfaction -> Nullable<Text>,
        enterprise_words -> Nullable<Text>,
        override_reason -> Nullable<Text>,
        redo -> Bool,
        responsible_unit_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

// `issue_count_deltas` has no key, so no definition here: only `store::issue_counts` reads it,
// by SQL.
diesel::table! {
    issue_counts (campaign_id, group_id, state, category, source) {
        campaign_id -> Text,
        group_id -> Text,
        state -> Text,
        category -> Text,
        source -> Text,
        n -> BigInt,
    }
}

diesel::table! {
    stats_materialized (request_key) {
        request_key -> Text,
        request_json -> Text,
        figures_json -> Text,
        for_day -> Date,
        audit_seq -> BigInt,
        computed_at -> Timestamp,
        compute_ms -> BigInt,
        read_at -> Timestamp,
    }
}

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
    audit_checkpoints,
    campaigns,
    campaign_phases,
    campaign_milestones,
    milestone_submissions,
    milestone_submission_issues,
    milestone_reminders,
    counters,
    issues,
    issue_units,
    issue_transitions,
    issue_progress,
    issue_urges,
    extension_requests,
    notifications,
    warning_notices,
    api_keys,
    job_leases,
    login_throttles,
    outbox_events,
    password_history,
    user_totp,
    totp_recovery_codes,
    settings,
    integration_clients,
    issue_supplements,
    issue_replies,
    issue_payments,
    repayment_plans,
    repayment_instalments,
    instalment_notices,
    issue_facts,
    attachments,
    verifications,
    webhooks,
    webhook_deliveries,
);

diesel::table! {
    webhooks (id) {
        id -> Text,
        client_id -> Text,
        url -> Text,
        events_json -> Text,
        secret -> Text,
        active -> Bool,
        after_seq -> BigInt,
        consecutive_failures -> Integer,
        last_success_at -> Nullable<Timestamp>,
        last_failure_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        event_seq -> BigInt,
        event_kind -> Text,
        issue_id -> Nullable<Text>,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        retry_until -> Timestamp,
        claimed_by -> Nullable<Text>,
        claimed_until -> Nullable<Timestamp>,
        last_attempt_at -> Nullable<Timestamp>,
        response_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        delivered_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(webhooks -> integration_clients (client_id));

diesel::table! {
    issue_payments (id) {
        id -> Text,
        issue_id -> Text,
        kind -> Text,
        paid_on -> Date,
        amount_fen -> BigInt,
        method -> Text,
        voucher_no -> Nullable<Text>,
        note -> Nullable<Text>,
        corrects -> Nullable<Text>,
        plan_version -> Nullable<Integer>,
        unit_id -> Nullable<Text>,
        recorded_by_kind -> Text,
        recorded_by_id -> Text,
        recorded_by_name -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(issue_payments -> issues (issue_id));

diesel::table! {
    repayment_plans (issue_id, version) {
        issue_id -> Text,
        version -> Integer,
        is_current -> Bool,
        outstanding_fen -> BigInt,
        note -> Nullable<Text>,
        unit_id -> Nullable<Text>,
        set_by_kind -> Text,
        set_by_id -> Text,
        set_by_name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    repayment_instalments (issue_id, version, seq) {
        issue_id -> Text,
        version -> Integer,
        seq -> Integer,
        due_on -> Date,
        amount_fen -> BigInt,
        paid_fen -> BigInt,
        is_current -> Bool,
    }
}

diesel::table! {
    instalment_notices (issue_id, version, seq) {
        issue_id -> Text,
        version -> Integer,
        seq -> Integer,
        created_at -> Timestamp,
    }
}

diesel::joinable!(repayment_plans -> issues (issue_id));
diesel::joinable!(repayment_instalments -> issues (issue_id));

diesel::table! {
    issue_facts (issue_id) {
        issue_id -> Text,
        amount_due_fen -> Nullable<BigInt>,
        debtor_name -> Nullable<Text>,
        debtor_nature -> Nullable<Text>,
        agreed_payment_on -> Nullable<Date>,
        disputed -> Bool,
        dispute_note -> Nullable<Text>,
        updated_at -> Timestamp,
        doc_name -> Nullable<Text>,
        doc_no -> Nullable<Text>,
        doc_date -> Nullable<Date>,
        contract_amount_fen -> Nullable<BigInt>,
        enterprise_size -> Nullable<Text>,
        enterprise_ownership -> Nullable<Text>,
        promised_content -> Nullable<Text>,
        promise_lawful -> Nullable<Bool>,
        pretext -> Nullable<Text>,
        policy_level -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(issue_facts -> issues (issue_id));

diesel::table! {
    read_cache_epoch (id) {
        id -> Integer,
        epoch -> BigInt,
    }
}

// `issue_stat_dirty` has no key, so no definition here: only `store::stat_sums` reads it, by SQL.
diesel::table! {
    issue_stat_rows (issue_id) {
        issue_id -> Text,
        share -> Text,
    }
}

diesel::table! {
    issue_stat_sums (campaign_id, group_id, state, category, source, closure_kind, owes, agreed_payment_on, debtor_nature, enterprise_size) {
        campaign_id -> Text,
        group_id -> Text,
        state -> Text,
        category -> Text,
        source -> Text,
        closure_kind -> Text,
        owes -> BigInt,
        agreed_payment_on -> Text,
        debtor_nature -> Text,
        enterprise_size -> Text,
        n -> BigInt,
        involved -> BigInt,
        resolved -> BigInt,
        due -> BigInt,
        paid -> BigInt,
        negotiated -> BigInt,
        counted -> BigInt,
        timed -> BigInt,
        on_time -> BigInt,
        close_timed -> BigInt,
        close_seconds -> BigInt,
        verified -> BigInt,
        redo -> BigInt,
        asked -> BigInt,
        satisfied -> BigInt,
    }
}

diesel::table! {
    issue_day_sums (campaign_id, group_id, day) {
        campaign_id -> Text,
        group_id -> Text,
        day -> Text,
        registered -> BigInt,
        closed -> BigInt,
        paid -> BigInt,
        negotiated -> BigInt,
    }
}

//! The one portable schema, kept by hand to match both migration dialects.
//! Only types both backends share: BigInt, Integer, Text, Bool, Timestamp (naive UTC).

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        username_key -> Text,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        bio -> Text,
        avatar_photo_id -> Nullable<BigInt>,
        reputation -> Integer,
        post_count -> Integer,
        created_at -> Timestamp,
        suspended_until -> Nullable<Timestamp>,
        suspension_reason -> Nullable<Text>,
        email_verified_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        time_zone -> Text,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        token_hash -> Text,
        email -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> BigInt,
        template -> Text,
        to_address -> Text,
        user_id -> Nullable<BigInt>,
        payload -> Text,
        message_id -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        leased_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    mail_preferences (user_id, kind) {
        user_id -> BigInt,
        kind -> Text,
        mode -> Text,
    }
}

diesel::table! {
    mail_digest_items (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        event -> Text,
        thread_id -> Nullable<BigInt>,
        post_id -> Nullable<BigInt>,
        actor_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        owned_device_id -> Nullable<BigInt>,
        task_id -> Nullable<BigInt>,
        due_on -> Nullable<Date>,
    }
}

diesel::table! {
    mail_digest_sent (user_id) {
        user_id -> BigInt,
        sent_through -> Timestamp,
    }
}

diesel::table! {
    solved_reminders (thread_id) {
        thread_id -> BigInt,
        user_id -> BigInt,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    site_secrets (name) {
        name -> Text,
        value -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        user_agent -> Text,
        network -> Text,
    }
}

diesel::table! {
    devices (id) {
        id -> BigInt,
        parent_id -> Nullable<BigInt>,
        kind -> Text,
        slug -> Text,
        name -> Text,
        path -> Text,
        description_md -> Text,
        description_html -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    threads (id) {
        id -> BigInt,
        kind -> Text,
        title -> Text,
        slug -> Text,
        device_id -> Nullable<BigInt>,
        author_id -> BigInt,
        status -> Text,
        pinned -> Bool,
        locked -> Bool,
        solution_post_id -> Nullable<BigInt>,
        recovery_path -> Nullable<Text>,
        reply_count -> Integer,
        me_too_count -> Integer,
        last_poster_id -> BigInt,
        created_at -> Timestamp,
        last_activity_at -> Timestamp,
        solved_at -> Nullable<Timestamp>,
        solution_marked_by_id -> Nullable<BigInt>,
        verified_at -> Nullable<Timestamp>,
        firmware_current -> Bool,
        lang -> Nullable<Text>,
    }
}

diesel::table! {
    posts (id) {
        id -> BigInt,
        thread_id -> BigInt,
        reply_number -> Integer,
        author_id -> BigInt,
        body_md -> Text,
        body_html -> Text,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        edited_by_id -> Nullable<BigInt>,
        revision_count -> Integer,
        hidden -> Bool,
        hidden_reason -> Nullable<Text>,
        vote_count -> Integer,
        worked_count -> Integer,
        open_flag_count -> Integer,
        hidden_by_id -> Nullable<BigInt>,
        hidden_at -> Nullable<Timestamp>,
        body_text -> Nullable<Text>,
        lang -> Nullable<Text>,
        lang_pending -> Bool,
    }
}

diesel::table! {
    post_revisions (id) {
        id -> BigInt,
        post_id -> BigInt,
        version -> Integer,
        author_id -> BigInt,
        title -> Nullable<Text>,
        body_md -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    verifications (id) {
        id -> BigInt,
        post_id -> BigInt,
        thread_id -> BigInt,
        staff_id -> BigInt,
        note -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_by_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    votes (post_id, user_id) {
        post_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    me_toos (thread_id, user_id) {
        thread_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    worked_reports (post_id, user_id) {
        post_id -> BigInt,
        user_id -> BigInt,
        device_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    thread_follows (thread_id, user_id) {
        thread_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    escalations (id) {
        id -> BigInt,
        thread_id -> BigInt,
        requested_by_id -> BigInt,
        requested_at -> Timestamp,
        claimed_by_id -> Nullable<BigInt>,
        claimed_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        waiting_for -> Text,
        waiting_since -> Timestamp,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        thread_id -> Nullable<BigInt>,
        post_id -> Nullable<BigInt>,
        actor_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        owned_device_id -> Nullable<BigInt>,
        task_id -> Nullable<BigInt>,
        due_on -> Nullable<Date>,
    }
}

diesel::table! {
    flags (id) {
        id -> BigInt,
        post_id -> BigInt,
        user_id -> BigInt,
        reason -> Text,
        note -> Text,
        trusted -> Bool,
        created_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
        resolved_by_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        target_user_id -> Nullable<BigInt>,
        thread_id -> Nullable<BigInt>,
        post_id -> Nullable<BigInt>,
        detail -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reputation_events (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        points -> Integer,
        post_id -> Nullable<BigInt>,
        source_user_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> BigInt,
        bucket -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    signup_attempts (id) {
        id -> BigInt,
        address -> Text,
        created_at -> Timestamp,
    }
}

// A trigger copies each document's facts into `search_matches`, read only by
// raw SQL in search::builtin: on PostgreSQL with its tsvector (migration
// 000026), on SQLite with its length (000039; the words are in `search_fts`).
diesel::table! {
    search_docs (thread_id) {
        thread_id -> BigInt,
        kind -> Text,
        device_path -> Nullable<Text>,
        solved -> Bool,
        verified -> Bool,
        recovery_path -> Nullable<Text>,
        last_activity_at -> Timestamp,
        title -> Text,
        body -> Text,
        firmware_current -> Bool,
        devices -> Text,
        replies -> Text,
        grams -> Text,
        lang -> Nullable<Text>,
        words -> Nullable<Integer>,
    }
}

diesel::table! {
    search_words (word) {
        word -> Text,
        docs -> BigInt,
    }
}

diesel::table! {
    search_outbox (id) {
        id -> BigInt,
        thread_id -> BigInt,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        created_at -> Timestamp,
        leased_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    guides (thread_id) {
        thread_id -> BigInt,
        difficulty -> Nullable<Text>,
        time_min -> Nullable<Integer>,
        time_max -> Nullable<Integer>,
        tools -> Text,
        parts -> Text,
        prerequisites -> Text,
        conclusion_md -> Text,
        conclusion_html -> Text,
        completions_worked -> Integer,
        completions_failed -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    guide_steps (id) {
        id -> BigInt,
        thread_id -> BigInt,
        position -> Integer,
        title -> Text,
        body_md -> Text,
        body_html -> Text,
        caution -> Text,
        note -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        hidden -> Bool,
        hidden_reason -> Nullable<Text>,
        hidden_by_id -> Nullable<BigInt>,
        hidden_at -> Nullable<Timestamp>,
        body_text -> Nullable<Text>,
    }
}

diesel::table! {
    guide_step_revisions (id) {
        id -> BigInt,
        thread_id -> BigInt,
        step_id -> BigInt,
        editor_id -> BigInt,
        action -> Text,
        position -> Integer,
        title -> Text,
        body_md -> Text,
        caution -> Text,
        note -> Text,
        created_at -> Timestamp,
        hidden -> Bool,
    }
}

diesel::table! {
    guide_completions (thread_id, user_id) {
        thread_id -> BigInt,
        user_id -> BigInt,
        worked -> Bool,
        device_id -> Nullable<BigInt>,
        comment -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    parts (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        part_number -> Text,
        description_md -> Text,
        description_html -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    part_fits (part_id, device_id) {
        part_id -> BigInt,
        device_id -> BigInt,
    }
}

diesel::table! {
    swap_reports (thread_id) {
        thread_id -> BigInt,
        part_id -> BigInt,
        device_id -> BigInt,
        outcome -> Text,
        caveats -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    swap_confirmations (thread_id, user_id) {
        thread_id -> BigInt,
        user_id -> BigInt,
        agrees -> Bool,
        device_id -> Nullable<BigInt>,
        comment -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    photos (id) {
        id -> BigInt,
        sha256 -> Text,
        extension -> Text,
        width -> Integer,
        height -> Integer,
        uploader_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    step_photos (step_id, photo_id) {
        step_id -> BigInt,
        photo_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    post_photos (post_id, photo_id) {
        post_id -> BigInt,
        photo_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    photo_uploads (id) {
        id -> BigInt,
        uploader_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    photo_sources (source_sha256) {
        source_sha256 -> Text,
        photo_id -> BigInt,
    }
}

diesel::table! {
    synonym_groups (id) {
        id -> BigInt,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    synonym_terms (term) {
        term -> Text,
        group_id -> BigInt,
        first_word -> Text,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(synonym_terms -> synonym_groups (group_id));
diesel::joinable!(threads -> devices (device_id));
diesel::joinable!(posts -> threads (thread_id));
diesel::joinable!(post_revisions -> posts (post_id));

diesel::joinable!(verifications -> posts (post_id));
diesel::joinable!(votes -> posts (post_id));
diesel::joinable!(worked_reports -> posts (post_id));
diesel::joinable!(escalations -> threads (thread_id));
diesel::joinable!(notifications -> threads (thread_id));

diesel::table! {
    account_requests (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(account_tokens -> users (user_id));
diesel::joinable!(mail_preferences -> users (user_id));
diesel::joinable!(mail_digest_items -> threads (thread_id));

diesel::table! {
    owned_devices (id) {
        id -> BigInt,
        user_id -> BigInt,
        device_id -> BigInt,
        nickname -> Text,
        purchased_on -> Nullable<Date>,
        firmware -> Text,
        shown_on_profile -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    maintenance_tasks (id) {
        id -> BigInt,
        device_id -> BigInt,
        title -> Text,
        why -> Text,
        interval_count -> Nullable<Integer>,
        interval_unit -> Nullable<Text>,
        usage_hint -> Text,
        guide_id -> Nullable<BigInt>,
        created_by_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    maintenance_log (owned_device_id, task_id) {
        owned_device_id -> BigInt,
        task_id -> BigInt,
        last_done_on -> Nullable<Date>,
        snoozed_until -> Nullable<Date>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    maintenance_reminders (owned_device_id, task_id, due_on) {
        owned_device_id -> BigInt,
        task_id -> BigInt,
        due_on -> Date,
        user_id -> BigInt,
        sent_at -> Timestamp,
    }
}

diesel::joinable!(owned_devices -> devices (device_id));
diesel::joinable!(maintenance_tasks -> devices (device_id));

diesel::table! {
    thread_view_days (thread_id, day) {
        thread_id -> BigInt,
        day -> Date,
        views -> BigInt,
    }
}

diesel::joinable!(thread_view_days -> threads (thread_id));

diesel::table! {
    known_issues (thread_id) {
        thread_id -> BigInt,
        status -> Text,
        is_open -> Bool,
        fixed_in -> Nullable<Text>,
        best_fix_post_id -> Nullable<BigInt>,
        best_fix_guide_id -> Nullable<BigInt>,
        changed_at -> Timestamp,
        workaround -> Text,
    }
}

diesel::table! {
    status_events (id) {
        id -> BigInt,
        thread_id -> BigInt,
        status -> Text,
        detail -> Text,
        note -> Text,
        author_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    known_issue_links (thread_id) {
        thread_id -> BigInt,
        known_issue_id -> BigInt,
        merged -> Bool,
        linked_by_id -> Nullable<BigInt>,
        linked_at -> Timestamp,
    }
}

diesel::table! {
    known_issue_watchers (owned_device_id) {
        owned_device_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    private_messages (id) {
        id -> BigInt,
        thread_id -> BigInt,
        author_id -> BigInt,
        body_md -> Text,
        body_html -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(private_messages -> threads (thread_id));

diesel::table! {
    firmware_releases (id) {
        id -> BigInt,
        device_id -> BigInt,
        version -> Text,
        released_on -> Date,
        notes -> Text,
        created_by_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    firmware_checks (post_id) {
        post_id -> BigInt,
        thread_id -> BigInt,
        release_id -> BigInt,
        checked_by_id -> BigInt,
        checked_at -> Timestamp,
    }
}

diesel::table! {
    freshness_reports (id) {
        id -> BigInt,
        post_id -> BigInt,
        release_id -> BigInt,
        user_id -> BigInt,
        works -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    solution_reviews (id) {
        id -> BigInt,
        thread_id -> BigInt,
        post_id -> BigInt,
        release_id -> BigInt,
        opened_at -> Timestamp,
        outcome -> Text,
        decided_by_id -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(firmware_releases -> devices (device_id));
diesel::joinable!(firmware_checks -> firmware_releases (release_id));

diesel::table! {
    ideas (thread_id) {
        thread_id -> BigInt,
        status -> Text,
        is_open -> Bool,
        votes -> BigInt,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    idea_votes (thread_id, user_id) {
        thread_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    ideas,
    idea_votes,
    firmware_releases,
    firmware_checks,
    freshness_reports,
    private_messages,
    known_issues,
    status_events,
    known_issue_links,
    known_issue_watchers,
    users,
    thread_view_days,
    account_tokens,
    mail_outbox,
    mail_preferences,
    mail_digest_items,
    mail_digest_sent,
    solved_reminders,
    owned_devices,
    maintenance_tasks,
    maintenance_log,
    maintenance_reminders,
    site_secrets,
    sessions,
    devices,
    threads,
    posts,
    post_revisions,
    verifications,
    votes,
    me_toos,
    worked_reports,
    thread_follows,
    escalations,
    notifications,
    flags,
    audit_log,
    reputation_events,
    login_attempts,
    signup_attempts,
    search_docs,
    search_outbox,
    guides,
    guide_steps,
    guide_step_revisions,
    guide_completions,
    parts,
    part_fits,
    swap_reports,
    swap_confirmations,
    photos,
    step_photos,
    post_photos,
    synonym_groups,
    synonym_terms,
);

// Every alias of a table must come from one `alias!` call.
diesel::alias!(
    users as last_posters: LastPosters,
    users as revokers: Revokers,
    users as claimers: Claimers,
    users as targets: Targets,
);

diesel::table! {
    site_changes (id) {
        id -> Integer,
        pages -> BigInt,
        hidden -> BigInt,
    }
}

diesel::table! {
    webhooks (id) {
        id -> BigInt,
        url -> Text,
        secret -> Text,
        allow_private -> Bool,
        created_by_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        active -> Bool,
    }
}

diesel::table! {
    webhook_events (webhook_id, event) {
        webhook_id -> BigInt,
        event -> Text,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> BigInt,
        webhook_id -> BigInt,
        event -> Text,
        delivery_key -> Text,
        body -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        leased_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
        last_attempt_at -> Nullable<Timestamp>,
        response_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        delivered_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(webhook_events -> webhooks (webhook_id));
diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::allow_tables_to_appear_in_same_query!(webhooks, webhook_events, webhook_deliveries);

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        scope -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        window_started_at -> Nullable<Timestamp>,
        window_count -> Integer,
    }
}

diesel::joinable!(api_tokens -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(api_tokens, users);

diesel::table! {
    oidc_identities (id) {
        id -> BigInt,
        issuer -> Text,
        subject -> Text,
        user_id -> BigInt,
        created_at -> Timestamp,
        last_login_at -> Timestamp,
    }
}

diesel::table! {
    oidc_logins (id) {
        id -> BigInt,
        state_hash -> Text,
        browser_hash -> Text,
        nonce -> Text,
        pkce_verifier -> Text,
        next_path -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    oidc_signups (id) {
        id -> BigInt,
        token_hash -> Text,
        issuer -> Text,
        subject -> Text,
        email -> Text,
        email_verified -> Bool,
        username_claim -> Text,
        staff_claim -> Bool,
        link_user_id -> Nullable<BigInt>,
        next_path -> Text,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(oidc_identities -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(oidc_identities, users);

diesel::table! {
    import_ids (record_type, source_id) {
        record_type -> Text,
        source_id -> Text,
        new_id -> BigInt,
    }
}

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
        reputation -> Integer,
        post_count -> Integer,
        created_at -> Timestamp,
        suspended_until -> Nullable<Timestamp>,
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

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(threads -> devices (device_id));
diesel::joinable!(posts -> threads (thread_id));
diesel::joinable!(post_revisions -> posts (post_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    sessions,
    devices,
    threads,
    posts,
    post_revisions
);

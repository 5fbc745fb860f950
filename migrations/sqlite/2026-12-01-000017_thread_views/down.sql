DROP TABLE thread_view_days;

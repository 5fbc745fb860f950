# Staff and admins: the queue, flags, the audit log, search synonyms,
# moving a thread, the dashboard, members and webhooks.

## The queue (staff/queue.html)

queue-title = Staff queue
queue-heading = Waiting for staff
queue-dashboard-link = Dashboard
queue-explain = Threads whose askers asked for staff help: those waiting for staff first, the longest waiting first; then those where staff answered privately and the asker's turn is next.
queue-empty = Nobody is waiting. 🎉
queue-col-question = Question
queue-col-device = Device
queue-col-asker = Asked by
queue-col-waiting = Waiting
queue-col-claimed = On it
queue-col-replies = Replies
queue-col-me-too = Me too
# Followed by when, as "3 days ago".
queue-new-message = New private message
# Before how long a thread waits (the first is read out only).
queue-for-staff = For staff,
queue-for-asker = For the asker,
queue-since = since { $date }
queue-unclaimed = unclaimed

## Flagged posts (staff/flags.html)

flag-title = Flagged posts
flag-explain = Posts members flagged, the oldest flag first. Posts flagged by three trusted members are already hidden and wait for your review.
flag-empty = Nothing to review.
# Followed by the author's name.
flag-post-by = post #{ $number } by
flag-post-by-end = { "" }
flag-hidden = hidden: { $reason }
flag-reason-spam = Spam
flag-reason-unsafe = Unsafe repair advice
flag-reason-abuse = Abuse
flag-reason-other = Something else
flag-trusted = trusted
flag-unhide = Keep it: unhide
flag-reason = Reason
flag-keep-hidden = Confirm: keep hidden
flag-dismiss = Dismiss flags
flag-hide = Hide post

## The audit log (staff/audit.html)

audit-title = Audit log
audit-filter-label = Filter
audit-action = Action
audit-any = any
audit-staff-member = Staff member
audit-username-placeholder = username
audit-filter = Filter
audit-empty = No entries.
audit-col-when = When
audit-col-who = Who
audit-col-member = Member
audit-col-where = Where
audit-col-detail = Detail
audit-system = system
audit-post = post
audit-thread = thread
# What staff, admins or the forum did.
audit-action-verify = verify
audit-action-revoke_verification = revoke verification
audit-action-mark_solution = mark solution
audit-action-claim = claim
audit-action-release = release
audit-action-add_device = add device
audit-action-edit_device = edit device
audit-action-add_part = add part
audit-action-edit_part = edit part
audit-action-hide_post = hide post
audit-action-unhide_post = unhide post
audit-action-auto_hide = auto hide
audit-action-hide_step = hide step
audit-action-unhide_step = unhide step
audit-action-dismiss_flags = dismiss flags
audit-action-lock_thread = lock thread
audit-action-unlock_thread = unlock thread
audit-action-pin_thread = pin thread
audit-action-unpin_thread = unpin thread
audit-action-move_thread = move thread
audit-action-suspend = suspend
audit-action-unsuspend = unsuspend
audit-action-add_synonyms = add synonyms
audit-action-remove_synonyms = remove synonyms
audit-action-change_role = change role
audit-action-export_data = export data
audit-action-delete_account = delete account
audit-action-firmware_in_question = firmware in question
audit-action-firmware_keep = firmware keep
audit-action-firmware_reopen = firmware reopen
audit-action-idea_status = idea status
audit-action-open_known_issue = open known issue
audit-action-known_issue_status = known issue status
audit-action-known_issue_best_fix = known issue best fix
audit-action-merge_into_known_issue = merge into known issue
audit-action-unlink_from_known_issue = unlink from known issue
audit-action-webhook_created = webhook created
audit-action-webhook_changed = webhook changed
audit-action-webhook_pinged = webhook pinged
audit-action-webhook_redelivered = webhook redelivered
audit-action-webhook_removed = webhook removed

## Search synonyms (staff/synonyms.html)

synonym-title = Search synonyms
synonym-audit-link = Changes in the audit log
synonym-explain = Terms in one group mean the same thing to search: whoever searches for one also finds threads that use another. A term can be a few words (“logic board”). Searches use a change at once; Meilisearch gets it within seconds.
synonym-add-heading = Add a group
synonym-terms-label = Terms that mean the same thing, separated by commas
synonym-terms-placeholder = e.g. mainboard, motherboard, logic board
synonym-terms-hint = Two to { $max } terms. Letters and digits count; other characters separate words. A term belongs to one group only.
synonym-add-button = Add group
synonym-groups-heading = Groups ({ $count } of at most { $max })
synonym-none = No synonyms yet.
synonym-col-terms = Terms
synonym-col-added = Added
synonym-remove = Remove
synonym-starter-list = starter list
# Read out before the group's terms.
synonym-remove-label = Remove the group

## Moving a thread (staff/move_thread.html)

move-title = Move “{ $title }”
move-heading = Move a thread to another device
move-now-under = now under { $device }.
move-now-none = now not about one device.
move-device = Device
move-no-device = — no device —
move-explain = The move is written to the audit log; the thread's followers are not told.
move-button = Move thread
move-cancel = Cancel

## The dashboard (staff/dashboard.html, its charts)

dashboard-title = Staff dashboard
dashboard-heading = How questions get solved
dashboard-queue-link = Staff queue
dashboard-period = Period
dashboard-from = From
dashboard-to = To
dashboard-show = Show
# "or the last 7 · 30 · 90 · 365 days"
dashboard-last = or the last
dashboard-days = days
dashboard-fig-opened = questions opened
dashboard-fig-solved = of them solved ({ $count })
dashboard-fig-first-reply = median time to first reply
dashboard-fig-solution = median time to solution
dashboard-daily-heading = Opened and solved per day
dashboard-opened = opened
dashboard-solved = solved
dashboard-paths-heading = Recovery paths of solved questions
dashboard-path-customer_led = Customer-led
dashboard-path-joint = Joint (customer + staff)
dashboard-path-staff_led = Staff-led
dashboard-families-heading = By device family
dashboard-families-none = No questions in this period.
dashboard-col-family = Family
dashboard-col-opened = Opened
dashboard-col-solved = Solved
dashboard-col-customer-led = Customer-led
dashboard-col-joint = Joint
dashboard-col-staff-led = Staff-led
dashboard-oldest-heading = Oldest unanswered
dashboard-me-too-heading = Most “I have this problem too”
dashboard-me-too-explain = Candidates for known issues and for the product teams: start a known issue from one, and it is linked to it.
dashboard-all-known-issues = All known issues
dashboard-me-too-none = None yet.
dashboard-in-known-issue = in a known issue
dashboard-start-known-issue = Start a known issue
# First-reply times.
dashboard-bucket-under_1h = under 1 h
dashboard-bucket-1_4h = 1–4 h
dashboard-bucket-4_24h = 4–24 h
dashboard-bucket-over_24h = over 24 h
# The charts' words (src/render/charts.rs); the day as chrono writes it.
dashboard-chart-date-format = %-d %b
dashboard-chart-daily = Questions opened and solved per day
dashboard-chart-day-opened = { $date }: { $count } opened
dashboard-chart-day-solved = { $date }: { $count } solved
dashboard-chart-max = max { $max } a day
dashboard-chart-paths = Solved questions by recovery path
dashboard-chart-first-reply = Time to first reply
dashboard-chart-reply-split = First replies by customers and by staff
dashboard-chart-health = Share of questions solved, on a health band
dashboard-chart-poor = poor
dashboard-chart-fair = fair { $percent }%
dashboard-chart-healthy = healthy { $percent }%
dashboard-chart-solved = { $percent }% solved
dashboard-chart-known-issues = Known issues by status
dashboard-chart-affected = ({ $count } affected)
dashboard-chart-maintenance = Maintenance reminders sent and tasks marked done
dashboard-chart-sent = sent
dashboard-chart-done = done

## Service health (staff/_service.html)

service-heading = Service health
service-first-reply-heading = Time to first reply
service-answered = Questions opened in the period that have a reply:
service-sentence-end = .
service-who-heading = Who replied first
service-customers = customers
service-staff = staff
service-solved-heading = Questions solved
service-band-poor = poor
service-band-fair = fair
service-band-healthy = healthy
service-solved-share = { $percent }% of the period's questions are solved.
service-tickets-heading = Support tickets avoided
service-estimate = estimate
# "≈ 12 tickets, worth about 340"
service-tickets-worth = tickets, worth about
service-tickets-worth-end = { "" }
service-views = Visitors' views of solved threads in the period ({ $views })
service-ratio = deflection ratio ({ $ratio },
service-cost = cost of a ticket ({ $cost },
service-views-explain = Views are counted in memory and written once a minute; views by logged-in members are not counted.
service-ki-heading = Known issues by status
service-ki-status = Status
service-ki-issues = Known issues
service-ki-affected = Members affected
service-ki-status-investigating = Investigating
service-ki-status-workaround_available = Workaround available
service-ki-status-fixed = Fixed
service-ki-status-closed = Closed
service-mx-heading = Maintenance reminders
service-mx-sent = Reminders sent in the period:
service-mx-done = tasks marked done:
service-mx-percent = ({ $percent }% of the reminders)
service-mx-explain = A task done twice in the period counts once; owners also do tasks nobody reminded them of.

## Members (admin/members.html, admin/member.html)

admin-members-title = Members
admin-members-find = Find members
admin-members-prefix = Username or email starts with
admin-members-placeholder = e.g. solder or sam@example.com
admin-members-search = Search
admin-members-everyone = Show everyone
admin-members-none-found = No member's username or email starts with “{ $prefix }”.
admin-members-none = No members yet.
admin-members-explain = Open a member to change their role, suspend them, export their data or delete their account.
admin-col-name = Member
admin-col-role = Role
admin-col-joined = Joined
admin-col-seen = Last seen
admin-col-posts = Posts
admin-col-reputation = Reputation
admin-you = (you)
admin-suspended-badge = suspended
admin-unconfirmed = unconfirmed
admin-confirmed = confirmed
# Labels shown on a phone, where the list has no column headings.
admin-label-joined = Joined
admin-label-seen = Seen
admin-label-posts = posts
admin-label-rep = rep.
admin-pages = Pages
admin-previous = ← Previous
admin-page = Page { $page }
admin-next = Next →
admin-breadcrumbs = Breadcrumbs
admin-public-profile = Public profile
admin-nothing-changed = Nothing was changed for { $username }.
admin-role = Role
admin-no-session = no session kept
admin-suspended = Suspended
admin-suspended-until = until { $date }
admin-not-suspended = no
admin-role-of = Role of { $username }
admin-role-button = Change the role
admin-suspension = Suspension
admin-unsuspend = Lift the suspension
admin-suspend-days = Suspend for (days)
admin-suspend-reason = Reason
admin-suspend-reason-seen = (the member sees it)
admin-suspend = Suspend
admin-data-heading = Their data
admin-export = Export their data
admin-export-hint = The same file they get from their own data page; the download is in the audit log.
admin-delete-heading = Delete the account
admin-delete-explain = Their email, password, profile and settings are deleted and they are logged out everywhere; their posts stay, shown as by a former member. This cannot be undone.
# Around the username, in bold.
admin-delete-type-before = Type
admin-delete-type-after = to confirm
admin-delete-button = Delete this account

## Webhooks (admin/webhooks.html, admin/webhook.html)

webhook-list-title = Webhooks
# "Fixloop POSTs … secret: X-Fixloop-Signature: sha256=<hex HMAC-SHA256 of
# the body>, with X-Fixloop-Event and X-Fixloop-Delivery (the same on a
# retry; …)"
webhook-explain-signed = Fixloop POSTs a JSON body to each webhook when one of its events happens, signed with the webhook's secret:
webhook-explain-hmac = hex HMAC-SHA256 of the body
webhook-explain-with = , with
webhook-explain-and = and
webhook-explain-retry = (the same on a retry; deliveries may repeat, so de-duplicate by it). A delivery that does not get a 2xx answer is retried with growing pauses for about two hours.
webhook-none = No webhooks yet.
webhook-url = URL
webhook-state = State
webhook-events = Events
webhook-private = Private addresses
webhook-added = Added
webhook-active = Active
webhook-paused = Paused
webhook-allowed = Allowed
webhook-refused = Refused
webhook-add-heading = Add a webhook
webhook-allow-private = Allow private addresses
webhook-allow-private-hint-new = (loopback, private and link-local networks are refused otherwise: only for a receiver inside your own network)
webhook-allow-private-hint = (loopback, private and link-local networks are refused otherwise)
webhook-add-button = Add the webhook
# The events a webhook can be sent, by their names (a dot is a dash here).
webhook-event-thread-created = A thread is started (any kind)
webhook-event-question-solved = A question is marked solved
webhook-event-answer-verified = Staff verify an answer or guide
webhook-event-escalation-opened = An asker calls in staff
webhook-event-escalation-claimed = Staff pick up an escalated thread
webhook-event-known_issue-status_changed = A known issue's status changes
webhook-title = Webhook { $url }
webhook-all = ← All webhooks
webhook-heading = Webhook
webhook-paused-hint = (no new events are queued for it)
webhook-secret = Secret
webhook-ping-button = Send a test event
# "A ping event, signed like every delivery, sent even while paused."
webhook-ping-hint-before = A
webhook-ping-hint = event, signed like every delivery
webhook-ping-hint-paused = , sent even while paused
webhook-sentence-end = .
webhook-deliveries-heading = Recent deliveries
webhook-deliveries-none = Nothing sent yet.
webhook-col-event = Event
webhook-col-delivery = Delivery
webhook-col-status = Status
webhook-col-response = Response
webhook-col-attempts = Attempts
webhook-col-queued = Queued
webhook-col-last-attempt = Last attempt
webhook-col-action = Action
webhook-delivered = Delivered
webhook-failed = Failed
webhook-retrying = Retrying
webhook-waiting = Waiting
webhook-redeliver = Send again
webhook-redeliver-label = Send delivery { $key } again
webhook-redeliver-hint = “Send again” queues a new delivery with the same event and body (so the same signature) and a key of its own.
webhook-edit-heading = Change this webhook
webhook-active-hint = (untick to pause: no new events are queued while paused)
webhook-save = Save changes
webhook-remove = Remove this webhook
webhook-notice-removed = The webhook is removed.
webhook-notice-created = The webhook is added. Give its receiver the secret below to check the signatures.
webhook-notice-changed = The webhook is changed.
webhook-notice-pinged = A test event (ping) is queued: it is sent within seconds, and shows under Recent deliveries.
webhook-notice-redelivered = The delivery is queued again, as a new delivery with the same body: it shows under Recent deliveries.
dashboard-no-device = No device

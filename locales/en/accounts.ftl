# Accounts: logging in, joining, recovering an account, the member's
# settings (account, profile, mail, API tokens, their data) and one-click
# unsubscribe.

## Shared by the account forms

auth-username = Username
auth-username-hint = 3–30 letters, digits, _ or -.
auth-email = Email
auth-password = Password
auth-password-again = Password again
auth-password-hint = At least 10 characters.
auth-new-password = New password
auth-new-password-again = New password again
auth-login-link = Log in
# After a link that ends a sentence ("Already a member? Log in.").
auth-sentence-end = .

## Log in (auth/login.html)

auth-login-title = Log in
auth-login-with = Log in with { $provider }
auth-login-or-password = Or with your Fixloop password:
auth-login-name = Username or email
auth-login-button = Log in
auth-login-forgot = Forgot your password?
auth-login-new = New here?
auth-login-create = Create an account
auth-login-or-sso = , or log in with { $provider } above
auth-login-new-end = .
auth-login-sso-creates = Logging in with { $provider } creates your account.

## Finishing a single sign-on (auth/oidc_finish.html)

auth-oidc-title = Finish signing in
auth-oidc-link-heading = Link your account
# Followed by the address the provider gave, in bold.
auth-oidc-logged-in-as = You logged in with { $provider } as
# Around the username of the account with the same address, in bold.
auth-oidc-link-same-before = . The Fixloop account
auth-oidc-link-same-after = has the same confirmed address.
auth-oidc-link-explain = Enter that account's Fixloop password once to link it; from then on, logging in with { $provider } is enough.
auth-oidc-password-of = Password of { $username }
auth-oidc-link-button = Link and log in
auth-oidc-forgot = Forgot that password?
auth-oidc-username-heading = Choose a username
auth-oidc-username-explain = . Choose the name shown on everything you post.
auth-oidc-create-button = Create my account

## Join (auth/register.html)

auth-register-title = Join
auth-register-heading = Join Fixloop
auth-register-intro = Ask for help, answer others, and share what worked on your devices.
auth-register-with = Join with { $provider }
auth-register-username-hint = 3–30 letters, digits, _ or -. Shown on everything you post.
auth-register-button = Create account
auth-register-member = Already a member?

## Confirming an address (auth/confirm.html)

auth-confirm-title = Confirm your address
auth-confirm-change-heading = Use this address?
# Around the new address, in bold.
auth-confirm-change-before = Confirm that
auth-confirm-change-after = is the new address of your Fixloop account.
auth-confirm-heading = Confirm your email
auth-confirm-before = Confirm that
auth-confirm-after = is yours, and you're all set.
auth-confirm-button = Confirm

## Forgotten password (auth/forgot.html)

auth-forgot-title = Forgot your password?
auth-forgot-intro = Enter the email address of your account. We'll send you a link to choose a new password.
auth-forgot-button = Send the link
auth-forgot-remembered = Remembered it?

## Choosing a new password (auth/reset.html)

auth-reset-title = Choose a new password
# Followed by the username, in bold, then auth-reset-explain.
auth-reset-for = For
auth-reset-explain = . Every device logged in to this account will be logged out, and its API tokens will stop working.
auth-reset-sign-ins = Sign-ins linked to this account
auth-reset-sign-ins-removed = Your address was not confirmed when they were linked, so they will be removed.
auth-reset-remove-sign-ins = Remove them too (if you did not link them yourself)
auth-reset-button = Save the new password

## Undoing a change of address (auth/undo_email.html)

auth-undo-title = Undo the change of address
# "The account <username> now sends its mail to <new>. If you did not ask
# for that, put <old> back here." (the three names in bold)
auth-undo-account = The account
auth-undo-now-sends = now sends its mail to
auth-undo-if-not = . If you did not ask for that, put
auth-undo-back-here = back here.
auth-undo-explain = Choose a new password too: everyone logged in to the account is logged out, its API tokens stop working, and sign-ins linked since the change are removed.
auth-undo-button = Put my address back

## Settings: the frame (settings/_nav.html)

settings-title = Settings
settings-nav-label = Settings
settings-nav-account = Account
settings-nav-profile = Profile
settings-nav-devices = My devices
settings-nav-mail = Mail
settings-nav-tokens = API tokens
settings-nav-data = Your data

## Settings: account (settings/account.html)

account-email-heading = Email address
# Followed by the address, in bold, then account-mail-goes-to-end.
account-mail-goes-to = Mail goes to
account-mail-goes-to-end = .
account-confirmed = Confirmed
account-not-confirmed = Not confirmed yet
account-resend-button = Send the confirmation link again
account-new-email = New email address
account-email-hint = We'll send a link to the new address; nothing changes until you open it. Your current address is told when it does, with a link to undo the change for { $days } days. Your other devices are then logged out{ $tokens ->
        [0] .
        [one] { " " }and your { $tokens } API token stops working.
       *[other] { " " }and your { $tokens } API tokens stop working.
    }
account-current-password = Current password
account-no-password-email = Your account has no password: log in again with your sign-in provider if it has been more than { $minutes } minutes.
account-change-email = Change email
account-password-heading = Password
account-no-password-yet = Your account has no password yet: choose one to log in without your sign-in provider too (log in with the provider again first if it has been more than { $minutes } minutes).
account-password-hint = At least 10 characters. Other devices logged in to your account will be logged out{ $tokens ->
        [0] .
        [one] , and your { $tokens } API token will stop working.
       *[other] , and your { $tokens } API tokens will stop working.
    }
account-change-password = Change password
account-sign-ins-heading = Linked sign-ins
account-sign-ins-explain = These can log in to your account without your password.
account-linked-on = Linked { $date }
# Followed by when, as "3 days ago".
account-last-used = , last used
account-sign-in-remove = Remove
account-no-sign-ins = No sign-in provider is linked to your account.
# A member's role, as the data page and the admins' pages show it.
account-role-member = member
account-role-staff = staff
account-role-admin = admin

## Settings: profile (settings/profile.html)

profile-title = Your profile
profile-intro-before = What everyone sees on
profile-intro-link = your profile
profile-intro-after = .
profile-avatar-heading = Avatar
profile-avatar-alt = Your avatar
profile-avatar-new = A new photo
profile-avatar-first = A photo of you, or of your bench
profile-avatar-hint = JPEG, PNG or WebP up to 10 MiB. Where it was taken and the camera's details are removed.
profile-avatar-upload = Upload
profile-avatar-remove = Remove the avatar
profile-bio-heading = Bio
profile-bio-label = A few words about you
profile-bio-hint = Plain text, up to { $max } characters, on one line (no Markdown or links). Leave it empty to show none.
profile-bio-save = Save bio

## Settings: mail (settings/mail.html)

mailset-title = Mail settings
mailset-unconfirmed-before = Mail goes only to a confirmed address: confirm yours in
mailset-unconfirmed-link = your account settings
mailset-unconfirmed-after = to get any of it.
mailset-all-off = All notification mail is off.
mailset-all-off-hint = Choose “At once” or “Daily digest” below to get a kind again.
mailset-turn-off = Turn off all mail
mailset-turn-off-hint = Stops every kind below in one click. Mail about your account (password, address) still comes.
mailset-explain = For each kind of news, choose whether we mail it at once, gather it in one daily digest, or never mail it. Everything still shows under Notifications on the site.
mailset-default = (default)
mailset-time-zone = Your time zone
mailset-time-zone-hint = The daily digest comes around { $hour }:00 on your clock.
mailset-save = Save mail settings
mailset-footer = Every notification mail has a link to stop that kind of mail with one click.
# When a kind of mail comes.
mailset-mode-instant = At once
mailset-mode-digest = In the daily digest
mailset-mode-never = Never
# The kinds of mail (forum::accounts::mail_preferences::KINDS), each with
# the line that explains it.
mailset-kind-answers = Answers to my questions
mailset-kind-answers-hint = Someone replies in a thread you started.
mailset-kind-solved_reminder = “Did it get fixed?” reminders
mailset-kind-solved_reminder-hint = Once per question, a week after it got answers but no accepted solution.
mailset-kind-followed_replies = Replies in threads I follow
mailset-kind-followed_replies-hint = Someone replies in a thread you follow or took part in.
mailset-kind-my_answers = My answers accepted or verified
mailset-kind-my_answers-hint = An asker accepts your answer as the solution, or staff verify your answer or guide.
mailset-kind-escalations = Staff picked up my request for help
mailset-kind-escalations-hint = A staff member takes on a question you asked staff to help with.
mailset-kind-staff_actions = Staff acted on my behalf
mailset-kind-staff_actions-hint = Staff marked a solution on your question for you.
mailset-kind-private_messages = Private messages about my request for help
mailset-kind-private_messages-hint = A new message on the private line of an escalated question (the mail says who wrote, never what).
mailset-kind-firmware_reports = Fixes that stopped working after a firmware update
mailset-kind-firmware_reports-hint = Members say an answer of yours (or, for staff, any answer) no longer works on the current firmware, or a solution of your question was un-marked because of it.
mailset-kind-maintenance_due = Maintenance due on my devices
mailset-kind-maintenance_due-hint = A maintenance task for a device in “My devices” falls due (once per due date).
mailset-kind-known_issue_status = Known issues that affect me
mailset-kind-known_issue_status-hint = The status of a known issue changes (a workaround, a fix) when you have the problem too, asked about it, or follow it; and new known issues for a device you own, if you asked for them on its page.
mailset-kind-idea_status = Ideas I proposed or voted for
mailset-kind-idea_status-hint = Staff move an idea you proposed, voted for or follow on (under review, planned, shipped or declined), with their note.
mailset-kind-staff_queue = Members asking staff for help
mailset-kind-staff_queue-hint = A member asks staff for help on their question (it joins the staff queue).

## Settings: API tokens (settings/tokens.html)

token-title = API tokens
# "Personal access tokens let your own scripts and tools use the JSON API
# as you: send one as Authorization: Bearer <token>. A read token …"
token-intro-before = Personal access tokens let your own scripts and tools use the
token-intro-api = JSON API
token-intro-send = as you: send one as
token-intro-scopes = . A read token can only read; a write token can also post, reply, accept solutions and follow threads
token-intro-staff = , and do your staff work
token-intro-end = .
token-new-heading = Your new token “{ $name }”
token-copy-now = Copy it now: it is shown only this once.
token-copy-explain = The forum keeps only a fingerprint of it, so nobody can show it to you again. If you lose it, revoke it and make another.
token-list-heading = Your tokens
token-none = You have no tokens.
token-name = Name
token-scope = Scope
token-made = Made
token-last-used = Last used
token-expires = Expires
token-revoke = Revoke
token-never = never
token-scope-read = read
token-scope-write = write
token-make-heading = Make a token
token-name-hint = What will use it, so you know which to revoke (e.g. “ticket system sync”).
token-scope-read-explain = Read: only reads threads, devices and search
token-scope-write-explain = Write: can also post and act as you
token-lifetime = Works for
token-lifetime-30 = 30 days
token-lifetime-90 = 90 days
token-lifetime-365 = a year
token-lifetime-never = until revoked
token-make-button = Make token
token-notice-revoked = The token is revoked: it no longer works.

## Settings: your data (settings/data.html)

data-title = Your data
data-deleted-title = Your account is deleted
data-deleted-explain = Your email address, password, profile and settings are gone, and every device that was logged in to the account is logged out. What you wrote stays for the people it helps, shown as by a former member.
data-deleted-back = Back to the forum
data-intro = The personal data the forum keeps about you, a copy of all of it, and how to leave.
# After a link that ends a sentence ("… Change them.").
data-sentence-end = .
data-about-heading = About you
data-member-since = Member since
data-role = Role
data-bio = About
data-reputation = Reputation
data-contributions-heading = What you wrote and marked
data-count-threads = Threads started
data-count-posts = Posts (questions, answers, replies)
data-count-votes = Votes for answers
data-count-me-too = “I have this problem too”
data-count-follows = Threads you follow
data-sessions-heading = Where you are logged in
data-sessions-explain = { $count ->
        [one] { $count } browser is
       *[other] { $count } browsers are
    } logged in to your account. The forum keeps which browser each is, the network it logged in from (never your full address) and when it was last used.
data-this-browser = This browser
data-network = From the network { $network }
data-network-unknown = Network not noted
# Followed by the date.
data-logged-in = logged in
# Followed by when, as "3 days ago".
data-last-used = last used
data-log-out = Log out
data-log-out-label = Log out { $browser }, last used { $ago }
data-log-out-others = Log out all others
# A logged-in browser: "Firefox on Linux".
data-browser-on = { $browser } on { $system }
data-browser-unknown = Unknown browser
data-system-unknown = an unknown system
data-browser-before = A browser (from before the forum noted which)
data-mail-heading = Mail
data-mail-default = You have not changed which mail you get: every kind uses the forum's default.
data-mail-choose = Choose what you get
data-mail-others-default = Kinds not listed use the forum's default.
data-change-them = Change them
# The member's mail choices, listed as "followed replies: never".
data-mail-kind-answers = answers
data-mail-kind-solved_reminder = solved reminder
data-mail-kind-followed_replies = followed replies
data-mail-kind-my_answers = my answers
data-mail-kind-escalations = escalations
data-mail-kind-staff_actions = staff actions
data-mail-kind-private_messages = private messages
data-mail-kind-firmware_reports = firmware reports
data-mail-kind-maintenance_due = maintenance due
data-mail-kind-known_issue_status = known issue status
data-mail-kind-idea_status = idea status
data-mail-kind-staff_queue = staff queue
data-mail-kind-digest = digest
data-mail-mode-instant = instant
data-mail-mode-digest = digest
data-mail-mode-never = never
data-devices-heading = Devices you own
data-devices-none = You have not registered a device.
data-devices-add = Add the devices you own
data-devices-add-why = to hear about their known issues and maintenance; they are listed here and in your export.
data-device-on-profile = (shown on your profile)
data-devices-in-export = They are in your export too.
data-export-heading = Export your data
data-export-explain = A JSON file with your profile and settings, your threads and posts (as you wrote them, with when), your votes, “I have this problem too” marks, the threads you follow and your mail choices. It holds nothing about other members but the titles of the threads, for context.
data-export-button = Download my data
data-delete-heading = Delete your account
data-delete-explain = Your email address, password, profile, settings, follows and notifications are deleted, and every device logged in to the account is logged out. Your posts and threads stay, so the fixes in them keep helping, shown as by a “former member”; staff can still remove them. This cannot be undone.
# Around the username, in bold.
data-delete-type-before = Type your username,
data-delete-type-after = , to confirm
data-delete-password = Your current password
data-delete-button = Delete my account
data-delete-admin = You are an admin: another admin must make you a member first, so the forum always has an admin.

## One-click unsubscribe (mail_unsubscribe.html)

unsub-title = Stop mail
unsub-stopped-digest = You will get no daily digest any more.
unsub-stopped-kind = You will get no more mail for “{ $kind }”.
unsub-still-shows = It still shows under Notifications on the site.
unsub-changed-mind = Changed your mind? Choose what you get in your
unsub-mail-settings = mail settings
unsub-changed-mind-end = .
unsub-ask-digest = Stop the daily digest?
unsub-ask-kind = Stop mail for “{ $kind }”?
unsub-nothing-yet = Nothing changes until you press the button.
unsub-button = Stop this mail
unsub-also = You can also choose per kind, and at once or in the daily digest, in your
unsub-also-end = .

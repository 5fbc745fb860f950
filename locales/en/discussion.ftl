# Discussion: the home page, search, threads and their posts, profiles, the
# notifications page, and the shared macros (templates/macros.html).

## Macros: form errors, names, badges

form-errors-title = Please check the form.
author-former = former member
badge-admin = Admin
badge-admin-title = Fixloop administrator
badge-staff = Staff
badge-staff-title = Fixloop staff

## A thread's kind: the short badge, the name, the name of a list of them

kind-badge-troubleshooting = Question
kind-badge-guide = Guide
kind-badge-part_swap = Part swap
kind-badge-known_issue = Known issue
kind-badge-idea = Idea
kind-badge-discussion = Discussion
kind-name-troubleshooting = Troubleshooting question
kind-name-guide = Repair guide
kind-name-part_swap = Part-swap report
kind-name-discussion = Discussion
kind-name-known_issue = Known issue
kind-name-idea = Idea
kind-list-troubleshooting = Troubleshooting questions
kind-list-guide = Repair guides
kind-list-part_swap = Part-swap reports
kind-list-discussion = Discussions

## The level of a device in the catalogue's tree

kind-device-maker = Maker
kind-device-line = Product line
kind-device-model = Model
kind-device-revision = Revision
kind-device = Device

## A thread's state

status-solved = Solved
status-escalated = With staff
status-closed = Closed
status-open = Open
status-verified = Verified
status-verified-by-staff = Verified by staff
status-pinned = Pinned
status-locked = Locked
status-mine = Your device
status-mine-title = About a device you own
# How a solved question got solved: short in lists, in full elsewhere.
status-path-customer_led = Customer-led
status-path-joint = Joint
status-path-staff_led = Staff-led
status-path-full-customer_led = Customer-led
status-path-full-joint = Joint (customer + staff)
status-path-full-staff_led = Staff-led

## Lists of threads

list-empty = No threads here yet.
# "by <name> · started <3 days ago>"
list-by = by
list-started = started
list-started-after = { "" }
list-replies-title = { $count } replies
list-replies-before = { "" }
list-replies = { $count ->
    [one] reply
   *[other] replies
}
# "by <name>" under the time of the last reply
list-last-by = by

## Pages of a list

pager-label = Pages
pager-newer = ← Newer
pager-older = Older →
pager-page = Page { $page }
pager-previous = ← Previous
pager-next = Next →
pager-page-of = Page { $page } of { $pages }

## Formatting help under a text box (the samples are Markdown)

md-help-summary = Formatting help
md-help-bold = **bold**
md-help-italic = *italic*
md-help-heading = # Heading
md-help-list = - list
md-help-steps = 1. steps
md-help-code = `code`
md-help-fenced = fenced code blocks with
md-help-tables = tables with
md-help-links = links
md-help-link-text = text
md-help-images = and images
md-help-photo = photo
md-help-html = HTML is shown as text.

## Durations

duration-minutes = { $n } min
duration-hours = { $n } h
duration-days = { $n } days

## Which parts fit which devices

matrix-empty = No part-swap reports yet.
matrix-part = Part
matrix-device = Device
matrix-status = Status
matrix-works = Works
matrix-caveats = Caveats
matrix-no-fit = Does not fit
matrix-confirmed = Confirmed
matrix-disputed = Disputed
matrix-evidence = Evidence
matrix-status-works = Works
matrix-status-caveats = Works with caveats
matrix-status-no_fit = Does not fit
matrix-status-conflicting = Conflicting evidence

gallery-photo = Photo

## The home page

home-title = Repair community
home-feed-latest = Fixloop: latest threads
home-feed-solved = Fixloop: newly solved threads
home-hero = Fix it together.
home-lead = Owners and staff solving repairs side by side: troubleshooting questions, step-by-step guides and part-swap reports for the devices you own.
home-join = Join the community
home-browse-devices = Browse devices
home-recent = Recent threads
home-start-thread = Start a thread
home-tabs-kinds = Kinds of thread
home-tab-all = All
home-tabs-status = Status
home-tab-unsolved = Unsolved questions
home-devices = Devices
home-catalogue-empty = The device catalogue is empty.
home-add-maker = Add the first maker
home-add-maker-after = .
home-all-devices = All devices →

## Search

search-title = Search
search-title-query = { $q } — search
search-placeholder-long = Describe the problem: e.g. fan loud after sleep
search-sort = Sort
search-sort-relevance = Best match
search-sort-newest = Newest
search-button = Search
search-words-only = Search for words: letters and digits. Punctuation and operators are ignored.
search-fallback = The search engine is not answering; these results come from the built-in index.
search-give-words = Give some words to search for (q=…).
search-too-common = Those words are too common to search for; add a more specific one.
# "Showing results for <corrected words>." then a link with the words as typed.
search-corrected-before = Showing results for
search-corrected-after = .
search-instead = Search instead for { $words }
# "Only <device> and the devices below it?"
search-device-offer-before = Only
search-device-offer-after = and the devices below it?
search-found = { $count ->
    [one] { $count } thread found
   *[other] { $count } threads found
}
search-no-more = No more results.
search-first-page = Back to the first page
search-first-page-after = .
search-nothing = Nothing matches.
search-nothing-filters = Nothing matches with these filters.
search-wider = Search all of { $device }
search-without-filters = Search without filters
search-other-words = Try other words: the part's name, or what you see happen.
search-ask = Ask the community
search-ask-explain = your words become the question's title; staff and owners answer.
search-firmware-current = Confirmed on the current firmware
search-last-active = Last active
search-last-active-after = { "" }
search-not-what = Not what you need?
search-not-what-after = .
search-pages = Pages of results
search-filters = Filters
search-filter = Filter
search-facet-device = Device
search-all-devices = all devices
search-facet-kind = Kind
search-all-kinds = all kinds
search-facet-solved = Solved
search-solved-or-not = solved or not
search-not-solved = Questions not solved yet
search-facet-verified = Verified by staff
search-verified-or-not = verified or not
search-not-verified = Not verified
search-facet-firmware = Firmware
search-any-firmware = any firmware
search-any-way = any way

## Starting a thread and editing a post

thread-new-title = Start a thread
form-preview = Preview
form-new-rules-label = Rules for new members
form-new-rules-welcome = Welcome! A few limits while you are new
form-new-rules-why = (they keep spammers out):
form-new-rules-links = Your first { $first } posts cannot contain links or images — { $left } { $left ->
    [one] post
   *[other] posts
} to go. Web addresses count as links. Describe things in words, and add your own photos below.
form-new-rules-rate = You can post { $count } times an hour.
form-kind-legend = What kind of thread?
form-title = Title
form-title-placeholder = e.g. Fan runs at full speed after replacing the thermal paste
form-suggestions-heading = These may already answer it:
form-device = Device
form-optional = (optional)
form-no-device = — Not about one device —
form-swap-summary = Part-swap reports only: the part and how it went
form-swap-ignored = (ignored for other kinds)
form-part = Part
form-part-placeholder = Start typing the part's name
# "As named in the <parts catalogue>."
form-part-hint-before = As named in the
form-part-hint-link = parts catalogue
form-part-hint-after = .
form-outcome = Outcome
form-outcome-works = Works
form-outcome-caveats = Works with caveats
form-outcome-no_fit = Does not fit
form-caveats = What you had to do
form-details = Details
form-details-placeholder = What happens, what you expected, what you already tried, and your device's revision.
form-photos = Photos
form-photos-hint = (optional: up to { $count }, JPEG, PNG or WebP, 10 MiB each; location data is removed)
form-photos-again = Browsers do not keep chosen photos when a form comes back: choose them again before you post.
form-post-thread = Post thread
form-body = Body
form-save-changes = Save changes
form-cancel = Cancel

post-edit-title = Edit post
post-edit-crumb = Edit
post-edit-thread = Edit thread
post-edit-reply = Edit reply
post-edit-history-note = The version you replace stays in the post's history, visible to everyone.

## A post's history

post-history-title = History of a post in “{ $title }”
post-history-crumb = History
post-history-heading = Post history
post-history-hidden = This post is hidden. Its history is shown to staff only.
post-history-hidden-why = This post is hidden: { $reason }. Its history is shown to staff only.
post-history-versions = { $count ->
    [one] { $count } version
   *[other] { $count } versions
}, newest first. Bodies are shown as their authors wrote them (Markdown).
post-history-version = Version { $number }
# "Version 3 (current) by <name>, <date>"
post-history-current-by = (current) by
post-history-by = by
post-history-by-after = { "" }
post-history-title-line = Title: { $title }
post-history-verification = Staff verification
# "Verified by <name>, <date>"
post-history-verified-by = Verified by
post-history-verified-by-after = { "" }
post-history-revoked = Revoked by { $name }, { $when }
post-history-verification-current = current

## A post: its byline and its actions

post-rep = { $points } rep
post-accepted-solution = ✓ Accepted solution
post-link-title = Link to this post
post-last-edited = Last edited { $when }
post-edited = edited
post-hidden = This post is hidden.
post-hidden-why = This post is hidden: { $reason }.
post-hidden-shown-to-staff = Hidden content, shown to staff
post-mark-solution-for-asker = Mark as the solution (for the asker)
post-solved-instead = This solved it instead
post-solved-my-problem = This solved my problem
post-solution-firmware = Firmware it was fixed on (optional)
post-firmware-unknown = Firmware not known
post-checked-on = Checked on { $version }
post-firmware-current = (current)
post-firmware-your-device = your device
post-votes-title = Members who found this helpful
post-votes = { $count } helpful
post-unvote = Withdraw vote
post-vote = Helpful
post-unverify = Revoke verification
post-verify = Verify
post-verify-note = Note (optional)
post-verify-note-placeholder = e.g. Confirmed on mainboard rev B
post-verify-button = Verify as staff
post-flagged = You flagged this post; staff will look at it.
post-flag = Flag
post-flag-legend = What is wrong with this post?
post-flag-reason-spam = Spam
post-flag-reason-unsafe = Unsafe repair advice
post-flag-reason-abuse = Abuse
post-flag-reason-other = Something else
post-flag-note = Note for staff (optional)
post-flag-button = Flag for staff
post-open-flags = { $count ->
    [one] { $count } open flag
   *[other] { $count } open flags
}
post-unhide = Unhide
post-hide = Hide
post-hide-reason = Reason (shown in place of the post)
post-hide-reason-placeholder = e.g. unsafe battery advice
post-hide-button = Hide post
post-edit = Edit
post-add-photo = Add photo
post-photo-hint = JPEG, PNG or WebP, up to 10 MiB (location data is removed)
post-upload = Upload
post-history = History

## Whether an answer still works on the device's current firmware

post-fw-checked-label = Checked on firmware (optional)
post-fw-select-title = The firmware version this was checked on
post-fw-not-known = On which firmware? (not known)
post-fw-checked-on = Checked on firmware { $version }
post-fw-current = — the current firmware.
post-fw-current-still-works = — the current firmware; { $count } { $count ->
    [one] member confirms
   *[other] members confirm
} it still works.
post-fw-not-confirmed = Checked on { $version } — not yet confirmed on { $current }
post-fw-released = (released { $date }).
post-fw-broken = { $count } { $count ->
    [one] member says
   *[other] members say
} it no longer works on { $current }.
post-fw-broken-reopen = { $count } { $count ->
    [one] member says
   *[other] members say
} it no longer works on { $current }; at { $at } staff are asked to check it.
post-fw-in-question = In question:
post-fw-in-question-text = { $count } members say this solution no longer works on { $current }. Staff are checking; until they confirm, it stays the solution.
post-fw-unmark = Confirmed: un-mark the solution
post-fw-keep = Keep it as the solution
post-fw-may-not-report = Reports on whether this still works come from members with a confirmed email address and { $reputation } reputation; until then, say so in a reply.
post-fw-still-works = Still works on { $current }
post-fw-no-longer-works = No longer works on { $current }
post-fw-you-reported = You reported on { $current }: thank you.

## A thread's page

thread-feed-title = Replies to “{ $title }” · Fixloop
thread-breadcrumbs = Breadcrumbs
thread-crumb-threads = Threads
thread-path-title = How this was solved
# "<kind> by <name>"; $kind is a kind-name-… message.
thread-byline-before = { $kind } by
thread-byline-after = { "" }
thread-replies = { $count ->
    [one] { $count } reply
   *[other] { $count } replies
}
thread-me-too-count = { $count } { $count ->
    [one] person has
   *[other] people have
} this problem too
thread-following-title = You are told about new replies
thread-following = Following ✓ — unfollow
thread-follow = Follow
thread-lock = Lock
thread-unlock = Unlock
thread-pin = Pin
thread-unpin = Unpin
thread-move = Move…
thread-idea-banner = This is an idea for the product team
thread-idea-status = status:
thread-idea-votes = { $count ->
    [one] { $count } vote
   *[other] { $count } votes
}.
thread-idea-link = Vote for it and follow what staff decide →
thread-escalation-label = Staff help
# "Waiting for your reply: staff answered privately <3 hours ago>."
thread-waiting-your-reply = Waiting for your reply
thread-waiting-asker = Waiting for the asker
thread-staff-answered = staff answered privately
thread-staff-answered-after = .
# "Waiting for staff since <3 hours ago>."
thread-waiting-staff = Waiting for staff
thread-waiting-since = since
thread-waiting-since-after = .
# After the name of the staff member who claimed it.
thread-claimed-by = (staff) is on it.
thread-not-claimed = No one has picked it up yet.
thread-claim = Claim this thread
thread-release = Release to the queue
thread-swap-hidden-label = Hidden part-swap report, shown to staff
thread-swap-hidden = The opening post is hidden, so the whole report is: members and visitors see none of it, and it counts as no evidence. Shown to staff.
thread-me-too-yours = You have this problem too
thread-me-too = I have this problem too
thread-escalate = Ask staff for help
thread-solution = Solution
thread-verified-answer = Verified answer
thread-solution-marked-by = marked by { $name } (staff) on the asker's behalf
thread-solution-accepted = accepted by the asker
thread-verified-by = Verified by { $name }
# "· answer by <name>"
thread-answer-by = answer by
thread-answer-by-after = { "" }
thread-jump = Go to it in the thread ↓
thread-you-marked = You marked this as the solution
thread-you-marked-firmware = (fixed on firmware { $version })
thread-you-marked-after = . It now shows first, under the question, for everyone with this problem — thank you.
thread-worked-for = { $count ->
    [one] Worked for { $count } member
   *[other] Worked for { $count } members
}
thread-worked-nobody = Nobody has reported back yet.
thread-worked-you = You said this worked for you
thread-worked-on = It worked for me on
thread-worked-other-device = another device
thread-worked-button = Worked for me
thread-unsolve-summary = Not solved after all?
thread-unsolve = The fix didn't hold: un-mark the solution
thread-pages = Pages of this thread
thread-your-reply = Your reply
# "This is solved — <see the solution>. Does the solution …"
thread-solved-notice-before = This is solved —
thread-solved-notice-link = see the solution
thread-solved-notice-after = . Does the solution not work for you? Say what you tried and on which device revision.
thread-new-rules = While you are new:
thread-new-rules-links = no links or images (web addresses count) in your first { $first } posts, { $left } to go;
thread-new-rules-rate = up to { $count } posts an hour.
thread-reply-label = Reply
thread-reply-placeholder = Share what you found, what worked, or ask a follow-up question.
thread-post-reply = Post reply
thread-locked-notice = This thread is locked: it takes no new replies.
thread-cannot-reply = You cannot reply right now.
# "<Log in> or <join> to reply."
thread-login-before = { "" }
thread-login-link = Log in
thread-login-or = or
thread-join-link = join
thread-login-after = { " " }to reply.

## The private line of an escalated question

thread-private-heading = Private line to staff
thread-private-who-asker = Only you and Fixloop staff can read these messages: share an order number, a serial or a receipt here, not in the public thread.
thread-private-who-staff = Only the asker and staff can read these messages. Members and visitors see that staff are handling this privately.
thread-private-empty = No private messages yet.
thread-private-suspended = Your account is suspended: you can read the private line but not write on it.
thread-private-not-sent = Your private message was not sent.
thread-private-to-staff = Message to staff
thread-private-to-asker = Message to the asker
thread-private-placeholder-asker = e.g. Order 4711-22, serial SN123456, bought in March
thread-private-placeholder-staff = e.g. Could you send the serial from the label under the battery?
thread-private-limit-unconfirmed = Until you confirm your email address you can send { $count } private { $count ->
    [one] message
   *[other] messages
} (use the link we mailed you).
thread-private-limit-rate = You can send up to { $count } messages an hour.
thread-private-limit-rate-no-links = You can send up to { $count } messages an hour, without links or images for now.
thread-private-limit-told = Staff are told once about new messages until they read them.
thread-private-send = Send privately
# "When there is an outcome, <post it publicly as a reply> (without …)"
thread-private-outcome-before = When there is an outcome,
thread-private-outcome-link = post it publicly as a reply
thread-private-outcome-after = (without the private details) so the next person with this problem finds it.
thread-private-closed = The private line is closed: it is open while staff are asked to help on this question.
thread-private-notice = Staff are handling this privately with the asker. The outcome will be posted here when there is one.

## A member's profile

user-former = Former member
user-former-text = This member left the forum. What they wrote stays, shown as by a former member.
user-feed-title = Threads by { $name } · Fixloop
user-no-bio = No bio yet.
user-write-bio = Write a few words about you
user-write-bio-after = .
user-member-since = Member since { $date }
# "<15> reputation"
user-reputation-before = { "" }
user-reputation-after = reputation
user-posts = { $count } posts
user-suspended-until = Suspended until { $until }
user-rep-heading = Where the reputation comes from
user-rep-for = For
user-rep-times = Times
user-rep-points = Points
user-rep-solution_accepted = Accepted solutions
user-rep-answer_verified = Answers verified by staff
user-rep-helpful_vote = Helpful votes
user-rep-guide_worked = Guide repairs that worked
user-rep-other = Other
user-staff = Staff
user-unsuspend = Lift the suspension
user-suspend-for = Suspend for
user-suspend-days = days
user-suspend-reason = Reason
user-suspend-reason-placeholder = Reason (the member sees it)
user-suspend = Suspend
user-devices = Devices
user-threads = Threads started
user-replies = Latest replies
user-no-replies = No replies yet.

## The notifications page (the notifications' own words are in another file)

notif-page-title = Notifications
notif-page-mark-all = Mark all read
notif-page-empty = Nothing yet.

## Notices after a form about one's account (templates/auth/notice.html)


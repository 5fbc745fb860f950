# Knowledge and before-service pages: guides, devices, parts, part swaps,
# known issues, ideas, maintenance, firmware, owned devices.

## Repair guides: the guide on its thread, details, steps, history.

guide-label = Repair guide
guide-label-hidden = Repair guide (hidden, shown to staff)
guide-withdrawn = The opening post is hidden, so the whole guide is: members and visitors see none of it. Shown to staff.
guide-difficulty = Difficulty
guide-difficulty-easy = Easy
guide-difficulty-moderate = Moderate
guide-difficulty-difficult = Difficult
guide-difficulty-very_difficult = Very difficult
guide-difficulty-not-set = Not set
guide-time = Time
guide-time-range = { $min }–{ $max } minutes
guide-done-by = Done by
# After the number of people it worked for (the number is in its own element).
guide-done-worked = {" "}worked
guide-done-failed = {" "}did not
guide-prerequisites = Do these first:
guide-tools = Tools
guide-parts = Parts
guide-edit-details = Edit difficulty, time, tools, parts, conclusion
guide-step-history = Step history
guide-step-number = Step { $position }
guide-step-hidden = This step is hidden.
guide-step-hidden-why = This step is hidden: { $reason }.
guide-step-hidden-label = Hidden step, shown to staff
guide-caution = ⚠ Caution:
guide-note = Note:
guide-edit-step = Edit step
guide-move-up = Move step { $position } up
guide-move-down = Move step { $position } down
guide-photo-for-step = Photo for step { $position }
guide-add-photo = Add photo
guide-delete-step = Delete
guide-unhide-step = Unhide step
guide-hide-step = Hide step
guide-hide-reason = Reason (shown in place of the step)
guide-hide-reason-placeholder = e.g. unsafe: skips discharging the capacitor
guide-no-steps = No steps yet.
guide-add-step = Add a step
guide-step-title = Title
guide-step-body = What to do (Markdown)
guide-step-caution = Caution
guide-step-caution-hint = (shown as a warning)
guide-step-caution-placeholder = e.g. Disconnect the battery before touching the board
guide-step-note = Note
guide-optional = (optional)
guide-step-position = Position
guide-step-position-hint = (empty: at the end)
guide-add-step-button = Add step
guide-conclusion = Conclusion
guide-completions-mine = Repairs recorded
guide-completions-mine-hint = People who follow your guide record here whether it worked for them.
guide-completions-heading = Did you do this repair?
guide-completion-recorded = You recorded this repair. Thank you!
guide-completion-how = How did it go?
guide-completion-worked = It worked
guide-completion-failed = It did not work
guide-completion-device = On which device
guide-completion-not-listed = — not listed —
guide-completion-comment = Comment
guide-completion-comment-hint = (what went wrong, tips)
guide-completion-submit = I did this repair
# "Log in to record your repair.": the words before the link, the link, the words after it.
guide-completion-login-before = {""}
guide-completion-login-link = Log in
guide-completion-login-after = {" "}to record your repair.
guide-failed-reports = “Did not work” reports
guide-failed-reports-hint = (visible to the author and staff)
guide-failed-on = on { $device }
guide-failed-no-comment = no comment

guide-details-title = Guide details
guide-details-crumb = Details
guide-time-from = Time, in minutes: from
guide-time-hint = (leave both empty if you don't know)
guide-time-to = to
guide-one-per-line = (one per line)
guide-prerequisites-label = Guides to do first
guide-prerequisites-hint = (their numbers, e.g. 12, 15)
guide-markdown = (Markdown)
guide-save = Save
guide-cancel = Cancel

guide-the-guide = The guide
guide-step-kept = Every change to a step is kept in the guide's step history.
guide-save-step = Save step

guide-history-title = Step history of “{ $title }”
guide-history-intro = Every change to the guide's steps, newest first, with the step as it was before the change.
guide-history-withdrawn = The guide's opening post is hidden: this history is shown to staff only.
guide-history-empty = No changes yet.
guide-history-hidden-version = A version of a hidden step: shown to staff only.
guide-history-action-add = Added
guide-history-action-edit = Edited
guide-history-action-move = Moved
guide-history-action-delete = Deleted
guide-history-step = step { $position } “{ $title }”
guide-history-by = by
guide-history-caution = Caution: { $caution }

## The device catalogue and a device's page.

device-breadcrumbs = Breadcrumbs
device-catalogue-title = Devices
device-add-maker = Add a maker
device-catalogue-intro = Find your device to see its threads, guides and part swaps.
device-catalogue-empty = The catalogue is empty.
device-kind-maker = Maker
device-kind-line = Product line
device-kind-model = Model
device-kind-revision = Revision
# "Applies to all of <device>": the words before the device's link, and after it.
device-from-above-before = Applies to all of{" "}
device-from-above-after = {""}
device-ask = Ask a question
device-edit = Edit
device-add-under = Add a device under it
device-children-maker = Product lines
device-children-line = Models
device-children-model = Revisions
device-guides = Repair guides
device-guide-verified = Verified by staff
device-guide-time = { $min }–{ $max } min
device-guide-done = { $worked } worked, { $failed } did not
device-parts = Parts
device-made-for = Made for this device:
device-swaps-heading = Part swaps reported by members
device-threads = Threads

device-form-title-edit = Edit device
device-form-title-add = Add a device
device-form-edit = Edit { $name }
device-form-add-under = Add a device under { $parent }
device-name = Name
device-level = Level
device-slug = URL name
device-optional = (optional)
device-slug-placeholder = made from the name
device-description = Description
device-description-hint = (Markdown, optional)
device-save = Save
device-add = Add device

## "I own this" on a device page, and My devices in the settings.

own-you-own = You own this
own-bought = Bought { $date }
own-firmware = firmware { $version }
own-shown = shown on your profile
own-private = private (only you see it)
own-edit-link = edit or remove in My devices
own-summary = I own this
own-summary-hint = — get its maintenance reminders, and see threads about it marked “your device”
own-nickname = Nickname
own-optional = (optional)
own-nickname-placeholder = e.g. Kitchen washer
own-bought-on = Bought on
own-bought-on-hint = (optional: maintenance counts from it)
own-firmware-version = Firmware version
own-firmware-placeholder = e.g. { $version }
own-show-on-profile = Show it on my profile
own-submit = I own this

## Firmware on a device page and the staff's releases page.

firmware-datalist-current = { $version } (current)
firmware-heading = Firmware
firmware-manage = Manage releases
firmware-current = Current firmware:
firmware-released = (released { $date })
firmware-earlier = earlier:
firmware-per-model = Firmware is released for each model:
firmware-model-current = current
firmware-none = No firmware releases recorded for this device yet.
firmware-fixes-heading = Fixes and the firmware they were checked on
firmware-show-all = Show all
firmware-confirmed-current = Confirmed on the current firmware
firmware-only-current = Only confirmed on the current firmware
firmware-none-current = No fix here is confirmed on the current firmware yet.
firmware-confirmed-on = confirmed on { $version }
firmware-checked-on = checked on { $version } — not yet confirmed on { $current }
firmware-checked-on-for = checked on { $version } — not yet confirmed on { $current }, current for { $device }
own-page-title = My devices
own-settings-title = Settings
own-notice-saved = Saved.
own-notice-removed = The device is no longer in your list.
own-notice-done = Marked done.
own-notice-done-next = Marked done. Next time: { $date }.
own-notice-snoozed = Snoozed until { $date }.
own-adding-heading = I own { $device }
own-back-to = Back to { $device }
# The settings page's explanation, around its two links (to the mail settings and to the catalogue).
own-hint-start = The devices you own. Private unless you tick “show on my profile”. Maintenance tasks staff set for a device show here with their next date; when one falls due we tell you (in Notifications, and by mail as you chose for “Maintenance due” in{" "}
own-hint-mail-link = Mail
own-hint-middle = ). Add a device with “I own this” on its page in the{" "}
own-hint-catalogue-link = catalogue
own-hint-end = .
own-none = You have not added any device yet.
own-on-profile = On your profile
own-private-badge = Private
own-added = Added { $date }
own-no-tasks = No maintenance tasks for this device.
own-task-guess-today-purchase = Never recorded as done: due today counting from the purchase date
own-task-guess-today-added = Never recorded as done: due today counting from the day you added the device
own-task-guess-since-purchase = Never recorded as done: due since { $date } counting from the purchase date
own-task-guess-since-added = Never recorded as done: due since { $date } counting from the day you added the device
own-task-overdue = Overdue since { $date }
own-task-due-today = Due today
own-task-due = Due { $date }
own-task-next = Next: { $date }
own-task-by-use = Goes by use
own-task-last-done = last done { $date }
own-task-snoozed = snoozed until { $date }
own-task-how = How: { $title }
own-task-done-on = Last done on
own-task-save-date = Save the date
own-snooze-week = Snooze 1 week
own-snooze-month = Snooze 1 month
own-edit-or-remove = Edit or remove
own-save = Save
own-remove = I no longer own this
firmware-page-title = Firmware of { $device }
firmware-page-intro = A release applies to { $device } and everything below it. When a newer release is recorded, solutions checked on an older one show “not yet confirmed on” the new version, and members can say whether they still work.
firmware-record-heading = Record a release
firmware-version = Version
firmware-version-placeholder = e.g. 3.06
firmware-release-date = Release date
firmware-notes-label = Notes (optional)
firmware-notes-placeholder = What changed, in a sentence or two
firmware-record = Record release
firmware-releases = Releases ({ $count })
firmware-releases-none = No releases recorded yet.
firmware-col-released = Released
firmware-col-notes = Notes
firmware-current-badge = current

## Maintenance: a device's plan, the staff's plan page, what is due for owners.

maint-plan-heading = Maintenance plan
maint-none = No maintenance tasks yet.
# A task's interval on a device page, as the unit is stored (days or months).
maint-every = every { $count } { $unit ->
    [days] days
   *[months] months
}
maint-every-capital = Every { $count } { $unit ->
    [days] days
   *[months] months
}
# A task's interval as an owner reads it.
maint-interval = { $unit ->
    [days] { $count ->
        [one] every day
       *[other] every { $count } days
    }
   *[months] { $count ->
        [one] every month
       *[other] every { $count } months
    }
}
maint-or-hint = or { $hint }
maint-guide-link = guide #{ $id }: { $title }
maint-edit-plan = Edit the maintenance plan
maint-card-heading = Maintenance
maint-card-guess-today-purchase = due today counting from the purchase date: when did you last do it?
maint-card-guess-today-added = due today counting from the day you added it: when did you last do it?
maint-card-guess-since-purchase = due since { $date } counting from the purchase date: when did you last do it?
maint-card-guess-since-added = due since { $date } counting from the day you added it: when did you last do it?
maint-card-overdue = overdue since { $date }
maint-card-due-today = due today
maint-card-due = due { $date }
maint-card-my-devices = My devices →
maint-page-title = Maintenance plan · { $device }
maint-page-heading = Maintenance plan: { $device }
maint-back = Back to the device
# The staff page's explanation, around its emphasised words.
maint-intro-start = Tasks apply to this device and everything below it. Owners see each task's next date (from the day they last did it, else the purchase date, else the day they added the device) and can mark it done or snooze it. A task with an interval{" "}
maint-intro-em = and a guide
maint-intro-end = {" "}is also reminded of once per due date, in Notifications and by mail; a usage hint alone (“every 200 wash cycles”) has no date.
maint-guide = guide
maint-no-guide = no guide (no reminders)
# "Set on <device>, above this device: edit it there."
maint-set-on-before = Set on{" "}
maint-set-on-after = , above this device: edit it there.
maint-edit-or-remove = Edit or remove
maint-title = Title
maint-why = Why it matters
maint-optional = (optional)
maint-every-label = Every
maint-unit = Unit
maint-unit-days = days
maint-unit-months = months
maint-by-use = Or by use
maint-by-use-hint = (e.g. every 200 wash cycles)
maint-guide-label = Guide
maint-guide-hint = (its number or address, optional)
maint-save = Save
maint-remove = Remove this task
maint-add-heading = Add a task
maint-title-placeholder = e.g. Clean the drain pump filter
maint-why-placeholder = e.g. A clogged filter stops the drain and trips error E21.
maint-by-use-new-hint = (e.g. every 200 wash cycles: then no date)
maint-guide-new-label = Guide that shows how
maint-guide-new-hint = (its number, e.g. 7, or address; needed for reminders)
maint-add = Add task

## The parts catalogue, a part's page and form.

part-list-title = Parts
part-add = Add a part
part-list-intro = The parts catalogue, with what members report about fitting them.
part-list-empty = The catalogue is empty.
part-kind = Part
part-report-swap = Report a swap with this part
part-edit = Edit
part-made-for = Made for
part-no-devices = No devices listed.
part-compatibility = Compatibility from members' reports
part-form-title-edit = Edit part
part-form-edit = Edit { $name }
part-name = Name
part-number = Part number / SKU
part-slug = URL name
part-optional = (optional)
part-fits-hint = (device URL names, one per line)
part-description = Description
part-markdown = (Markdown)
part-save = Save

## Part-swap reports: the report on its thread and the compatibility table.

swap-label = Part-swap report
# "<part> in <device>: <outcome>": the words between the part and the device, and after the device.
swap-in = in
swap-in-after = :
swap-outcome-works = Works
swap-outcome-caveats = Works with caveats
swap-outcome-no_fit = Does not fit
swap-outcome-conflicting = Conflicting evidence
swap-caveats = What they had to do:
# After a number in its own element.
swap-confirmed = {" "}confirmed
swap-disputed = {" "}disputed
swap-added = You have added your experience.
swap-same = Same for me
swap-not-same = Not for me
swap-your-device = Your device
swap-my-device = — my device —
swap-comment-placeholder = Comment (optional)
swap-comment = Comment
swap-add-experience = Add my experience
swap-matrix-empty = No part-swap reports yet.
swap-matrix-part = Part
swap-matrix-device = Device
swap-matrix-status = Status
swap-matrix-works = Works
swap-matrix-caveats = Caveats
swap-matrix-no-fit = Does not fit
swap-matrix-confirmed = Confirmed
swap-matrix-disputed = Disputed
swap-matrix-evidence = Evidence

## Known issues: the list, a known issue's page, the form that opens one.

ki-status-investigating = Investigating
ki-status-workaround_available = Workaround available
ki-status-fixed = Fixed
ki-status-closed = Closed
ki-status-fixed-in = Fixed in { $version }
ki-your-device = Your device
ki-your-device-title = About a device you own
ki-status-changed = status changed
ki-affected-title = Members affected
# "<number> affected": the words before the number, and after it.
ki-affected-before = {""}
ki-affected-after = {" "}affected
ki-list-title = Known issues
ki-open-button = Open a known issue
ki-list-intro = Problems many members have, with what is known so far. Open ones come first.
ki-filters = Filters
ki-status = Status
ki-filter-any = Any
ki-device = Device
ki-filter-show = Show
ki-list-empty = No known issues.
ki-list-empty-filtered = No known issues match these filters.
ki-hub-all = All known issues for { $device }
ki-hub-none = None known.
ki-hub-watching = You own this: you are told when staff open a known issue for it.
ki-hub-stop = Stop telling me
ki-hub-own = You own this.
ki-hub-tell-me = Tell me about new known issues for it

ki-new-intro = For a problem many members have on a device and everything below it. Members are told of every status change.
# "Started from <thread>: it will be linked to the known issue."
ki-new-from-before = Started from{" "}
ki-new-from-thread = thread #{ $id }
ki-new-from-after = : it will be linked to the known issue.
ki-title = Title
ki-title-placeholder = e.g. Drain pump stops mid-cycle after firmware 3.05
ki-device-hint = (it applies to everything below it)
ki-choose-device = — Choose a device —
ki-fixed-in = Fixed in
ki-fixed-in-hint = (firmware or revision; needed for “Fixed”)
ki-fixed-in-placeholder = e.g. firmware 3.06
ki-best-fix-current = Current best fix
ki-best-fix-current-hint = (optional: a link to a verified answer /p/… or a guide /t/…)
ki-workaround = Workaround
ki-workaround-new-hint = (what people can do until it is fixed; needed for “Workaround available” unless a best fix is given)
ki-symptoms = Symptoms
ki-symptoms-placeholder = What members see, on which devices and firmware, and since when.
ki-new-submit = Open the known issue

ki-page-title = { $title } · Known issue
# "Opened by <member> (staff)": the words before the member's name, and after it.
ki-opened-by-before = Opened by{" "}
ki-opened-by-after = {" "}(staff)
# After the number of members (in its own element).
ki-members-affected = {" "}{ $count ->
    [one] member affected
   *[other] members affected
}
ki-applies-to = applies to { $device } and everything below it
ki-me-too-done = You have this problem too
ki-me-too = I have this problem too
ki-following-title = You are told about status changes and replies
ki-following = Following ✓ — unfollow
ki-follow = Follow
ki-login-me-too = Log in to say you have this problem too
ki-discussion = Discussion and updates
ki-what-now = What to do now
ki-change-advice = Change the workaround or the best fix
ki-workaround-advice-hint = (what people can do until it is fixed; empty for none)
ki-best-fix-label = Best fix: a link to a verified answer (/p/…) or a guide (/t/…); empty for none
ki-save = Save
ki-change-status = Change the status
ki-closed-final = Closed: the status does not change any more.
ki-new-status = New status
ki-workaround-status-hint = (what people can do until it is fixed; needed for “Workaround available” unless a best fix is set)
ki-note = Note for everyone affected
ki-note-placeholder = e.g. Cleaning the filter stops it until the update ships
ki-told = Everyone who has this problem, asked about it in a linked thread, or follows it is told, with the fix or workaround first.
ki-history = Status history
ki-history-staff = staff
# The note the forum writes on a known issue's first status (stored as "Opened.").
ki-event-opened = Opened.
ki-linked = Linked threads ({ $count })
ki-linked-empty = No threads linked yet.
ki-merged-here = Merged here
# "by <member>": the words before the member's name, and after it.
ki-linked-by-before = by{" "}
ki-linked-by-after = {""}
ki-linked-me-too = { $count } “me too”
ki-unlink = Unlink
ki-link-label = Thread to link (its number or link)
ki-link = Link it
ki-merge = Merge a duplicate question
ki-merge-title = For a duplicate question: linked, locked, and pointing here
ki-devices = Affected devices
ki-devices-none = None named yet.
ki-device-threads = { $count } { $count ->
    [one] thread
   *[other] threads
}

## What a known issue tells people to do now (its page and the banner on threads).

advice-fixed-in = Fixed in { $version }.
advice-fixed-in-after = Update to it and the problem should not come back.
advice-until-update = Until you can update:
advice-workaround = Workaround:
advice-best-fix = Best fix:
# "the verified answer in <thread>": the words before the link, and after it.
advice-best-answer-before = the verified answer in{" "}
advice-best-answer-after = {""}
advice-best-guide-before = the repair guide{" "}
advice-best-guide-after = {""}
advice-closed = Closed without a fix or workaround.
advice-none = No fix or workaround yet. Follow it to be told when there is one.
advice-none-investigating = No fix or workaround yet: staff are investigating. Follow it to be told when there is one.

## The known-issue banner on a thread.

banner-label = Known issue
banner-is-self = This is a known issue
banner-status = status:
banner-affected = { $count } { $count ->
    [one] member
   *[other] members
} affected.
banner-merged = This question was merged into a known issue
banner-merged-after = , and takes no more replies here:
banner-linked = This is a known issue:
banner-more = Status history, best fix and linked threads →
banner-me-too-hint = “I have this problem too” here counts towards the known issue, and you are told when its status changes.

## Ideas: the list, an idea's page, the form that proposes one.

idea-status-proposed = Proposed
idea-status-under_review = Under review
idea-status-planned = Planned
idea-status-shipped = Shipped
idea-status-declined = Declined
idea-you-voted = You voted
idea-proposed-by = proposed by { $name }
idea-replies = { $count } { $count ->
    [one] reply
   *[other] replies
}
idea-votes-title = Votes
# "<number> votes": the words before the number, and after it.
idea-votes-before = {""}
idea-votes-after = {" "}{ $count ->
    [one] vote
   *[other] votes
}
idea-list-title = Ideas
idea-propose = Propose an idea
idea-list-intro = Improvements members would like the product teams to make. Vote for the ones you want; the most wanted come first, and everyone who voted hears what staff decide.
idea-list-empty = No ideas yet.
idea-list-empty-filtered = No ideas match these filters yet.
idea-hub-all = All ideas for { $device } ({ $open } open)
idea-hub-empty = No ideas yet.
# "No ideas yet: log in to propose one.": the words before the link, the link, the words after it.
idea-hub-empty-login-before = No ideas yet:{" "}
idea-hub-empty-login-link = log in
idea-hub-empty-login-after = {" "}to propose one.
idea-new-intro = An improvement you would like for a device (“a hinge that does not loosen”). Other members vote for it, staff say what becomes of it, and you hear of every step. Your own vote is counted.
idea-title = Your idea, in one line
idea-title-placeholder = e.g. A hinge that does not loosen
idea-body = What would change, and why it matters
idea-body-placeholder = What goes wrong today, what you would like instead, and how you use the device.
idea-submit = Propose it
idea-page-title = { $title } · Idea
# "Proposed by <member>"
idea-proposed-by-before = Proposed by{" "}
idea-proposed-by-after = {""}
# "for <device>"
idea-for-before = for{" "}
idea-for-after = {""}
idea-voted-for-it = You voted for it
idea-unvote = Take my vote back
idea-vote = Vote for it
idea-votes-closed = { $status }: votes are closed.
idea-login-vote = Log in to vote for it
idea-discussion = Discussion ({ $count })
idea-the-idea = The idea
idea-status-final = { $status }: the status does not change any more.
idea-note = Note for the proposer and everyone who voted
idea-note-hint = (needed to decline)
idea-note-placeholder = e.g. Planned for the 2027 models
idea-former-member = a former member
# The notes the forum writes on an idea's first status (stored as "Proposed." or "Imported.").
idea-event-proposed = Proposed.
idea-event-imported = Imported.
idea-wanted-heading = Most wanted ideas, by device family
idea-wanted-all = All ideas
idea-wanted-none = No open ideas yet.
idea-no-device = No device

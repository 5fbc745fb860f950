# What Fixloop says when something cannot be done: the error page, a form's
# messages shown again, and the JSON API's `message`.

## The error page

err-page-back = Back to the forum
err-page-log-in = Log in
err-title-401 = Please log in
err-title-403 = Not allowed
err-title-404 = Not found
err-title-409 = Already taken
err-title-422 = Please check what you entered
err-title-503 = Temporarily unavailable
err-title-500 = Something went wrong
err-title-other = That did not work

## Any error of a status, when nothing more is known

err-generic-400 = The request could not be understood.
err-generic-401 = Please log in to do that.
err-generic-403 = You are not allowed to do that.
err-generic-404 = There is nothing at this address.
err-generic-405 = That is not something this address accepts.
err-generic-413 = What you sent is too large.
err-generic-415 = That kind of content is not accepted here.
err-generic-4xx = The request could not be handled.
err-generic-503 = The forum is not available right now. Please try again in a moment.
err-generic-500 = Something went wrong on our side. It has been logged; please try again.

## Errors of every page

err-login-required = Please log in to do that.
err-csrf = This form has expired or did not come from this site. Go back, reload the page and try again.
err-unavailable = The forum's database is not answering right now. Please try again in a moment.
err-storage = The photo could not be stored: the server's storage is full or not writable. Nothing was saved; please try again later.
err-internal = Something went wrong on our side. It has been logged; please try again.
err-bad-token = This API token is not valid: it is unknown, revoked or expired. Make a new one in your account settings.
err-provider-down = The sign-in provider is not answering right now. Nothing was changed; please try again in a minute.
err-already-exists = That already exists ({ $detail }).
err-busy = The forum is very busy and could not save this just now. Nothing was saved; your text is kept below: please try again in a few seconds.

## Not found: AppError::NotFound(what)

err-not-found-delivery = That delivery does not exist (or no longer does).
err-not-found-device = That device does not exist (or no longer does).
err-not-found-file = That file does not exist (or no longer does).
err-not-found-guide = That guide does not exist (or no longer does).
err-not-found-idea = That idea does not exist (or no longer does).
err-not-found-known-issue = That known issue does not exist (or no longer does).
err-not-found-maintenance-task = That maintenance task does not exist (or no longer does).
err-not-found-member = That member does not exist (or no longer does).
err-not-found-notification = That notification does not exist (or no longer does).
err-not-found-owned-device = That owned device does not exist (or no longer does).
err-not-found-page = That page does not exist (or no longer does).
err-not-found-page-of-this-thread = That page of this thread does not exist (or no longer does).
err-not-found-part = That part does not exist (or no longer does).
err-not-found-part-swap-report = That part-swap report does not exist (or no longer does).
err-not-found-photo = That photo does not exist (or no longer does).
err-not-found-post = That post does not exist (or no longer does).
err-not-found-report = That report does not exist (or no longer does).
err-not-found-session = That session does not exist (or no longer does).
err-not-found-sign-in = That sign-in does not exist (or no longer does).
err-not-found-sitemap = That sitemap does not exist (or no longer does).
err-not-found-step = That step does not exist (or no longer does).
err-not-found-synonym-group = That synonym group does not exist (or no longer does).
err-not-found-thread = That thread does not exist (or no longer does).
err-not-found-token = That token does not exist (or no longer does).
err-not-found-user = That user does not exist (or no longer does).
err-not-found-webhook = That webhook does not exist (or no longer does).

## src/auth/extract.rs

err-extract-form-could-not-read-e = The form could not be read: { $e }

## src/forum/accounts/credentials.rs

err-credentials-enter-valid-email-address-like = Enter a valid email address, like name@example.com.
err-credentials-choose-username-3-30-characters = Choose a username of 3 to 30 characters.
err-credentials-names-starting-with-former-member = Names starting with 'former-member-' are kept for members who left.
err-credentials-usernames-use-letters-digits-only = Usernames use letters, digits, '_' and '-' only.
err-credentials-use-password-at-least-min = Use a password of at least { $min_password_chars } characters.
err-credentials-password-too-long = That password is too long.
err-credentials-two-passwords-do-not-match = The two passwords do not match.
err-credentials-username-taken-choose-another = That username is taken; choose another.
err-credentials-account-with-email-already-exists = An account with that email already exists. Log in instead?
err-credentials-too-many-failed-logins-please = Too many failed logins. Please wait { $login_window_minutes } minutes and try again.
err-credentials-only-signups-per-address-per = Only { $signups_per_address_per_hour } accounts can be created from one network in an hour. Please try again later; your details are kept below.

## src/forum/accounts/leaving.rs

err-leaving-admins-cannot-delete-their-own = Admins cannot delete their own account: ask another admin to make you a member first, so the forum always has an admin.
err-leaving-confirm-type-username-username-exactly = To confirm, type the username { $username } exactly. Nothing was deleted.
err-leaving-password-not-account = That password is not for this account.
err-leaving-cannot-delete-own-account-from = You cannot delete your own account from the members page.

## src/forum/accounts/mail_preferences.rs

err-mail-preferences-there-no-kind-mail-called = There is no kind of mail called “{ $shown }”. Choose among: { $join }.
err-mail-preferences-shown-not-choice-label-choose = “{ $shown }” is not a choice for “{ $label }”: choose instant, digest or never.
err-mail-preferences-form-named-no-kind-mail = The form named no kind of mail to save.
err-mail-preferences-shown-not-time-zone-we = “{ $shown }” is not a time zone we know: choose one from the list, like Europe/Berlin or America/New_York.
err-mail-preferences-unsubscribe-link-mail-we-no = This unsubscribe link is for mail we no longer send. Choose what you get in your mail settings.
err-mail-preferences-digest-already-made = digest already made
err-mail-preferences-digest-lines-taken = digest lines taken

## src/forum/accounts/profile.rs

err-profile-keep-bio-max-bio-chars = Keep the bio to { $max_bio_chars } characters; this one has { $bio }.

## src/forum/accounts/recovery.rs

err-recovery-username-taken-choose-another = That username is taken; choose another.
err-recovery-we-have-sent-several-links = We have sent several links in the last hour; please look for them (and in your spam folder) or try again later.
err-recovery-address-now-used-another-account = That address is now used by another account, so it cannot be moved to yours.
err-recovery-address-now-belongs-another-account = That address now belongs to another account, so it cannot be put back. Please tell the forum's staff.
err-recovery-enter-email-address-account-like = Enter the email address of your account, like name@example.com.
err-recovery-enter-valid-email-address-like = Enter a valid email address, like name@example.com.
err-recovery-already-address = That is already your address.
err-recovery-have-asked-several-changes-address = You have asked for several changes of address in the last hour; please use one of the links we sent or try again later.
err-recovery-account-has-no-password-so = Your account has no password, so please log in again through your sign-in provider first: this change needs a sign-in from the last { $fresh_sign_in_minutes } minutes.
err-recovery-not-current-password = That is not your current password.

## src/forum/accounts/sso.rs

err-sso-sign-not-valid-any-more = This sign-in is not valid any more: it was used already, took too long, or was started in another browser. Nothing was changed; please log in again.
err-sso-provider-did-not-share-valid = The provider did not share a valid email address, and a Fixloop account needs one. Ask its administrator to release the email claim to Fixloop.
err-sso-account-with-email-email-already = An account with the email { $email } already exists, but its owner has not confirmed the address on Fixloop yet, so it cannot be linked. Log in with that account's password instead.
err-sso-account-was-deleted = This account was deleted.
err-sso-sign-provider-has-not-confirmed = Your sign-in provider has not confirmed that { $email } is your address, so Fixloop cannot make or link an account with it. Confirm the address with the provider (or ask its administrator), then log in again.
err-sso-sign-has-expired-was-finished = This sign-in has expired or was finished already. Please log in again.
err-sso-account-with-email-email-was = An account with the email { $email } was made meanwhile. Log in again.
err-sso-sign-was-linked-account-meanwhile = This sign-in was linked to an account meanwhile. Log in again.
err-sso-only-way-log-choose-password = This is your only way to log in. Choose a password first ("Forgot your password?" on the login page mails you a link), then remove it.
err-sso-only-way-log-forum-so = This is your only way to log in on this forum, so it cannot be removed.
err-sso-staff-log-with-provider-forum = Staff log in with { $provider } on this forum, so that the staff group there decides who is staff.

## src/forum/before_service/firmware.rs

err-firmware-untrusted = Whether an answer still works is reported by members with a confirmed email address and at least { $reputation } reputation (a fix un-marked on a stranger's word would cost the solver). Tell the thread in a reply instead.
err-firmware-give-version-device-shows-e = Give the version, as the device shows it (e.g. 3.06).
err-firmware-keep-version-under-max-version = Keep the version under { $max_version_chars } characters.
err-firmware-version-holds-letters-digits-dots = A version holds letters, digits, dots, dashes, underscores, plus signs and spaces.
err-firmware-give-release-date-yyyy-mm = Give the release date as YYYY-MM-DD.
err-firmware-record-release-once-out-not = Record a release once it is out, not ahead of its date.
err-firmware-keep-notes-under-max-notes = Keep the notes under { $max_notes_chars } characters.
err-firmware-version-already-recorded-name = { $version } is already recorded for { $name }.
err-firmware-thread-has-no-device-so = This thread has no device, so it has no firmware to record. Leave the firmware empty.
err-firmware-string-not-firmware-release-threads = { $string } is not a firmware release of this thread's device: staff have recorded none for it yet.
err-firmware-string-not-firmware-release-threads-2 = { $string } is not a firmware release of this thread's device (its releases: { $join }).
err-firmware-own-answer-whether-still-works = This is your own answer: whether it still works is for the people who tried it.
err-firmware-no-firmware-version-was-recorded = No firmware version was recorded for this answer.
err-firmware-device-has-no-firmware-releases = This device has no firmware releases.
err-firmware-answer-already-confirmed-version-current = This answer is already confirmed on { $version }, the current firmware.
err-firmware-have-already-reported-firmware-version = You have already reported on firmware { $version } for this answer.
err-firmware-solution-not-question-there-nothing = This solution is not in question: there is nothing to decide.

## src/forum/before_service/ideas.rs

err-ideas-choose-device-idea = Choose the device your idea is for.
err-ideas-idea-lowercase-takes-no-more = This idea is { $status ->
        [shipped] shipped
        [declined] declined
        [planned] planned
        [under_review] under review
       *[proposed] proposed
    }: it takes no more votes.
err-ideas-have-already-voted-idea = You have already voted for this idea.
err-ideas-have-not-voted-idea-so = You have not voted for this idea, so there is no vote to take back.
err-ideas-keep-note-under-max-note = Keep the note under { $max_note_chars } characters.
err-ideas-say-why-declined-everyone-who = Say why it is declined: everyone who voted for it reads this.

## src/forum/before_service/known_issues.rs

err-flow-choose-status = Choose one of the statuses.
err-flow-already = It is already “{ $status }”.
err-flow-forward-only = A status only moves forward ({ $flow }); it is “{ $from }” now, so it cannot become “{ $to }”.
err-flow-idea = proposed → under review → planned → shipped / declined
err-flow-known-issue = investigating → workaround available → fixed → closed
err-status-proposed = Proposed
err-status-under_review = Under review
err-status-planned = Planned
err-status-shipped = Shipped
err-status-declined = Declined
err-status-investigating = Investigating
err-status-workaround_available = Workaround available
err-status-fixed = Fixed
err-status-closed = Closed
err-known-issues-post-not-staff-verified-answer = That post is not a staff-verified answer or an accepted solution.
err-known-issues-thread-not-repair-guide = That thread is not a repair guide. Give the best fix as a link to a staff-verified answer or accepted solution (/p/…) or to a repair guide (/t/…).
err-known-issues-best-fix-link = Give the best fix as a link to a staff-verified answer or accepted solution (/p/…) or to a repair guide (/t/…).
err-known-issues-there-no-thread-number-id = There is no thread number { $id }.
err-known-issues-keep-fixed-under-max-fixed = Keep “fixed in” under { $max_fixed_in_chars } characters.
err-known-issues-say-which-firmware-version-revision = Say which firmware version or revision fixes it (e.g. “firmware 3.06” or “rev C”).
err-known-issues-keep-workaround-under-max-workaround = Keep the workaround under { $max_workaround_chars } characters.
err-known-issues-say-what-people-can-do = Say what people can do until it is fixed (the workaround, or a best fix): everyone affected sees it first.
err-known-issues-choose-device-affects-applies-everything = Choose the device it affects (it applies to everything below it).
err-known-issues-new-known-issue-not-closed = A new known issue is not closed yet.
err-known-issues-choose-status = Choose a status.
err-known-issues-not-thread = That is not a thread.
err-known-issues-keep-note-under-max-note = Keep the note under { $max_note_chars } characters.
err-known-issues-there-no-thread-number-thread = There is no thread number { $thread_id }.
err-known-issues-known-issue-cannot-linked-itself = A known issue cannot be linked to itself.
err-known-issues-thread-known-issue-itself-link = That thread is a known issue itself: link questions and discussions to it.
err-known-issues-only-questions-merged-into-known = Only questions are merged into a known issue; link other threads instead.
err-known-issues-title-already-linked-known-issue = “{ $title }” is already linked to the known issue “{ $other_title }”; a thread belongs to one known issue. Unlink it there first.
err-known-issues-give-threads-number-link-t = Give the thread's number or its link (/t/…).
err-known-issues-which-thread = Which thread?
err-known-issues-thread-not-linked-known-issue = That thread is not linked to this known issue.
err-known-issues-nothing-changed-best-fix-workaround = Nothing changed: that is the best fix and the workaround already.
err-known-issues-have-already-said-have-problem = You have already said you have this problem too.

## src/forum/before_service/maintenance.rs

err-maintenance-give-task-title-3-120 = Give the task a title of 3 to 120 characters.
err-maintenance-keep-why-matters-under-2 = Keep “why it matters” under 2,000 characters.
err-maintenance-keep-usage-hint-under-200 = Keep the usage hint under 200 characters.
err-maintenance-give-interval-e-g-every = Give an interval (e.g. every 3 months) or a usage hint (e.g. every 200 wash cycles).
err-maintenance-choose-days-months = Choose days or months.
err-maintenance-interval-at-most-max-unit = An interval is at most { $max } { $unit }.
err-maintenance-interval-must-whole-number-greater = The interval must be a whole number greater than zero.
err-maintenance-give-guides-number-e-g = Give the guide's number (e.g. 7) or its address (/t/7/…).
err-maintenance-thread-id-not-guide = Thread #{ $id } is not a guide.
err-maintenance-there-no-guide-id = There is no guide #{ $id }.
err-maintenance-task-goes-use-not-date = This task goes by use, not by date: there is nothing to snooze.
err-maintenance-shown-not-snooze-choose-1 = “{ $shown }” is not a snooze: choose 1 week or 1 month.

## src/forum/before_service/owned_devices.rs

err-owned-devices-what-cannot-future-today-today = The { $what ->
        [done_on] date it was done
       *[purchased_on] purchase date
    } cannot be in the future (today is { $today }).
err-owned-devices-give-what-date-after-1900 = Give the { $what ->
        [done_on] date it was done
       *[purchased_on] purchase date
    } as a date after 1900.
err-owned-devices-shown-not-date-give-what = “{ $shown }” is not a date: give the { $what ->
        [done_on] date it was done
       *[purchased_on] purchase date
    } as YYYY-MM-DD, e.g. 2026-03-14.
err-owned-devices-keep-nickname-max-nickname-chars = Keep the nickname to { $max_nickname_chars } characters.
err-owned-devices-firmware-version-has-at-most = A firmware version has at most { $max_firmware_chars } characters, e.g. 3.05.

## src/forum/discussion/answers.rs

err-answers-only-troubleshooting-questions-have-solution = Only troubleshooting questions have a solution.
err-answers-choose-one-replies-solution = Choose one of the replies as the solution.
err-answers-thread-has-no-solution-un = This thread has no solution to un-mark.
err-answers-verify-answer-reply-guide = Verify an answer (a reply), or a guide.
err-answers-already-verified-staff = This is already verified by staff.
err-answers-keep-note-under-max-note = Keep the note under { $max_note_chars } characters.
err-answers-not-verified = This is not verified.
err-answers-votes-replies = Votes are for replies.
err-answers-cannot-vote-own-reply = You cannot vote for your own reply.
err-answers-have-already-voted-reply = You have already voted for this reply.
err-answers-have-not-voted-reply = You have not voted for this reply.
err-answers-only-questions-take-i-have = Only questions take “I have this problem too”.
err-answers-asked-question-yourself = You asked this question yourself.
err-answers-have-already-said-have-problem = You have already said you have this problem too.
err-answers-own-answer-worked-me-people = This is your own answer: “Worked for me” is for the people who tried it.
err-answers-worked-me-solution-staff-verified = “Worked for me” is for the solution or a staff-verified answer.
err-answers-device-not-catalogue = That device is not in the catalogue.
err-answers-have-already-said-worked = You have already said this worked for you.

## src/forum/discussion/escalations.rs

err-escalations-only-person-who-asked-can = Only the person who asked can ask for staff help.
err-escalations-staff-help-troubleshooting-questions = Staff help is for troubleshooting questions.
err-escalations-question-solved-if-fix-did = This question is solved. If the fix did not hold, un-mark the solution first.
err-escalations-staff-have-already-been-asked = Staff have already been asked to help here.
err-escalations-nobody-has-asked-staff-help = Nobody has asked for staff help on this thread.
err-escalations-another-staff-member-already-thread = Another staff member is already on this thread.
err-escalations-thread-not-waiting-staff = This thread is not waiting for staff.
err-escalations-nobody-has-claimed-thread = Nobody has claimed this thread.

## src/forum/discussion/private_messages.rs

err-private-messages-write-message-first-order-number = Write your message first (an order number, a serial, what you tried).
err-private-messages-keep-private-message-under-max = Keep a private message under { $max_chars } characters.
err-private-messages-only-person-who-asked-staff = Only the person who asked and staff can write on this thread's private line.
err-private-messages-private-line-open-while-staff = The private line is open while staff are asked to help on this question.

## src/forum/discussion/threads.rs

err-threads-give-title-start-end-characters = Give a title of { $start } to { $end } characters that says what the problem or topic is.
err-threads-write-something-body-cannot-empty = Write something: the body cannot be empty.
err-threads-post-too-long = That is { $kib } KiB; a post can be at most 64 KiB. Split it into several posts.
err-threads-device-not-catalogue-pick-one = That device is not in the catalogue; pick one from the list.
err-threads-choose-what-kind-thread = Choose what kind of thread this is.
err-threads-someone-else-saved-post-at = Someone else saved this post at the same moment. Reload it and apply your change again.

## src/forum/integrations/api_tokens.rs

err-api-tokens-give-token-name-start-end = Give the token a name of { $start } to { $end } characters (what uses it).
err-api-tokens-choose-read-write = Choose read or write.
err-api-tokens-choose-how-long-token-works = Choose how long the token works.
err-api-tokens-have-max-tokens-tokens-already = You have { $max_tokens } tokens already: revoke one you no longer use first.
err-api-tokens-token-made-more-than-api = This token made more than { $api_requests_per_minute } requests in a minute. Wait { $wait } seconds and try again.

## src/forum/integrations/import.rs

err-import-known-issue-status = A known issue's status is investigating, workaround_available, fixed or closed.
err-import-idea-status = An idea's status is proposed, under_review, planned, shipped or declined.
err-import-keep-bio-under-max-bio = Keep the bio under { $max_bio_chars } characters.
err-import-password-hash-must-argon2-phc = A password hash must be an argon2 PHC string ($argon2id$v=19$...); leave it out for no password.
err-import-guides-difficulty-easy-moderate-difficult = A guide's difficulty is easy, moderate, difficult or very_difficult, not “{ $string }”.
err-import-time-range-minutes-give-both = The time is a range of minutes: give both time_min and time_max, or neither.
err-import-give-time-whole-minutes-from = Give the time in whole minutes, from 1 to 10000.
err-import-time-range-minutes-time-min = The time is a range of minutes: time_min ({ $min }) is more than time_max ({ $max }).
err-import-one-item-string-r-has = One item a string: “{ $r }” has a line break.
err-import-keep-tool-part-lists-under = Keep the tool and part lists under 4,000 characters each.
err-import-conclusion-can-at-most-64 = The conclusion can be at most 64 KiB.
err-import-only-guides-kind-guide-have = Only guides (kind guide) have { $join }; this thread's kind is { $kind }.
err-import-known-issues-ideas-about-device = Known issues and ideas are about a device.
err-import-part-swap-report-names-part = A part-swap report names its part and outcome.
err-import-only-ideas-take-votes-thread = Only ideas take votes for a thread; vote for a reply with `post`.
err-import-steps-belong-guides-threads-kind = Steps belong to guides; this thread's kind is { $kind }.

## src/forum/integrations/webhooks.rs

err-webhooks-name-not-event-choose-from = “{ $name }” is not an event; choose from: { $join }.
err-webhooks-choose-at-least-one-event = Choose at least one event to send.

## src/forum/knowledge/devices.rs

err-devices-give-device-name-2-100 = Give the device a name of 2 to 100 characters.
err-devices-choose-maker-product-line-model = Choose maker, product line, model or revision.
err-devices-url-name-uses-lower-case = A URL name uses lower-case letters, digits and single dashes, e.g. modulo-13-mainboard-b.
err-devices-url-name-reserved-choose-another = That URL name is reserved; choose another.
err-devices-keep-description-under-16-kib = Keep the description under 16 KiB.
err-devices-another-device-already-uses-url = Another device already uses that URL name.
err-devices-parent-device-does-not-exist = That parent device does not exist.
err-devices-only-maker-sits-at-top = Only a maker sits at the top of the catalogue; choose a parent device.
err-devices-kind-cannot-sit-under-parent = A { $kind } cannot sit under a { $parent_kind }.
err-devices-device-at-top-catalogue-maker = A device at the top of the catalogue is a maker.
err-devices-some-devices-under-one-would = Some devices under this one would then sit at its level or above.

## src/forum/knowledge/guides.rs

err-guides-only-guides-author-staff-can = Only the guide's author and staff can change it.
err-guides-conclusion-can-at-most-64 = The conclusion can be at most 64 KiB.
err-guides-choose-how-difficult-repair-not = Choose how difficult the repair is, or “not set”.
err-guides-keep-tool-part-lists-under = Keep the tool and part lists under 4,000 characters each.
err-guides-part-not-number-another-guide = “{ $part }” is not the number of another guide.
err-guides-give-step-title-up-200 = Give the step a title of up to 200 characters.
err-guides-describe-what-do-step = Describe what to do in this step.
err-guides-step-can-at-most-64 = A step can be at most 64 KiB.
err-guides-keep-cautions-notes-under-500 = Keep cautions and notes under 500 characters.
err-guides-choose-position-from-1-last = Choose a position from 1 to { $last }.
err-guides-move-step-up-down = Move a step up or down.
err-guides-step-position-cannot-move-direction = Step { $position } cannot move { $direction }.
err-guides-say-whether-repair-worked = Say whether the repair worked.
err-guides-keep-comment-under-1-000 = Keep the comment under 1,000 characters.
err-guides-wrote-guide-i-did-repair = You wrote this guide: “I did this repair” is for the people who follow it.
err-guides-device-not-catalogue = That device is not in the catalogue.
err-guides-have-already-recorded-repair = You have already recorded this repair.
err-guides-give-reason-up-200-characters = Give a reason of up to 200 characters; the author and readers see it.
err-guides-step-not-hidden = This step is not hidden.

## src/forum/knowledge/parts.rs

err-parts-give-part-name-2-120 = Give the part a name of 2 to 120 characters.
err-parts-keep-part-number-under-80 = Keep the part number under 80 characters.
err-parts-url-name-uses-lower-case = A URL name uses lower-case letters, digits and dashes.
err-parts-another-part-already-uses-url = Another part already uses that URL name.
err-parts-line-not-device-catalogue = “{ $line }” is not a device in the catalogue.
err-parts-keep-description-under-16-kib = Keep the description under 16 KiB.
err-parts-choose-part-swapped = Choose the part you swapped in.
err-parts-typed-not-catalogue-pick-one = “{ $typed }” is not in the catalogue. Pick one of its parts from the list as you type the name.
err-parts-choose-device-revision-part-went = Choose the device (revision) the part went into.
err-parts-say-how-went-works-works = Say how it went: works, works with caveats, or does not fit.
err-parts-keep-what-had-do-under = Keep “what you had to do” under 4,000 characters.
err-parts-say-whether-matched-experience = Say whether it matched your experience.
err-parts-keep-comment-under-1-000 = Keep the comment under 1,000 characters.
err-parts-own-report-confirmations-come-from = This is your own report; confirmations come from others.
err-parts-device-not-catalogue = That device is not in the catalogue.
err-parts-have-already-confirmed-disputed-report = You have already confirmed or disputed this report.

## src/forum/knowledge/photos.rs

err-photos-can-only-change-own-avatar = You can only change your own avatar.
err-photos-there-already-max-photos-here = There are already { $max } photos here; that is the most.
err-photos-photo-already-here = That photo is already here.
err-photos-upload-limit = { $who ->
        [new] New members
       *[members] Members
    } can upload { $limit } photos an hour. Nothing was saved; please try again in about { $minutes } minutes.
err-photos-many-photos-being-processed-right = Many photos are being processed right now, so this one was not accepted. Nothing was saved; please try again in a few seconds.
err-photos-post-can-have-at-most = A post can have at most { $max_post_photos } photos; choose fewer.

## src/forum/mod.rs

err-forum-confirm-address-first = Please confirm your email address first: until then an account can send { $count ->
        [one] { $count } private message
       *[other] { $count } private messages
    }. Use the link we mailed you (or have it sent again from your settings); your text is kept below.
err-forum-new-members-can-post-new = New members can post { $new_member_posts_per_hour } times an hour; please wait a little. Your text is kept below.
err-forum-first-new-member-link-free = Your first { $new_member_link_free_posts } posts cannot contain links or images (it keeps spammers out). Describe it in words for now.
err-forum-can-send-per-hour-private = You can send { $per_hour } private messages an hour; please wait a little (staff have been told about your earlier ones). Your text is kept below.
err-forum-can-ask-staff-help-per = You can ask staff for help on { $per_day } questions a day; please wait until tomorrow, or write on the private line of a question staff are already on.
err-forum-account-suspended-until-m-utc = Your account is suspended until { $until } UTC; you can read but not post.
err-forum-can-only-edit-own-posts = You can only edit your own posts.
err-forum-cannot-lift-own-suspension = You cannot lift your own suspension.
err-forum-cannot-suspend-yourself = You cannot suspend yourself.
err-forum-only-admins-can-lift-staff = Only admins can lift a staff member's suspension.
err-forum-only-admins-can-suspend-staff = Only admins can suspend staff.
err-forum-only-person-who-asked-staff = Only the person who asked (or staff) can choose the solution.
err-forum-thread-locked-takes-no-new = This thread is locked: it takes no new replies.

## src/forum/staff/members.rs

err-members-search-with-at-most-max = Search with at most { $max_query_chars } characters.
err-members-list-cannot-sorted-shown-choose = The list cannot be sorted by “{ $shown }”: choose name, role, joined, seen, posts or reputation.
err-members-sort-list-asc-desc = Sort the list “asc” or “desc”.
err-members-choose-member-staff-admin = Choose member, staff or admin.
err-members-cannot-remove-own-admin-role = You cannot remove your own admin role; another admin can.
err-members-username-already-role = { $username } is already { $role }.

## src/forum/staff/moderation.rs

err-moderation-choose-why-flagging-post = Choose why you are flagging this post.
err-moderation-keep-note-under-500-characters = Keep the note under 500 characters.
err-moderation-cannot-flag-own-post = You cannot flag your own post.
err-moderation-have-already-flagged-post = You have already flagged this post.
err-moderation-give-reason-up-200-characters = Give a reason of up to 200 characters; the author and readers see it.
err-moderation-post-not-hidden = This post is not hidden.
err-moderation-post-has-no-open-flags = This post has no open flags.
err-moderation-unknown-thread-action = Unknown thread action.
err-moderation-device-not-catalogue = That device is not in the catalogue.
err-moderation-suspend-1-3650-days = Suspend for 1 to 3650 days.
err-moderation-give-reason-up-200-characters-2 = Give a reason of up to 200 characters; the member sees it.

## src/lib.rs

err-lib-address-has-malformed-parameter-e = The address has a malformed parameter: { $e }

## src/web/accounts/account_data.rs

err-account-data-not-current-password-nothing-was = That is not your current password. Nothing was deleted.
err-account-data-too-many-wrong-passwords-please = Too many wrong passwords. Please wait { $minutes } minutes and try again. Nothing was deleted.

## src/web/accounts/auth.rs

err-auth-enter-username-email-password = Enter your username (or email) and your password.
err-auth-logging-with-password-switched-off = Logging in with a password is switched off on this forum: log in with { $name } instead.
err-auth-username-email-password-do-not = That username or email and password do not match an account.

## src/web/accounts/mail_settings.rs

err-mail-settings-unsubscribe-link-has-no-token = This unsubscribe link has no token. Use the whole link from the mail, or choose what you get in your mail settings.
err-mail-settings-unsubscribe-link-has-expired-they = This unsubscribe link has expired (they work for { $unsubscribe_days } days). Log in and choose what you get in your mail settings.
err-mail-settings-unsubscribe-link-not-valid-may = This unsubscribe link is not valid: it may have been cut short or changed. Use the whole link from the mail, or choose what you get in your mail settings.

## src/web/accounts/oidc.rs

err-oidc-providers-answer-has-no-state = The provider's answer has no state, so it cannot be trusted. Nothing was changed; please log in again.
err-oidc-provider-refused = The provider did not log you in ({ $error }).
err-oidc-provider-refused-detail = The provider did not log you in ({ $error }: { $detail }).
err-oidc-provider-did-not-complete-login = The provider did not complete the login, so you were not logged in. Please try again.
err-oidc-providers-answer-could-not-verified = The provider's answer could not be verified, so you were not logged in. Please try again.
err-oidc-username-provider-suggested-taken-cannot = The username your provider suggested is taken or cannot be used here; choose another.
err-oidc-there-no-account-link-here = There is no account to link here. Please log in again.
err-oidc-enter-password-account = Enter the password of that account.
err-oidc-not-password-account-nothing-was = That is not the password of this account. Nothing was linked.

## src/web/before_service/firmware.rs

err-firmware-only-staff-manage-firmware-releases = Only staff manage firmware releases.
err-firmware-say-whether-answer-still-works = Say whether the answer still works (works=yes) or no longer works (works=no).
err-firmware-say-whether-un-mark-solution = Say whether to un-mark the solution (decision=unmark) or keep it (decision=keep).

## src/web/before_service/ideas.rs

err-ideas-unknown-idea-status-use-proposed = Unknown idea status: use proposed, under_review, planned, shipped or declined.
err-ideas-unknown-device-pick-one-from = Unknown device: pick one from the list.

## src/web/before_service/known_issues.rs

err-known-issues-unknown-known-issue-status = Unknown known-issue status.
err-known-issues-unknown-device = Unknown device.

## src/web/before_service/owned_devices.rs

err-owned-devices-form-did-not-say-which = The form did not say which maintenance task it is about.

## src/web/discovery/search.rs

err-search-name-yes-no = '{ $name }' is yes or no.
err-search-unknown-kind-thread = Unknown kind of thread.
err-search-unknown-recovery-path = Unknown recovery path.
err-search-firmware-current-fixes-confirmed-current = 'firmware' is current (fixes confirmed on the current firmware).
err-search-sort-relevance-newest = Sort by relevance or newest.
err-search-device-not-catalogue = That device is not in the catalogue.

## src/web/discussion/home.rs

err-home-unknown-thread-status = Unknown thread status.
err-home-unknown-recovery-path = Unknown recovery path.
err-home-unknown-kind-thread = Unknown kind of thread.

## src/web/discussion/threads.rs

err-threads-form-could-not-read-e = The form could not be read: { $e }

## src/web/integrations/api/auth.rs

err-auth-token-may-only-read-make = This token may only read. Make a token with the write scope in your account settings to change things.

## src/web/integrations/api/mod.rs

err-api-json-body-could-not-read = The JSON body could not be read: { $e }

## src/web/integrations/api/write.rs

err-write-json-body-could-not-read = The JSON body could not be read: { $e }


## src/web/knowledge/media.rs

err-media-upload-could-not-read-e = The upload could not be read: { $e }
err-media-form-too-large = The form is too large.
err-media-choose-at-most-max-files = Choose at most { $max_files } photos; nothing was saved.
err-media-choose-photo-upload = Choose a photo to upload.

## src/web/language.rs

err-language-fixloop-does-not-speak-language = Fixloop does not speak that language yet.

## src/web/staff/desk.rs

err-desk-string-not-date-like-2026 = '{ $string }' is not a date like 2026-01-31.
err-desk-choose-period-1-366-days = Choose a period of 1 to 366 days.
err-desk-choose-period-1-366-days-2 = Choose a period of 1 to 366 days, the start before the end.

## src/web/staff/moderation.rs

err-moderation-unknown-audit-action = Unknown audit action.

## src/forum/before_service/firmware.rs

err-firmware-only-staff-can-record-firmware = Only staff can record firmware releases.
err-firmware-only-staff-decide-whether-solution = Only staff decide whether a solution in question is un-marked.

## src/forum/before_service/ideas.rs

err-ideas-only-staff-can-change-ideas = Only staff can change an idea's status.

## src/forum/before_service/known_issues.rs

err-known-issues-only-staff-can-open-known = Only staff can open known issues.
err-known-issues-only-staff-can-change-known = Only staff can change a known issue's status.
err-known-issues-only-staff-can-link-threads = Only staff can link threads to a known issue.
err-known-issues-only-staff-can-unlink-threads = Only staff can unlink threads from a known issue.
err-known-issues-only-staff-can-change-what = Only staff can change what a known issue advises.

## src/forum/before_service/maintenance.rs

err-maintenance-only-staff-can-change-maintenance = Only staff can change maintenance plans.

## src/forum/discovery/synonyms.rs

err-synonyms-only-staff-can-change-search = Only staff can change the search synonyms.

## src/forum/discussion/answers.rs

err-answers-only-staff-can-verify-answers = Only staff can verify answers.
err-answers-only-staff-can-revoke-verification = Only staff can revoke a verification.

## src/forum/discussion/escalations.rs

err-escalations-only-staff-can-pick-up = Only staff can pick up escalated threads.
err-escalations-only-staff-can-release-escalated = Only staff can release escalated threads.
err-escalations-page-staff = This page is for staff.

## src/forum/integrations/import.rs

err-import-only-staff-can-open-known = Only staff can open known issues.
err-import-only-staff-can-verify-answers = Only staff can verify answers.

## src/forum/integrations/webhooks.rs

err-webhooks-only-admins-can-manage-webhooks = Only admins can manage webhooks.

## src/forum/knowledge/guides.rs

err-guides-only-staff-can-hide-guide = Only staff can hide guide steps.
err-guides-only-staff-can-unhide-guide = Only staff can unhide guide steps.

## src/forum/knowledge/parts.rs

err-parts-only-staff-keep-parts-catalogue = Only staff keep the parts catalogue.

## src/forum/mod.rs

err-forum-only-admins-can-change-device = Only admins can change the device catalogue.
err-forum-only-staff-can-lift-suspensions = Only staff can lift suspensions.
err-forum-only-staff-can-suspend-members = Only staff can suspend members.

## src/forum/staff/members.rs

err-members-only-admins-can-manage-members = Only admins can manage members.

## src/forum/staff/moderation.rs

err-moderation-only-staff-can-hide-posts = Only staff can hide posts.
err-moderation-only-staff-can-unhide-posts = Only staff can unhide posts.
err-moderation-only-staff-can-review-flags = Only staff can review flags.
err-moderation-only-staff-can-lock-pin = Only staff can lock or pin threads.
err-moderation-only-staff-can-move-threads = Only staff can move threads.
err-moderation-only-staff-can-suspend-members = Only staff can suspend members.
err-moderation-only-staff-can-lift-suspensions = Only staff can lift suspensions.



## src/web/discovery/synonyms.rs

err-synonyms-page-staff = This page is for staff.


## src/web/staff/desk.rs

err-desk-page-staff = This page is for staff.

## src/web/staff/moderation.rs

err-moderation-page-staff = This page is for staff.

## src/forum/discovery/synonyms.rs

err-synonyms-keep-list-under-max-input = Keep the list under { $max_input_chars } characters.
err-synonyms-string-too-long-term-has = “{ $string }…” is too long: a term has at most { $max_term_chars } characters.
err-synonyms-term-has-more-than-max = “{ $term }” has more than { $max_term_words } words; synonyms are short names for one thing.
err-synonyms-string-has-word-longer-than = “{ $string }…” has a word longer than { $max_word_chars } characters.
err-synonyms-give-terms-mean-same-thing = Give the terms that mean the same thing, separated by commas.
err-synonyms-give-at-least-two-different = Give at least two different terms, separated by commas.
err-synonyms-group-has-at-most-max = A group has at most { $max_terms } terms (this one has { $n }); split it or leave some out.
err-synonyms-term-already-group-join-remove = “{ $term }” is already in the group “{ $join }”. Remove it there first, or leave it out here.
err-synonyms-there-max-groups-groups-already = There are { $max_groups } groups already, the most search takes; remove some first.

## src/webhooks/address.rs

err-address-give-url-send-events = Give the URL to send events to.
err-address-keep-url-under-max-url = Keep the URL under { $max_url_chars } characters.
err-address-not-url-give-one-like = That is not a URL; give one like https://tickets.example.com/hooks/fixloop.
err-address-url-must-start-with-https = The URL must start with https:// (or http://).
err-address-url-has-no-host = The URL has no host.
err-address-leave-credentials-out-url-deliveries = Leave credentials out of the URL: deliveries are signed instead.
err-address-ip-private-loopback-otherwise-non = { $ip } is a private, loopback or otherwise non-public address; tick “allow private addresses” if this webhook is meant to reach one.
err-address-name-machine-tick-allow-private = { $name } is this machine; tick “allow private addresses” if this webhook is meant to reach it.
err-address-host-name-cannot-found = The host { $name } cannot be found.
err-address-name-resolves-ip = { $name } resolves to { $ip }

## src/forum/knowledge/guides.rs

err-guides-give-time-range-minutes-e = Give the time as a range of minutes, e.g. 20 to 45, or leave both empty.

## src/forum/accounts/recovery.rs

err-recovery-link-not-valid-copy-whole = This link is not valid. Copy the whole address from the mail, or ask for a new link.
err-recovery-link-has-already-been-used = This link has already been used (or a newer one replaced it). Ask for a new link if you still need one.
err-recovery-link-has-expired-ask-new = This link has expired. Ask for a new one.
err-recovery-link-has-already-been-used-2 = This link has already been used.
err-recovery-account-no-longer-exists = This account no longer exists.
err-recovery-link-was-address-account-no = This link was for an address the account no longer uses.
err-recovery-link-no-longer-valid-account = This link is no longer valid for this account. Ask for a new one.

## src/media.rs

err-photo-too-large = That file is larger than 10 MiB.
err-photo-not-an-image = That file is not a JPEG, PNG or WebP image.
err-photo-too-many-pixels = That image is { $width } × { $height } pixels: photos may have at most 40 megapixels, and 12,000 pixels a side. Nothing was saved; please make it smaller and try again.
err-photo-too-deep = That image is { $width } × { $height } pixels at 16 bits a channel: too much to process. Nothing was saved; please save it as an ordinary (8-bit) JPEG or PNG, or smaller, and try again.
err-photo-too-large-progressive = That image is { $width } × { $height } pixels saved as a progressive JPEG: those may have at most 12 megapixels. Nothing was saved; please save it as an ordinary (baseline) JPEG, or smaller, and try again.
err-photo-unreadable = That image could not be read: it is damaged or its dimensions are absurd.
err-photo-storage = The photo could not be stored.

## src/web/mod.rs

err-page-not-page-number = '{ $page }' is not a page number.

## Notices: what a page says after something was done

err-notice-account-deleted-posts-stay-shown = The account is deleted; its posts stay, shown as by a former member.
err-notice-role-changed = The role is changed.
err-notice-member-suspended = The member is suspended.
err-notice-suspension-lifted = The suspension is lifted.
err-notice-token-revoked-no-longer-works = The token is revoked: it no longer works.
err-notice-webhook-removed = The webhook is removed.
err-notice-webhook-added-give-receiver-secret = The webhook is added. Give its receiver the secret below to check the signatures.
err-notice-webhook-changed = The webhook is changed.
err-notice-test-event-ping-queued-sent = A test event (ping) is queued: it is sent within seconds, and shows under Recent deliveries.
err-notice-delivery-queued-again-new-delivery = The delivery is queued again, as a new delivery with the same body: it shows under Recent deliveries.
err-notice-browser-logged-out = That browser is logged out.
err-notice-no-other-browser-was-logged = No other browser was logged in.
err-notice-other-browser-logged-out = The other browser is logged out.
err-notice-n-other-browsers-logged-out = The { $n } other browsers are logged out.
err-notice-all-notification-mail-off-turn = All notification mail is off. Turn kinds back on below.
err-notice-mail-settings-saved = Your mail settings are saved.
err-notice-check-mail = Check your mail
err-notice-we-sent-message-email-open = We sent a message to { $email }. Open the link in it to confirm your address.
err-notice-then-log-with-username-password = Then log in with your username and password. Until you confirm, you can read everything and post with a new member's limits.
err-notice-nothing-there-after-few-minutes = Nothing there after a few minutes? Look in your spam folder.
err-notice-log = Log in
err-notice-thank-email-address-confirmed-log = Thank you: your email address is confirmed. Log in to go on.
err-notice-address-back-everyone-else-was = Your address is back, and everyone else was logged out. Log in to go on.
err-notice-new-password-saved-every-device = Your new password is saved, and every device was logged out. Log in to go on.
err-notice-new-address-use = Your new address is in use
err-notice-settings = Settings
err-notice-mail-username-now-goes-email = Mail for { $username } now goes to { $email }. We told your old address.
err-notice-if-email-belongs-account-we = If { $email } belongs to an account, we have sent it a link to choose a new password. The link works for one hour.
err-notice-nothing-there-after-few-minutes-2 = Nothing there after a few minutes? Look in your spam folder, or try the address you signed up with.
err-notice-back-log = Back to log in
err-notice-thank-email-address-confirmed = Thank you: your email address is confirmed.
err-notice-new-password-saved-every-other = Your new password is saved, and every other device was logged out.
err-notice-password-changed-other-devices-were = Your password is changed; your other devices were logged out.
err-notice-we-sent-confirmation-link-again = We sent the confirmation link again. It works for 48 hours.
err-notice-address-back-new-password-saved = Your address is back and your new password is saved. Everyone else was logged out, API tokens were revoked and sign-ins linked since the change were removed.
err-notice-sign-removed-can-no-longer = The sign-in is removed: it can no longer log in to your account.
err-notice-we-sent-link-email-open = We sent a link to { $email }. Open it to start using that address; until then mail goes to your current one.
err-notice-bio-saved = Your bio is saved.
err-notice-new-avatar-profile = Your new avatar is on your profile.
err-notice-avatar-removed = Your avatar is removed.

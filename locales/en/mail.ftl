# Mail (templates/mail/*): subjects, bodies, the layout's footer.
# The plain-text parts keep their own line breaks (continuation lines of a
# message are joined with a line break); the HTML parts are one paragraph.

## Every mail

mail-hello = Hello { $username },
mail-footer-because-before = You get this mail because of your account at
mail-footer-because-after = .
mail-footer-stop = Stop mail like this
mail-footer-settings = Mail settings
mail-button-copy = Or copy this address into your browser:
mail-choose-link = Choose what you get, and when
# After an actor's name, before what they did ("bob answered…").
mail-actor-after = { "" }

## Verify the address of a new account

mail-verify-subject = Confirm your email address for Fixloop
mail-verify-text-intro = Welcome to Fixloop. Please confirm that this address is yours by opening:
mail-verify-text-expiry =
    The link works once and expires in { $hours } hours. Until you confirm, you can read
    everything and post with the limits of a new member.
mail-verify-ignore = If you did not create an account, ignore this mail: nothing happens without the link.
mail-verify-html-intro = Welcome to Fixloop. Please confirm that this address is yours.
mail-verify-button = Confirm my email
mail-verify-html-expiry = The link works once and expires in { $hours } hours. Until you confirm, you can read everything and post with the limits of a new member.

## Someone signed up with an address that has an account

mail-account-exists-subject = Someone tried to sign up with your address
mail-account-exists-text-intro =
    Someone (perhaps you) tried to create a new Fixloop account with this email
    address. You already have one, with the username "{ $username }".
mail-account-exists-text-login = Log in: { $url }
mail-account-exists-text-forgot = Forgot your password? { $url }
mail-account-exists-ignore = If it was not you, you can ignore this mail: no account was created.
mail-account-exists-html-intro = Someone (perhaps you) tried to create a new Fixloop account with this email address.
mail-account-exists-html-before = You already have one, with the username
mail-account-exists-html-after = .
mail-account-exists-button = Log in
mail-account-exists-html-forgot = Forgot your password?
mail-account-exists-html-forgot-link = Choose a new one

## Reset the password

mail-reset-subject = Choose a new Fixloop password
mail-reset-text-intro =
    Someone asked to reset the password of your Fixloop account. To choose a new
    one, open:
mail-reset-text-expiry =
    The link works once and expires in 1 hour. Choosing a new password logs you
    out everywhere.
mail-reset-ignore = If you did not ask for this, ignore this mail: your password stays as it is.
mail-reset-html-intro = Someone asked to reset the password of your Fixloop account.
mail-reset-button = Choose a new password
mail-reset-html-expiry = The link works once and expires in 1 hour. Choosing a new password logs you out everywhere.

## Confirm a new address

mail-confirm-email-subject = Confirm your new email address for Fixloop
mail-confirm-email-text-intro = You asked to use { $email } for your Fixloop account. To confirm, open:
mail-confirm-email-text-expiry =
    The link works once and expires in { $hours } hours. Until then, mail keeps
    going to your old address.
mail-confirm-email-html-before = You asked to use
mail-confirm-email-html-after = for your Fixloop account.
mail-confirm-email-button = Confirm this address
mail-confirm-email-html-expiry = The link works once and expires in { $hours } hours. Until then, mail keeps going to your old address.

## The address was changed (to the old address)

mail-email-changed-subject = Your Fixloop email address was changed
mail-email-changed-text-intro =
    The email address of your Fixloop account was changed to { $email }.
    Mail now goes there, not to this address.
mail-email-changed-text-undo =
    If you did not do this, put this address back (and choose a new password)
    within { $days } days:
mail-email-changed-logout = Everyone logged in to the account is then logged out.
mail-email-changed-html-before = The email address of your Fixloop account was changed to
mail-email-changed-html-after = . Mail now goes there, not to this address.
mail-email-changed-html-undo = If you did not do this, put this address back (and choose a new password) within { $days } days:
mail-email-changed-button = This wasn't me: undo the change

## The password was changed

mail-password-changed-subject = Your Fixloop password was changed
mail-password-changed-text-intro =
    The password of your Fixloop account was just changed, and every other
    session was logged out.
mail-password-changed-text-undo =
    If you did not do this, reset your password at { $url }
    and tell the forum's staff.
mail-password-changed-html-intro = The password of your Fixloop account was just changed, and every other session was logged out.
mail-password-changed-html-before = If you did not do this,
mail-password-changed-html-link = reset your password
mail-password-changed-html-after = and tell the forum's staff.

## Notifications by mail: the subject says what happened, then the thread

mail-subject-new-answer = New answer to your question: { $title }
mail-subject-new-reply = New reply in: { $title }
mail-subject-solution-accepted = Your answer was accepted: { $title }
mail-subject-verified = Staff verified your post: { $title }
mail-subject-escalation-claimed = Staff picked up your question: { $title }
mail-subject-solution-marked = Staff marked a solution on your question: { $title }
mail-subject-maintenance-due = Maintenance due: { $title }
mail-subject-escalation-opened = A member asks staff for help: { $title }
mail-subject-private-message = New private message: { $title }
mail-subject-other = { $title }
mail-notification-read = Read it
mail-notification-maintenance-button = Mark it done or snooze it
mail-notification-whole-thread = The whole thread: { $url }
mail-notification-why = You get this at once because of your choice for “{ $kind }”.
mail-notification-why-text = You get this at once because of your choice for "{ $kind }".
mail-notification-stop = Stop this kind of mail: { $url }

## What happened, after the actor's name (or alone)

mail-what-answered = answered your question
mail-what-replied = replied in a thread you follow
mail-what-solution-accepted = accepted your answer as the solution
mail-what-verified = (staff) verified your post
mail-what-escalation-claimed = (staff) picked up your request for help
mail-what-escalation-opened = asks staff for help with their question
mail-what-solution-marked = (staff) marked a solution on your question for you
mail-what-private-message = wrote to you privately about the question
mail-what-firmware-broken = says an answer no longer works on the current firmware
mail-what-firmware-reopened = (staff) confirmed members' reports that the solution no longer works on the current firmware, so the question is open again
mail-what-firmware-in-question = and other trusted members say a solution no longer works on the current firmware: please check it, then confirm or keep it
mail-what-known-issue-status = (staff) changed the status of a known issue you are affected by
mail-what-known-issue-new = (staff) opened a known issue for a device you own
mail-what-idea-status = (staff) changed the status of an idea you voted for
mail-what-solved-reminder = Did one of these answers fix it? Mark it, or tell us what is still wrong.
mail-what-maintenance-due = Maintenance is due on a device you own
mail-what-updated = updated a thread

## The kinds of mail, as the mails name them

mail-kind-answers = Answers to my questions
mail-kind-solved-reminder = “Did it get fixed?” reminders
mail-kind-followed-replies = Replies in threads I follow
mail-kind-my-answers = My answers accepted or verified
mail-kind-escalations = Staff picked up my request for help
mail-kind-staff-actions = Staff acted on my behalf
mail-kind-private-messages = Private messages about my request for help
mail-kind-firmware-reports = Fixes that stopped working after a firmware update
mail-kind-maintenance-due = Maintenance due on my devices
mail-kind-known-issue-status = Known issues that affect me
mail-kind-idea-status = Ideas I proposed or voted for
mail-kind-staff-queue = Members asking staff for help
mail-kind-other = Notifications

## A known issue's status, first in its mail

mail-known-issue-status-now = Status now:
mail-known-issue-status-investigating = Investigating
mail-known-issue-status-workaround_available = Workaround available
mail-known-issue-status-fixed = Fixed
mail-known-issue-status-closed = Closed
mail-known-issue-fixed-in = in { $version }
mail-known-issue-fixed-html = Fixed in { $version }.
mail-known-issue-fixed-html-after = Update to it and the problem should not come back.
mail-known-issue-fixed-text = Fixed in { $version }: update to it and the problem should not come back.
mail-known-issue-until-update = Until you can update
mail-known-issue-workaround = Workaround
mail-known-issue-best-fix = Best fix:
mail-known-issue-best-fix-answer-html = the verified answer in
mail-known-issue-best-fix-guide-html = the repair guide
mail-known-issue-best-fix-answer-text = Best fix, the verified answer in "{ $title }": { $url }
mail-known-issue-best-fix-guide-text = Best fix, the repair guide "{ $title }": { $url }

## The daily digest

mail-digest-subject = { $count ->
    [one] Your Fixloop digest: { $count } update
   *[other] Your Fixloop digest: { $count } updates
}
mail-digest-intro = Here is what happened since your last digest.
mail-digest-more-text = ... and { $more } more: { $url }
mail-digest-more-html-before = … and
mail-digest-more-html-link = { $more } more
mail-digest-more-html-after = .
mail-digest-why = You get one digest a day at most, with what you chose to get in it.
mail-digest-stop = Stop the digest: { $url }

## The solved reminder

mail-solved-subject = Did one of the answers fix it? { $title }
mail-solved-asked = A while ago you asked:
mail-solved-text-others =
    Others answered. Did one of these answers fix it? Mark it, or tell us what is
    still wrong:
mail-solved-text-why =
    Marking the answer that worked helps the next person with the same problem
    find it. If none did, a reply saying what you tried keeps the thread going.
mail-solved-html-others = Others answered.
mail-solved-html-question = Did one of these answers fix it? Mark it, or tell us what is still wrong.
mail-solved-button = Open the question
mail-solved-html-why = Marking the answer that worked helps the next person with the same problem find it. If none did, a reply saying what you tried keeps the thread going.
mail-solved-only-one = This is the only reminder for this question.
mail-solved-stop = Stop these reminders: { $url }

## The member's language, for pages and mail (settings/account.html, auth/register.html)

language-setting-heading = Language
language-setting-label = Language
language-setting-automatic = Automatic (your browser's language)
language-setting-hint = Pages and the mail we send you are in this language, whatever the browser says.
language-setting-register-hint = The language of the pages and of the mail we send you. You can change it in your settings.
language-setting-save = Save language
language-setting-saved = Your language is saved.

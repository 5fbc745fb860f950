# The notifications page (templates/notifications.html): what happened, said
# after the actor's name and before the thread's title.

# After an actor's name ("ada replied in").
notification-actor-after = { "" }
notification-solution-accepted = accepted your answer as the solution in
notification-solution-marked = (staff) marked a solution on your behalf in
notification-verified = (staff) verified your post in
notification-escalation-claimed = (staff) picked up your request for help in
notification-escalation-opened = asks staff for help in
notification-new-reply = replied in
notification-private-message = sent you a private message in
notification-firmware-broken = says an answer no longer works on the current firmware in
notification-firmware-in-question = and other trusted members say a solution no longer works on the current firmware; please check it and confirm or keep it:
notification-firmware-reopened = (staff) confirmed that the solution no longer works on the current firmware, so the question is open again:
notification-known-issue-status = (staff) changed the status of the known issue
notification-idea-status = (staff) changed the status of the idea
notification-known-issue-new = (staff) opened a known issue for a device you own:
notification-solved-reminder = Did one of the answers fix it? Mark it, or say what is still wrong, in
notification-maintenance-due = Maintenance is due on a device you own:
# Around the day it fell due: "Maintenance is due since <day> on a device you own:".
notification-maintenance-due-since-before = Maintenance is due since{ " " }
notification-maintenance-due-since-after = { " " }on a device you own:
notification-updated = updated
notification-fixed-in = Fixed in { $version }.
notification-until-update = Until you can update:
notification-workaround = Workaround:

# Atom feeds (web::discovery::feeds): titles of the feeds and their entries.

feed-latest-title = Fixloop: latest threads
feed-latest-subtitle = New questions, repair guides and part-swap reports
feed-solved-title = Fixloop: newly solved threads
feed-solved-subtitle = Questions that just got a fix that works
feed-device-title = { $device } · Fixloop
feed-device-subtitle = New threads about { $device } and the devices under it
feed-thread-title = Replies to “{ $title }” · Fixloop
feed-thread-subtitle = New replies in the thread “{ $title }”
feed-member-title = Threads by { $username } · Fixloop
feed-member-subtitle = Questions, guides and reports { $username } started
feed-solved-entry = Solved: { $title }
feed-reply-entry = Reply { $number } by { $author } to “{ $title }”
# An entry's category: the kind of thread.
feed-kind-troubleshooting = Troubleshooting question
feed-kind-guide = Repair guide
feed-kind-part-swap = Part-swap report
feed-kind-discussion = Discussion
feed-kind-known-issue = Known issue
feed-kind-idea = Idea

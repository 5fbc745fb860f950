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

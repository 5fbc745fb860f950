# Dates and times ago (render: the `ago` and `datetime` filters). Numbers
# come preformatted as text ($day, $year, $hour…) so each language orders
# them; $count is a number, for the plural forms.

ago-just-now = just now
ago-minutes = { $count ->
    [one] { $count } minute ago
   *[other] { $count } minutes ago
}
ago-hours = { $count ->
    [one] { $count } hour ago
   *[other] { $count } hours ago
}
ago-days = { $count ->
    [one] { $count } day ago
   *[other] { $count } days ago
}

# A day: "13 Oct 2026".
date-day = { $day } { $month-name } { $year }
# A day and time of day in UTC: "1 Dec 2026, 14:05 UTC".
date-time = { $day } { $month-name } { $year }, { $hour24 }:{ $minute } UTC
# A moment without its zone, for sentences that name it: "1 Dec 2026 14:05".
date-time-bare = { $day } { $month-name } { $year } { $hour24 }:{ $minute }
# A short day without the year (charts): "13 Oct".
date-day-short = { $day } { $month-name }
date-am = AM
date-pm = PM
date-month-1 = Jan
date-month-2 = Feb
date-month-3 = Mar
date-month-4 = Apr
date-month-5 = May
date-month-6 = Jun
date-month-7 = Jul
date-month-8 = Aug
date-month-9 = Sep
date-month-10 = Oct
date-month-11 = Nov
date-month-12 = Dec

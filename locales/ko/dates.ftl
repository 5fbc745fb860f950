# 날짜와 "… 전" (render: `ago`, `datetime` 필터).

ago-just-now = 방금
ago-minutes = { $count }분 전
ago-hours = { $count }시간 전
ago-days = { $count }일 전

date-day = { $year }년 { $month }월 { $day }일
date-time = { $year }년 { $month }월 { $day }일 { $ampm } { $hour12 }:{ $minute } UTC
date-time-bare = { $year }년 { $month }월 { $day }일 { $ampm } { $hour12 }:{ $minute }
date-day-short = { $month }월 { $day }일
date-am = 오전
date-pm = 오후
date-month-1 = 1월
date-month-2 = 2월
date-month-3 = 3월
date-month-4 = 4월
date-month-5 = 5월
date-month-6 = 6월
date-month-7 = 7월
date-month-8 = 8월
date-month-9 = 9월
date-month-10 = 10월
date-month-11 = 11월
date-month-12 = 12월

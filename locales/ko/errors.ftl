# 무언가를 할 수 없을 때 Fixloop가 하는 말: 오류 페이지, 다시 보여 주는 양식의 메시지,
# JSON API의 `message`.

## The error page

err-page-back = 포럼으로 돌아가기
err-page-log-in = 로그인
err-title-401 = 로그인해 주세요
err-title-403 = 할 수 없는 작업이에요
err-title-404 = 찾을 수 없어요
err-title-409 = 이미 사용 중이에요
err-title-422 = 입력한 내용을 확인해 주세요
err-title-503 = 잠시 이용할 수 없어요
err-title-500 = 문제가 생겼어요
err-title-other = 처리하지 못했어요

## Any error of a status, when nothing more is known

err-generic-400 = 요청을 이해하지 못했어요.
err-generic-401 = 로그인한 뒤에 할 수 있어요.
err-generic-403 = 이 작업을 할 권한이 없어요.
err-generic-404 = 이 주소에는 아무것도 없어요.
err-generic-405 = 이 주소에서는 받을 수 없는 요청이에요.
err-generic-413 = 보낸 내용이 너무 커요.
err-generic-415 = 여기서는 받을 수 없는 형식이에요.
err-generic-4xx = 요청을 처리하지 못했어요.
err-generic-503 = 지금은 포럼을 이용할 수 없어요. 잠시 후 다시 시도해 주세요.
err-generic-500 = 저희 쪽에서 문제가 생겼어요. 기록해 두었으니 다시 시도해 주세요.

## Errors of every page

err-login-required = 로그인한 뒤에 할 수 있어요.
err-csrf = 양식이 만료되었거나 이 사이트에서 보낸 것이 아니에요. 이전 페이지로 돌아가 새로 고친 뒤 다시 시도해 주세요.
err-unavailable = 지금 포럼 데이터베이스가 응답하지 않아요. 잠시 후 다시 시도해 주세요.
err-storage = 서버 저장 공간이 가득 찼거나 쓸 수 없어서 사진을 저장하지 못했어요. 아무것도 저장되지 않았어요. 나중에 다시 시도해 주세요.
err-internal = 저희 쪽에서 문제가 생겼어요. 기록해 두었으니 다시 시도해 주세요.
err-bad-token = 유효하지 않은 API 토큰이에요. 알 수 없거나, 폐기되었거나, 만료된 토큰이에요. 계정 설정에서 새로 만들어 주세요.
err-provider-down = 지금 로그인 제공자가 응답하지 않아요. 아무것도 바뀌지 않았어요. 1분 뒤에 다시 시도해 주세요.
err-already-exists = 이미 있어요({ $detail }).
err-busy = 포럼이 매우 바빠서 지금은 저장하지 못했어요. 아무것도 저장되지 않았고 작성한 내용은 아래에 그대로 있어요. 몇 초 뒤에 다시 시도해 주세요.

## Not found: AppError::NotFound(what)

err-not-found-delivery = 그 전송 기록은 없어요(또는 더 이상 없어요).
err-not-found-device = 그 기기는 없어요(또는 더 이상 없어요).
err-not-found-file = 그 파일은 없어요(또는 더 이상 없어요).
err-not-found-guide = 그 수리 가이드는 없어요(또는 더 이상 없어요).
err-not-found-idea = 그 아이디어는 없어요(또는 더 이상 없어요).
err-not-found-known-issue = 그 알려진 문제는 없어요(또는 더 이상 없어요).
err-not-found-maintenance-task = 그 점검 항목은 없어요(또는 더 이상 없어요).
err-not-found-member = 그 회원은 없어요(또는 더 이상 없어요).
err-not-found-notification = 그 알림은 없어요(또는 더 이상 없어요).
err-not-found-owned-device = 그 내 기기는 없어요(또는 더 이상 없어요).
err-not-found-page = 그 페이지는 없어요(또는 더 이상 없어요).
err-not-found-page-of-this-thread = 이 글에 그 페이지는 없어요(또는 더 이상 없어요).
err-not-found-part = 그 부품은 없어요(또는 더 이상 없어요).
err-not-found-part-swap-report = 그 부품 교체 후기는 없어요(또는 더 이상 없어요).
err-not-found-photo = 그 사진은 없어요(또는 더 이상 없어요).
err-not-found-post = 그 글은 없어요(또는 더 이상 없어요).
err-not-found-report = 그 후기는 없어요(또는 더 이상 없어요).
err-not-found-session = 그 로그인 세션은 없어요(또는 더 이상 없어요).
err-not-found-sign-in = 그 로그인 방법은 없어요(또는 더 이상 없어요).
err-not-found-sitemap = 그 사이트맵은 없어요(또는 더 이상 없어요).
err-not-found-step = 그 단계는 없어요(또는 더 이상 없어요).
err-not-found-synonym-group = 그 동의어 묶음은 없어요(또는 더 이상 없어요).
err-not-found-thread = 그 글은 없어요(또는 더 이상 없어요).
err-not-found-token = 그 토큰은 없어요(또는 더 이상 없어요).
err-not-found-user = 그 회원은 없어요(또는 더 이상 없어요).
err-not-found-webhook = 그 웹훅은 없어요(또는 더 이상 없어요).

## src/auth/extract.rs

err-extract-form-could-not-read-e = 양식을 읽지 못했어요: { $e }

## src/forum/accounts/credentials.rs

err-credentials-enter-valid-email-address-like = name@example.com처럼 올바른 이메일 주소를 입력해 주세요.
err-credentials-choose-username-3-30-characters = 사용자 이름은 3~30자로 정해 주세요.
err-credentials-names-starting-with-former-member = 'former-member-'로 시작하는 이름은 떠난 회원을 위해 남겨 두었어요.
err-credentials-usernames-use-letters-digits-only = 사용자 이름에는 글자, 숫자, '_', '-'만 쓸 수 있어요.
err-credentials-use-password-at-least-min = 비밀번호는 { $min_password_chars }자 이상으로 정해 주세요.
err-credentials-password-too-long = 비밀번호가 너무 길어요.
err-credentials-two-passwords-do-not-match = 두 비밀번호가 일치하지 않아요.
err-credentials-username-taken-choose-another = 이미 사용 중인 사용자 이름이에요. 다른 이름을 골라 주세요.
err-credentials-account-with-email-already-exists = 그 이메일로 만든 계정이 이미 있어요. 로그인할까요?
err-credentials-too-many-failed-logins-please = 로그인에 너무 많이 실패했어요. { $login_window_minutes }분 뒤에 다시 시도해 주세요.
err-credentials-only-signups-per-address-per = 한 네트워크에서는 1시간에 계정을 { $signups_per_address_per_hour }개까지만 만들 수 있어요. 나중에 다시 시도해 주세요. 입력한 내용은 아래에 그대로 있어요.

## src/forum/accounts/leaving.rs

err-leaving-admins-cannot-delete-their-own = 관리자는 자기 계정을 삭제할 수 없어요. 포럼에 늘 관리자가 있도록, 먼저 다른 관리자에게 회원으로 바꿔 달라고 요청해 주세요.
err-leaving-confirm-type-username-username-exactly = 확인을 위해 사용자 이름 { $username }을(를) 정확히 입력해 주세요. 아무것도 삭제되지 않았어요.
err-leaving-password-not-account = 이 계정의 비밀번호가 아니에요.
err-leaving-cannot-delete-own-account-from = 회원 관리 페이지에서는 자기 계정을 삭제할 수 없어요.

## src/forum/accounts/mail_preferences.rs

err-mail-preferences-there-no-kind-mail-called = “{ $shown }”(이)라는 메일 종류는 없어요. 다음 중에서 골라 주세요: { $join }.
err-mail-preferences-shown-not-choice-label-choose = “{ $shown }”은(는) “{ $label }”에 고를 수 있는 값이 아니에요. instant, digest, never 중에서 골라 주세요.
err-mail-preferences-form-named-no-kind-mail = 양식에 저장할 메일 종류가 없어요.
err-mail-preferences-shown-not-time-zone-we = “{ $shown }”은(는) 알 수 없는 시간대예요. Asia/Seoul이나 Europe/Berlin처럼 목록에서 골라 주세요.
err-mail-preferences-unsubscribe-link-mail-we-no = 더 이상 보내지 않는 메일의 수신 거부 링크예요. 메일 설정에서 받을 메일을 골라 주세요.
err-mail-preferences-digest-already-made = 요약 메일을 이미 만들었어요
err-mail-preferences-digest-lines-taken = 요약 메일 항목을 이미 가져갔어요

## src/forum/accounts/profile.rs

err-profile-keep-bio-max-bio-chars = 소개는 { $max_bio_chars }자까지 쓸 수 있어요. 지금은 { $bio }자예요.

## src/forum/accounts/recovery.rs

err-recovery-username-taken-choose-another = 이미 사용 중인 사용자 이름이에요. 다른 이름을 골라 주세요.
err-recovery-we-have-sent-several-links = 지난 1시간 동안 링크를 여러 번 보냈어요. 받은 메일(스팸 메일함도)을 확인하거나 나중에 다시 시도해 주세요.
err-recovery-address-now-used-another-account = 그 주소는 이제 다른 계정이 쓰고 있어서 내 계정으로 옮길 수 없어요.
err-recovery-address-now-belongs-another-account = 그 주소는 이제 다른 계정의 주소라서 되돌릴 수 없어요. 포럼 직원에게 알려 주세요.
err-recovery-enter-email-address-account-like = name@example.com처럼 계정의 이메일 주소를 입력해 주세요.
err-recovery-enter-valid-email-address-like = name@example.com처럼 올바른 이메일 주소를 입력해 주세요.
err-recovery-already-address = 이미 사용 중인 내 주소예요.
err-recovery-have-asked-several-changes-address = 지난 1시간 동안 주소 변경을 여러 번 요청했어요. 보내 드린 링크 중 하나를 쓰거나 나중에 다시 시도해 주세요.
err-recovery-account-has-no-password-so = 계정에 비밀번호가 없어서, 먼저 로그인 제공자로 다시 로그인해 주세요. 이 변경은 최근 { $fresh_sign_in_minutes }분 안에 로그인해야 할 수 있어요.
err-recovery-not-current-password = 현재 비밀번호가 아니에요.

## src/forum/accounts/sso.rs

err-sso-sign-not-valid-any-more = 더 이상 유효하지 않은 로그인이에요. 이미 사용했거나, 너무 오래 걸렸거나, 다른 브라우저에서 시작했어요. 아무것도 바뀌지 않았어요. 다시 로그인해 주세요.
err-sso-provider-did-not-share-valid = 제공자가 올바른 이메일 주소를 알려 주지 않았어요. Fixloop 계정에는 이메일 주소가 필요해요. 제공자 관리자에게 Fixloop에 이메일 정보를 제공해 달라고 요청해 주세요.
err-sso-account-with-email-email-already = 이메일이 { $email }인 계정이 이미 있지만, 계정 주인이 아직 Fixloop에서 주소를 확인하지 않아 연결할 수 없어요. 대신 그 계정의 비밀번호로 로그인해 주세요.
err-sso-account-was-deleted = 삭제된 계정이에요.
err-sso-sign-provider-has-not-confirmed = 로그인 제공자가 { $email }이(가) 내 주소라고 확인하지 않아서, Fixloop에서 그 주소로 계정을 만들거나 연결할 수 없어요. 제공자에서 주소를 확인한 뒤(또는 제공자 관리자에게 요청한 뒤) 다시 로그인해 주세요.
err-sso-sign-has-expired-was-finished = 로그인이 만료되었거나 이미 끝났어요. 다시 로그인해 주세요.
err-sso-account-with-email-email-was = 그사이에 이메일이 { $email }인 계정이 만들어졌어요. 다시 로그인해 주세요.
err-sso-sign-was-linked-account-meanwhile = 그사이에 이 로그인이 다른 계정에 연결되었어요. 다시 로그인해 주세요.
err-sso-only-way-log-choose-password = 로그인할 수 있는 유일한 방법이에요. 먼저 비밀번호를 정한 뒤(로그인 페이지의 "비밀번호를 잊으셨나요?"에서 링크를 메일로 받을 수 있어요) 삭제해 주세요.
err-sso-only-way-log-forum-so = 이 포럼에 로그인할 수 있는 유일한 방법이라서 삭제할 수 없어요.
err-sso-staff-log-with-provider-forum = 이 포럼의 직원은 { $provider }(으)로 로그인해요. 그곳의 직원 그룹이 누가 직원인지 정해요.

## src/forum/before_service/firmware.rs

err-firmware-untrusted = 답변이 아직 통하는지는 이메일 주소를 확인했고 평판이 { $reputation } 이상인 회원이 알려 줄 수 있어요(모르는 사람의 말만으로 해결 방법 표시를 풀면 답변한 사람이 손해를 봐요). 대신 댓글로 알려 주세요.
err-firmware-give-version-device-shows-e = 기기에 표시되는 그대로 버전을 입력해 주세요(예: 3.06).
err-firmware-keep-version-under-max-version = 버전은 { $max_version_chars }자 이내로 써 주세요.
err-firmware-version-holds-letters-digits-dots = 버전에는 글자, 숫자, 점, 대시, 밑줄, 더하기 기호, 공백만 쓸 수 있어요.
err-firmware-give-release-date-yyyy-mm = 출시일은 YYYY-MM-DD 형식으로 입력해 주세요.
err-firmware-record-release-once-out-not = 출시일 전이 아니라 출시된 뒤에 기록해 주세요.
err-firmware-keep-notes-under-max-notes = 메모는 { $max_notes_chars }자 이내로 써 주세요.
err-firmware-version-already-recorded-name = { $name }에는 { $version }이(가) 이미 기록되어 있어요.
err-firmware-thread-has-no-device-so = 이 글에는 기기가 없어서 기록할 펌웨어가 없어요. 펌웨어는 비워 두세요.
err-firmware-string-not-firmware-release-threads = { $string }은(는) 이 글의 기기에 출시된 펌웨어가 아니에요. 직원이 아직 이 기기의 펌웨어를 기록하지 않았어요.
err-firmware-string-not-firmware-release-threads-2 = { $string }은(는) 이 글의 기기에 출시된 펌웨어가 아니에요(출시된 펌웨어: { $join }).
err-firmware-own-answer-whether-still-works = 내가 쓴 답변이에요. 아직 통하는지는 직접 해 본 사람들이 알려 줘요.
err-firmware-no-firmware-version-was-recorded = 이 답변에는 기록된 펌웨어 버전이 없어요.
err-firmware-device-has-no-firmware-releases = 이 기기에는 출시된 펌웨어가 없어요.
err-firmware-answer-already-confirmed-version-current = 이 답변은 현재 펌웨어인 { $version }에서 이미 확인되었어요.
err-firmware-have-already-reported-firmware-version = 이 답변에 대해 펌웨어 { $version }에서의 결과를 이미 알려 주었어요.
err-firmware-solution-not-question-there-nothing = 이 해결 방법은 문제가 제기되지 않았어요. 결정할 것이 없어요.

## src/forum/before_service/ideas.rs

err-ideas-choose-device-idea = 아이디어가 어떤 기기에 관한 것인지 골라 주세요.
err-ideas-idea-lowercase-takes-no-more = 이 아이디어는 { $status ->
        [shipped] 출시되어서
        [declined] 거절되어서
        [planned] 계획되어 있어서
        [under_review] 검토 중이라서
       *[proposed] 제안된 상태라서
    } 더 이상 투표할 수 없어요.
err-ideas-have-already-voted-idea = 이 아이디어에 이미 투표했어요.
err-ideas-have-not-voted-idea-so = 이 아이디어에 투표하지 않아서 취소할 투표가 없어요.
err-ideas-keep-note-under-max-note = 메모는 { $max_note_chars }자 이내로 써 주세요.
err-ideas-say-why-declined-everyone-who = 거절하는 이유를 써 주세요. 투표한 모든 사람이 읽어요.

## src/forum/before_service/known_issues.rs

err-flow-choose-status = 상태를 하나 골라 주세요.
err-flow-already = 이미 “{ $status }” 상태예요.
err-flow-forward-only = 상태는 앞으로만 바뀌어요({ $flow }). 지금은 “{ $from }” 상태라서 “{ $to }”(으)로 바꿀 수 없어요.
err-flow-idea = 제안됨 → 검토 중 → 계획됨 → 출시됨 / 거절됨
err-flow-known-issue = 조사 중 → 임시 해결 방법 있음 → 해결됨 → 종료됨
err-status-proposed = 제안됨
err-status-under_review = 검토 중
err-status-planned = 계획됨
err-status-shipped = 출시됨
err-status-declined = 거절됨
err-status-investigating = 조사 중
err-status-workaround_available = 임시 해결 방법 있음
err-status-fixed = 해결됨
err-status-closed = 종료됨
err-known-issues-post-not-staff-verified-answer = 그 글은 직원 확인 답변이나 채택된 답변이 아니에요.
err-known-issues-thread-not-repair-guide = 그 글은 수리 가이드가 아니에요. 가장 좋은 해결 방법은 직원 확인 답변이나 채택된 답변(/p/…), 또는 수리 가이드(/t/…)의 링크로 입력해 주세요.
err-known-issues-best-fix-link = 가장 좋은 해결 방법은 직원 확인 답변이나 채택된 답변(/p/…), 또는 수리 가이드(/t/…)의 링크로 입력해 주세요.
err-known-issues-there-no-thread-number-id = { $id }번 글은 없어요.
err-known-issues-keep-fixed-under-max-fixed = “해결된 버전”은 { $max_fixed_in_chars }자 이내로 써 주세요.
err-known-issues-say-which-firmware-version-revision = 어떤 펌웨어 버전이나 리비전에서 해결되는지 써 주세요(예: “펌웨어 3.06”, “rev C”).
err-known-issues-keep-workaround-under-max-workaround = 임시 해결 방법은 { $max_workaround_chars }자 이내로 써 주세요.
err-known-issues-say-what-people-can-do = 해결될 때까지 할 수 있는 일(임시 해결 방법이나 가장 좋은 해결 방법)을 써 주세요. 영향을 받는 모든 사람이 가장 먼저 봐요.
err-known-issues-choose-device-affects-applies-everything = 영향을 받는 기기를 골라 주세요(그 아래의 모든 기기에 적용돼요).
err-known-issues-new-known-issue-not-closed = 새 알려진 문제는 아직 종료될 수 없어요.
err-known-issues-choose-status = 상태를 골라 주세요.
err-known-issues-not-thread = 글이 아니에요.
err-known-issues-keep-note-under-max-note = 메모는 { $max_note_chars }자 이내로 써 주세요.
err-known-issues-there-no-thread-number-thread = { $thread_id }번 글은 없어요.
err-known-issues-known-issue-cannot-linked-itself = 알려진 문제를 자기 자신에 연결할 수는 없어요.
err-known-issues-thread-known-issue-itself-link = 그 글은 그 자체가 알려진 문제예요. 질문이나 토론 글을 여기에 연결해 주세요.
err-known-issues-only-questions-merged-into-known = 알려진 문제에는 질문만 합칠 수 있어요. 다른 글은 연결해 주세요.
err-known-issues-title-already-linked-known-issue = “{ $title }”은(는) 이미 알려진 문제 “{ $other_title }”에 연결되어 있어요. 글 하나는 알려진 문제 하나에만 속해요. 먼저 그곳에서 연결을 끊어 주세요.
err-known-issues-give-threads-number-link-t = 글 번호나 링크(/t/…)를 입력해 주세요.
err-known-issues-which-thread = 어떤 글인가요?
err-known-issues-thread-not-linked-known-issue = 그 글은 이 알려진 문제에 연결되어 있지 않아요.
err-known-issues-nothing-changed-best-fix-workaround = 바뀐 것이 없어요. 이미 그 내용이 가장 좋은 해결 방법이자 임시 해결 방법이에요.
err-known-issues-have-already-said-have-problem = 이미 저도 같은 문제가 있다고 알렸어요.

## src/forum/before_service/maintenance.rs

err-maintenance-give-task-title-3-120 = 점검 항목 제목은 3~120자로 써 주세요.
err-maintenance-keep-why-matters-under-2 = “중요한 이유”는 2,000자 이내로 써 주세요.
err-maintenance-keep-usage-hint-under-200 = 사용량 기준은 200자 이내로 써 주세요.
err-maintenance-give-interval-e-g-every = 주기(예: 3개월마다)나 사용량 기준(예: 세탁 200회마다)을 입력해 주세요.
err-maintenance-choose-days-months = 일 또는 개월을 골라 주세요.
err-maintenance-interval-at-most-max-unit = 주기는 최대 { $max }{ $unit ->
        [days] 일
       *[months] 개월
    }이에요.
err-maintenance-interval-must-whole-number-greater = 주기는 0보다 큰 정수여야 해요.
err-maintenance-give-guides-number-e-g = 수리 가이드 번호(예: 7)나 주소(/t/7/…)를 입력해 주세요.
err-maintenance-thread-id-not-guide = { $id }번 글은 수리 가이드가 아니에요.
err-maintenance-there-no-guide-id = { $id }번 수리 가이드는 없어요.
err-maintenance-task-goes-use-not-date = 이 점검 항목은 날짜가 아니라 사용량 기준이라서 미룰 것이 없어요.
err-maintenance-shown-not-snooze-choose-1 = “{ $shown }”(으)로는 미룰 수 없어요. 1주 또는 1개월을 골라 주세요.

## src/forum/before_service/owned_devices.rs

err-owned-devices-what-cannot-future-today-today = { $what ->
        [done_on] 점검한 날짜는
       *[purchased_on] 구입 날짜는
    } 미래일 수 없어요(오늘은 { $today }이에요).
err-owned-devices-give-what-date-after-1900 = { $what ->
        [done_on] 점검한 날짜는
       *[purchased_on] 구입 날짜는
    } 1900년 이후 날짜로 입력해 주세요.
err-owned-devices-shown-not-date-give-what = “{ $shown }”은(는) 날짜가 아니에요. { $what ->
        [done_on] 점검한 날짜는
       *[purchased_on] 구입 날짜는
    } 2026-03-14처럼 YYYY-MM-DD 형식으로 입력해 주세요.
err-owned-devices-keep-nickname-max-nickname-chars = 별명은 { $max_nickname_chars }자까지 쓸 수 있어요.
err-owned-devices-firmware-version-has-at-most = 펌웨어 버전은 최대 { $max_firmware_chars }자예요(예: 3.05).

## src/forum/discussion/answers.rs

err-answers-only-troubleshooting-questions-have-solution = 해결 방법은 문제 해결 질문에만 있어요.
err-answers-choose-one-replies-solution = 답변 중 하나를 해결 방법으로 골라 주세요.
err-answers-thread-has-no-solution-un = 이 글에는 채택을 취소할 해결 방법이 없어요.
err-answers-verify-answer-reply-guide = 답변(댓글)이나 수리 가이드를 확인해 주세요.
err-answers-already-verified-staff = 이미 직원 확인을 받았어요.
err-answers-keep-note-under-max-note = 메모는 { $max_note_chars }자 이내로 써 주세요.
err-answers-not-verified = 직원 확인을 받지 않았어요.
err-answers-votes-replies = 투표는 답변에만 할 수 있어요.
err-answers-cannot-vote-own-reply = 내 답변에는 투표할 수 없어요.
err-answers-have-already-voted-reply = 이 답변에 이미 투표했어요.
err-answers-have-not-voted-reply = 이 답변에 투표하지 않았어요.
err-answers-only-questions-take-i-have = “저도 같은 문제가 있어요”는 질문에만 할 수 있어요.
err-answers-asked-question-yourself = 내가 올린 질문이에요.
err-answers-have-already-said-have-problem = 이미 저도 같은 문제가 있다고 알렸어요.
err-answers-own-answer-worked-me-people = 내가 쓴 답변이에요. “저도 해결됐어요”는 직접 해 본 사람들이 눌러요.
err-answers-worked-me-solution-staff-verified = “저도 해결됐어요”는 해결 방법이나 직원 확인 답변에만 할 수 있어요.
err-answers-device-not-catalogue = 기기 목록에 없는 기기예요.
err-answers-have-already-said-worked = 이미 저도 해결됐다고 알렸어요.

## src/forum/discussion/escalations.rs

err-escalations-only-person-who-asked-can = 질문한 사람만 직원에게 요청할 수 있어요.
err-escalations-staff-help-troubleshooting-questions = 직원 요청은 문제 해결 질문에만 할 수 있어요.
err-escalations-question-solved-if-fix-did = 이미 해결된 질문이에요. 해결 방법이 통하지 않았다면 먼저 채택을 취소해 주세요.
err-escalations-staff-have-already-been-asked = 이미 직원에게 요청했어요.
err-escalations-nobody-has-asked-staff-help = 이 글에는 직원 요청이 없어요.
err-escalations-another-staff-member-already-thread = 다른 직원이 이미 이 글을 맡고 있어요.
err-escalations-thread-not-waiting-staff = 이 글은 직원을 기다리고 있지 않아요.
err-escalations-nobody-has-claimed-thread = 이 글을 맡은 직원이 없어요.

## src/forum/discussion/private_messages.rs

err-private-messages-write-message-first-order-number = 먼저 메시지를 써 주세요(주문 번호, 일련번호, 해 본 것 등).
err-private-messages-keep-private-message-under-max = 1:1 문의는 { $max_chars }자 이내로 써 주세요.
err-private-messages-only-person-who-asked-staff = 이 글의 1:1 문의에는 질문한 사람과 직원만 쓸 수 있어요.
err-private-messages-private-line-open-while-staff = 1:1 문의는 이 질문이 직원에게 요청된 동안에만 열려 있어요.

## src/forum/discussion/threads.rs

err-threads-give-title-start-end-characters = 문제나 주제를 알 수 있는 제목을 { $start }~{ $end }자로 써 주세요.
err-threads-write-something-body-cannot-empty = 내용을 써 주세요. 본문은 비워 둘 수 없어요.
err-threads-post-too-long = 지금 { $kib }KiB예요. 글 하나는 최대 64KiB까지 쓸 수 있어요. 여러 글로 나눠 주세요.
err-threads-device-not-catalogue-pick-one = 기기 목록에 없는 기기예요. 목록에서 골라 주세요.
err-threads-choose-what-kind-thread = 글의 종류를 골라 주세요.
err-threads-someone-else-saved-post-at = 같은 순간에 다른 사람이 이 글을 저장했어요. 새로 고친 뒤 다시 수정해 주세요.

## src/forum/integrations/api_tokens.rs

err-api-tokens-give-token-name-start-end = 토큰 이름을 { $start }~{ $end }자로 정해 주세요(어디에 쓰는지).
err-api-tokens-choose-read-write = 읽기 또는 쓰기를 골라 주세요.
err-api-tokens-choose-how-long-token-works = 토큰을 쓸 수 있는 기간을 골라 주세요.
err-api-tokens-have-max-tokens-tokens-already = 토큰이 이미 { $max_tokens }개 있어요. 먼저 쓰지 않는 토큰을 폐기해 주세요.
err-api-tokens-token-made-more-than-api = 이 토큰으로 1분 동안 요청을 { $api_requests_per_minute }번 넘게 보냈어요. { $wait }초 뒤에 다시 시도해 주세요.

## src/forum/integrations/import.rs

err-import-known-issue-status = 알려진 문제의 상태는 investigating, workaround_available, fixed, closed 중 하나예요.
err-import-idea-status = 아이디어의 상태는 proposed, under_review, planned, shipped, declined 중 하나예요.
err-import-keep-bio-under-max-bio = 소개는 { $max_bio_chars }자 이내로 써 주세요.
err-import-password-hash-must-argon2-phc = 비밀번호 해시는 argon2 PHC 문자열($argon2id$v=19$...)이어야 해요. 비밀번호가 없으면 빼 주세요.
err-import-guides-difficulty-easy-moderate-difficult = 수리 가이드의 난이도는 easy, moderate, difficult, very_difficult 중 하나예요. “{ $string }”은(는) 쓸 수 없어요.
err-import-time-range-minutes-give-both = 시간은 분 단위 범위예요. time_min과 time_max를 모두 쓰거나 둘 다 빼 주세요.
err-import-give-time-whole-minutes-from = 시간은 1~10000 사이의 정수 분으로 써 주세요.
err-import-time-range-minutes-time-min = 시간은 분 단위 범위예요. time_min({ $min })이 time_max({ $max })보다 커요.
err-import-one-item-string-r-has = 항목 하나에 문자열 하나예요. “{ $r }”에 줄바꿈이 있어요.
err-import-keep-tool-part-lists-under = 공구와 부품 목록은 각각 4,000자 이내로 써 주세요.
err-import-conclusion-can-at-most-64 = 마무리는 최대 64KiB까지 쓸 수 있어요.
err-import-only-guides-kind-guide-have = { $join }은(는) 수리 가이드(kind guide)에만 있어요. 이 글의 종류는 { $kind }예요.
err-import-known-issues-ideas-about-device = 알려진 문제와 아이디어는 기기에 관한 것이에요.
err-import-part-swap-report-names-part = 부품 교체 후기에는 부품과 결과가 있어야 해요.
err-import-only-ideas-take-votes-thread = 글에 대한 투표는 아이디어에만 할 수 있어요. 답변에 투표하려면 `post`를 써 주세요.
err-import-steps-belong-guides-threads-kind = 단계는 수리 가이드에만 있어요. 이 글의 종류는 { $kind }예요.

## src/forum/integrations/webhooks.rs

err-webhooks-name-not-event-choose-from = “{ $name }”은(는) 이벤트가 아니에요. 다음 중에서 골라 주세요: { $join }.
err-webhooks-choose-at-least-one-event = 보낼 이벤트를 하나 이상 골라 주세요.

## src/forum/knowledge/devices.rs

err-devices-give-device-name-2-100 = 기기 이름은 2~100자로 써 주세요.
err-devices-choose-maker-product-line-model = 제조사, 제품군, 모델, 리비전 중에서 골라 주세요.
err-devices-url-name-uses-lower-case = URL 이름에는 영문 소문자, 숫자, 대시 하나씩만 쓸 수 있어요(예: modulo-13-mainboard-b).
err-devices-url-name-reserved-choose-another = 예약된 URL 이름이에요. 다른 이름을 골라 주세요.
err-devices-keep-description-under-16-kib = 설명은 16KiB 이내로 써 주세요.
err-devices-another-device-already-uses-url = 다른 기기가 이미 그 URL 이름을 쓰고 있어요.
err-devices-parent-device-does-not-exist = 그 상위 기기는 없어요.
err-devices-only-maker-sits-at-top = 기기 목록의 맨 위에는 제조사만 올 수 있어요. 상위 기기를 골라 주세요.
err-devices-kind-cannot-sit-under-parent = { $kind ->
        [maker] 제조사는
        [line] 제품군은
        [model] 모델은
       *[revision] 리비전은
    } { $parent_kind ->
        [maker] 제조사
        [line] 제품군
        [model] 모델
       *[revision] 리비전
    } 아래에 둘 수 없어요.
err-devices-device-at-top-catalogue-maker = 기기 목록의 맨 위에 있는 기기는 제조사예요.
err-devices-some-devices-under-one-would = 그러면 이 기기 아래의 일부 기기가 같은 단계나 더 위에 놓이게 돼요.

## src/forum/knowledge/guides.rs

err-guides-only-guides-author-staff-can = 수리 가이드는 작성자와 직원만 수정할 수 있어요.
err-guides-conclusion-can-at-most-64 = 마무리는 최대 64KiB까지 쓸 수 있어요.
err-guides-choose-how-difficult-repair-not = 수리 난이도를 고르거나 “정하지 않음”을 골라 주세요.
err-guides-keep-tool-part-lists-under = 공구와 부품 목록은 각각 4,000자 이내로 써 주세요.
err-guides-part-not-number-another-guide = “{ $part }”은(는) 다른 수리 가이드의 번호가 아니에요.
err-guides-give-step-title-up-200 = 단계 제목은 200자 이내로 써 주세요.
err-guides-describe-what-do-step = 이 단계에서 할 일을 설명해 주세요.
err-guides-step-can-at-most-64 = 단계 하나는 최대 64KiB까지 쓸 수 있어요.
err-guides-keep-cautions-notes-under-500 = 주의 사항과 메모는 500자 이내로 써 주세요.
err-guides-choose-position-from-1-last = 1~{ $last } 사이의 위치를 골라 주세요.
err-guides-move-step-up-down = 단계는 위나 아래로 옮길 수 있어요.
err-guides-step-position-cannot-move-direction = { $position }단계는 { $direction ->
        [up] 위로
       *[down] 아래로
    } 옮길 수 없어요.
err-guides-say-whether-repair-worked = 수리가 잘 됐는지 알려 주세요.
err-guides-keep-comment-under-1-000 = 의견은 1,000자 이내로 써 주세요.
err-guides-wrote-guide-i-did-repair = 내가 쓴 수리 가이드예요. “이 수리를 해 봤어요”는 가이드를 따라 한 사람들이 눌러요.
err-guides-device-not-catalogue = 기기 목록에 없는 기기예요.
err-guides-have-already-recorded-repair = 이 수리를 이미 기록했어요.
err-guides-give-reason-up-200-characters = 이유를 200자 이내로 써 주세요. 작성자와 읽는 사람들이 봐요.
err-guides-step-not-hidden = 숨겨진 단계가 아니에요.

## src/forum/knowledge/parts.rs

err-parts-give-part-name-2-120 = 부품 이름은 2~120자로 써 주세요.
err-parts-keep-part-number-under-80 = 부품 번호는 80자 이내로 써 주세요.
err-parts-url-name-uses-lower-case = URL 이름에는 영문 소문자, 숫자, 대시만 쓸 수 있어요.
err-parts-another-part-already-uses-url = 다른 부품이 이미 그 URL 이름을 쓰고 있어요.
err-parts-line-not-device-catalogue = “{ $line }”은(는) 기기 목록에 없는 기기예요.
err-parts-keep-description-under-16-kib = 설명은 16KiB 이내로 써 주세요.
err-parts-choose-part-swapped = 교체해 넣은 부품을 골라 주세요.
err-parts-typed-not-catalogue-pick-one = “{ $typed }”은(는) 목록에 없어요. 이름을 입력할 때 나오는 목록에서 부품을 골라 주세요.
err-parts-choose-device-revision-part-went = 부품을 넣은 기기(리비전)를 골라 주세요.
err-parts-say-how-went-works-works = 결과를 알려 주세요: 잘 됨, 조건부로 됨, 맞지 않음.
err-parts-keep-what-had-do-under = “해야 했던 작업”은 4,000자 이내로 써 주세요.
err-parts-say-whether-matched-experience = 내 경험과 같았는지 알려 주세요.
err-parts-keep-comment-under-1-000 = 의견은 1,000자 이내로 써 주세요.
err-parts-own-report-confirmations-come-from = 내가 쓴 후기예요. 확인은 다른 사람들이 해요.
err-parts-device-not-catalogue = 기기 목록에 없는 기기예요.
err-parts-have-already-confirmed-disputed-report = 이 후기에 이미 확인하거나 이의를 제기했어요.

## src/forum/knowledge/photos.rs

err-photos-can-only-change-own-avatar = 내 프로필 사진만 바꿀 수 있어요.
err-photos-there-already-max-photos-here = 여기에는 이미 사진이 { $max }장 있어요. 더 올릴 수 없어요.
err-photos-photo-already-here = 이미 올린 사진이에요.
err-photos-upload-limit = { $who ->
        [new] 새 회원은
       *[members] 회원은
    } 1시간에 사진을 { $limit }장까지 올릴 수 있어요. 아무것도 저장되지 않았어요. 약 { $minutes }분 뒤에 다시 시도해 주세요.
err-photos-many-photos-being-processed-right = 지금 처리 중인 사진이 많아서 이 사진을 받지 못했어요. 아무것도 저장되지 않았어요. 몇 초 뒤에 다시 시도해 주세요.
err-photos-post-can-have-at-most = 글 하나에는 사진을 { $max_post_photos }장까지 올릴 수 있어요. 줄여 주세요.

## src/forum/mod.rs

err-forum-confirm-address-first = 먼저 이메일 주소를 확인해 주세요. 그전까지는 1:1 문의를 { $count }개까지 보낼 수 있어요. 보내 드린 메일의 링크를 열어 주세요(설정에서 다시 보내 달라고 할 수도 있어요). 작성한 내용은 아래에 그대로 있어요.
err-forum-new-members-can-post-new = 새 회원은 1시간에 { $new_member_posts_per_hour }번까지 글을 쓸 수 있어요. 잠시 기다려 주세요. 작성한 내용은 아래에 그대로 있어요.
err-forum-first-new-member-link-free = 처음 쓰는 글 { $new_member_link_free_posts }개에는 링크나 이미지를 넣을 수 없어요(스팸을 막기 위해서예요). 지금은 말로 설명해 주세요.
err-forum-can-send-per-hour-private = 1:1 문의는 1시간에 { $per_hour }개까지 보낼 수 있어요. 잠시 기다려 주세요(앞서 보낸 문의는 직원에게 전달되었어요). 작성한 내용은 아래에 그대로 있어요.
err-forum-can-ask-staff-help-per = 직원 요청은 하루에 질문 { $per_day }개까지 할 수 있어요. 내일까지 기다리거나, 직원이 이미 맡은 질문의 1:1 문의에 써 주세요.
err-forum-account-suspended-until-m-utc = { $until }(UTC)까지 계정이 정지되었어요. 글은 읽을 수 있지만 쓸 수는 없어요.
err-forum-can-only-edit-own-posts = 내 글만 수정할 수 있어요.
err-forum-cannot-lift-own-suspension = 내 정지는 직접 풀 수 없어요.
err-forum-cannot-suspend-yourself = 나 자신을 정지할 수는 없어요.
err-forum-only-admins-can-lift-staff = 직원의 정지는 관리자만 풀 수 있어요.
err-forum-only-admins-can-suspend-staff = 직원은 관리자만 정지할 수 있어요.
err-forum-only-person-who-asked-staff = 해결 방법은 질문한 사람(또는 직원)만 고를 수 있어요.
err-forum-thread-locked-takes-no-new = 잠긴 글이에요. 새 답변을 받지 않아요.

## src/forum/staff/members.rs

err-members-search-with-at-most-max = 검색어는 { $max_query_chars }자 이내로 써 주세요.
err-members-list-cannot-sorted-shown-choose = 목록을 “{ $shown }” 기준으로 정렬할 수 없어요. name, role, joined, seen, posts, reputation 중에서 골라 주세요.
err-members-sort-list-asc-desc = 목록은 “asc” 또는 “desc”로 정렬해 주세요.
err-members-choose-member-staff-admin = 회원, 직원, 관리자 중에서 골라 주세요.
err-members-cannot-remove-own-admin-role = 내 관리자 역할은 직접 없앨 수 없어요. 다른 관리자가 할 수 있어요.
err-members-username-already-role = { $username }은(는) 이미 { $role ->
        [admin] 관리자
        [staff] 직원
       *[member] 회원
    }이에요.

## src/forum/staff/moderation.rs

err-moderation-choose-why-flagging-post = 이 글을 신고하는 이유를 골라 주세요.
err-moderation-keep-note-under-500-characters = 메모는 500자 이내로 써 주세요.
err-moderation-cannot-flag-own-post = 내 글은 신고할 수 없어요.
err-moderation-have-already-flagged-post = 이 글을 이미 신고했어요.
err-moderation-give-reason-up-200-characters = 이유를 200자 이내로 써 주세요. 작성자와 읽는 사람들이 봐요.
err-moderation-post-not-hidden = 숨겨진 글이 아니에요.
err-moderation-post-has-no-open-flags = 이 글에는 처리할 신고가 없어요.
err-moderation-unknown-thread-action = 알 수 없는 글 작업이에요.
err-moderation-device-not-catalogue = 기기 목록에 없는 기기예요.
err-moderation-suspend-1-3650-days = 정지 기간은 1~3650일로 정해 주세요.
err-moderation-give-reason-up-200-characters-2 = 이유를 200자 이내로 써 주세요. 회원이 이 이유를 봐요.

## src/lib.rs

err-lib-address-has-malformed-parameter-e = 주소에 잘못된 매개변수가 있어요: { $e }

## src/web/accounts/account_data.rs

err-account-data-not-current-password-nothing-was = 현재 비밀번호가 아니에요. 아무것도 삭제되지 않았어요.
err-account-data-too-many-wrong-passwords-please = 비밀번호를 너무 많이 틀렸어요. { $minutes }분 뒤에 다시 시도해 주세요. 아무것도 삭제되지 않았어요.

## src/web/accounts/auth.rs

err-auth-enter-username-email-password = 사용자 이름(또는 이메일)과 비밀번호를 입력해 주세요.
err-auth-logging-with-password-switched-off = 이 포럼에서는 비밀번호로 로그인할 수 없어요. 대신 { $name }(으)로 로그인해 주세요.
err-auth-username-email-password-do-not = 사용자 이름 또는 이메일과 비밀번호가 맞는 계정이 없어요.

## src/web/accounts/mail_settings.rs

err-mail-settings-unsubscribe-link-has-no-token = 이 수신 거부 링크에는 토큰이 없어요. 메일에 있는 링크 전체를 쓰거나, 메일 설정에서 받을 메일을 골라 주세요.
err-mail-settings-unsubscribe-link-has-expired-they = 이 수신 거부 링크는 만료되었어요(링크는 { $unsubscribe_days }일 동안 쓸 수 있어요). 로그인한 뒤 메일 설정에서 받을 메일을 골라 주세요.
err-mail-settings-unsubscribe-link-not-valid-may = 유효하지 않은 수신 거부 링크예요. 잘렸거나 바뀌었을 수 있어요. 메일에 있는 링크 전체를 쓰거나, 메일 설정에서 받을 메일을 골라 주세요.

## src/web/accounts/oidc.rs

err-oidc-providers-answer-has-no-state = 제공자의 응답에 state 값이 없어서 믿을 수 없어요. 아무것도 바뀌지 않았어요. 다시 로그인해 주세요.
err-oidc-provider-refused = 제공자가 로그인을 허락하지 않았어요({ $error }).
err-oidc-provider-refused-detail = 제공자가 로그인을 허락하지 않았어요({ $error }: { $detail }).
err-oidc-provider-did-not-complete-login = 제공자가 로그인을 마치지 않아서 로그인되지 않았어요. 다시 시도해 주세요.
err-oidc-providers-answer-could-not-verified = 제공자의 응답을 확인할 수 없어서 로그인되지 않았어요. 다시 시도해 주세요.
err-oidc-username-provider-suggested-taken-cannot = 제공자가 제안한 사용자 이름은 이미 사용 중이거나 여기서 쓸 수 없어요. 다른 이름을 골라 주세요.
err-oidc-there-no-account-link-here = 여기에 연결할 계정이 없어요. 다시 로그인해 주세요.
err-oidc-enter-password-account = 그 계정의 비밀번호를 입력해 주세요.
err-oidc-not-password-account-nothing-was = 이 계정의 비밀번호가 아니에요. 아무것도 연결되지 않았어요.

## src/web/before_service/firmware.rs

err-firmware-only-staff-manage-firmware-releases = 펌웨어 출시는 직원만 관리할 수 있어요.
err-firmware-say-whether-answer-still-works = 답변이 아직 통하는지(works=yes) 더 이상 통하지 않는지(works=no) 알려 주세요.
err-firmware-say-whether-un-mark-solution = 해결 방법 채택을 취소할지(decision=unmark) 유지할지(decision=keep) 알려 주세요.

## src/web/before_service/ideas.rs

err-ideas-unknown-idea-status-use-proposed = 알 수 없는 아이디어 상태예요. proposed, under_review, planned, shipped, declined 중 하나를 써 주세요.
err-ideas-unknown-device-pick-one-from = 알 수 없는 기기예요. 목록에서 골라 주세요.

## src/web/before_service/known_issues.rs

err-known-issues-unknown-known-issue-status = 알 수 없는 알려진 문제 상태예요.
err-known-issues-unknown-device = 알 수 없는 기기예요.

## src/web/before_service/owned_devices.rs

err-owned-devices-form-did-not-say-which = 어떤 점검 항목에 관한 양식인지 알 수 없어요.

## src/web/discovery/search.rs

err-search-name-yes-no = '{ $name }'은(는) yes 또는 no예요.
err-search-unknown-kind-thread = 알 수 없는 글 종류예요.
err-search-unknown-recovery-path = 알 수 없는 해결 경로예요.
err-search-firmware-current-fixes-confirmed-current = 'firmware' 값은 current예요(현재 펌웨어에서 확인된 해결 방법).
err-search-sort-relevance-newest = 관련도순 또는 최신순으로 정렬해 주세요.
err-search-device-not-catalogue = 기기 목록에 없는 기기예요.

## src/web/discussion/home.rs

err-home-unknown-thread-status = 알 수 없는 글 상태예요.
err-home-unknown-recovery-path = 알 수 없는 해결 경로예요.
err-home-unknown-kind-thread = 알 수 없는 글 종류예요.

## src/web/discussion/threads.rs

err-threads-form-could-not-read-e = 양식을 읽지 못했어요: { $e }

## src/web/integrations/api/auth.rs

err-auth-token-may-only-read-make = 이 토큰은 읽기만 할 수 있어요. 무언가를 바꾸려면 계정 설정에서 쓰기 권한이 있는 토큰을 만들어 주세요.

## src/web/integrations/api/mod.rs

err-api-json-body-could-not-read = JSON 본문을 읽지 못했어요: { $e }

## src/web/integrations/api/write.rs

err-write-json-body-could-not-read = JSON 본문을 읽지 못했어요: { $e }


## src/web/knowledge/media.rs

err-media-upload-could-not-read-e = 올린 파일을 읽지 못했어요: { $e }
err-media-form-too-large = 양식이 너무 커요.
err-media-choose-at-most-max-files = 사진은 { $max_files }장까지 고를 수 있어요. 아무것도 저장되지 않았어요.
err-media-choose-photo-upload = 올릴 사진을 골라 주세요.

## src/web/language.rs

err-language-fixloop-does-not-speak-language = Fixloop는 아직 그 언어를 지원하지 않아요.

## src/web/staff/desk.rs

err-desk-string-not-date-like-2026 = '{ $string }'은(는) 2026-01-31 같은 날짜가 아니에요.
err-desk-choose-period-1-366-days = 기간은 1~366일로 골라 주세요.
err-desk-choose-period-1-366-days-2 = 기간은 1~366일로, 시작일이 종료일보다 앞서게 골라 주세요.

## src/web/staff/moderation.rs

err-moderation-unknown-audit-action = 알 수 없는 감사 기록 작업이에요.

## src/forum/before_service/firmware.rs

err-firmware-only-staff-can-record-firmware = 펌웨어 출시는 직원만 기록할 수 있어요.
err-firmware-only-staff-decide-whether-solution = 문제가 제기된 해결 방법의 채택 취소는 직원만 결정할 수 있어요.

## src/forum/before_service/ideas.rs

err-ideas-only-staff-can-change-ideas = 아이디어의 상태는 직원만 바꿀 수 있어요.

## src/forum/before_service/known_issues.rs

err-known-issues-only-staff-can-open-known = 알려진 문제는 직원만 등록할 수 있어요.
err-known-issues-only-staff-can-change-known = 알려진 문제의 상태는 직원만 바꿀 수 있어요.
err-known-issues-only-staff-can-link-threads = 알려진 문제에 글을 연결하는 것은 직원만 할 수 있어요.
err-known-issues-only-staff-can-unlink-threads = 알려진 문제에서 글 연결을 끊는 것은 직원만 할 수 있어요.
err-known-issues-only-staff-can-change-what = 알려진 문제의 안내 내용은 직원만 바꿀 수 있어요.

## src/forum/before_service/maintenance.rs

err-maintenance-only-staff-can-change-maintenance = 점검 계획은 직원만 바꿀 수 있어요.

## src/forum/discovery/synonyms.rs

err-synonyms-only-staff-can-change-search = 검색 동의어는 직원만 바꿀 수 있어요.

## src/forum/discussion/answers.rs

err-answers-only-staff-can-verify-answers = 답변은 직원만 확인할 수 있어요.
err-answers-only-staff-can-revoke-verification = 직원 확인은 직원만 취소할 수 있어요.

## src/forum/discussion/escalations.rs

err-escalations-only-staff-can-pick-up = 직원 요청 글은 직원만 맡을 수 있어요.
err-escalations-only-staff-can-release-escalated = 직원 요청 글은 직원만 내려놓을 수 있어요.
err-escalations-page-staff = 직원용 페이지예요.

## src/forum/integrations/import.rs

err-import-only-staff-can-open-known = 알려진 문제는 직원만 등록할 수 있어요.
err-import-only-staff-can-verify-answers = 답변은 직원만 확인할 수 있어요.

## src/forum/integrations/webhooks.rs

err-webhooks-only-admins-can-manage-webhooks = 웹훅은 관리자만 관리할 수 있어요.

## src/forum/knowledge/guides.rs

err-guides-only-staff-can-hide-guide = 수리 가이드 단계는 직원만 숨길 수 있어요.
err-guides-only-staff-can-unhide-guide = 숨긴 수리 가이드 단계는 직원만 다시 보이게 할 수 있어요.

## src/forum/knowledge/parts.rs

err-parts-only-staff-keep-parts-catalogue = 부품 목록은 직원만 관리할 수 있어요.

## src/forum/mod.rs

err-forum-only-admins-can-change-device = 기기 목록은 관리자만 바꿀 수 있어요.
err-forum-only-staff-can-lift-suspensions = 정지는 직원만 풀 수 있어요.
err-forum-only-staff-can-suspend-members = 회원은 직원만 정지할 수 있어요.

## src/forum/staff/members.rs

err-members-only-admins-can-manage-members = 회원 관리는 관리자만 할 수 있어요.

## src/forum/staff/moderation.rs

err-moderation-only-staff-can-hide-posts = 글은 직원만 숨길 수 있어요.
err-moderation-only-staff-can-unhide-posts = 숨긴 글은 직원만 다시 보이게 할 수 있어요.
err-moderation-only-staff-can-review-flags = 신고는 직원만 검토할 수 있어요.
err-moderation-only-staff-can-lock-pin = 글은 직원만 잠그거나 고정할 수 있어요.
err-moderation-only-staff-can-move-threads = 글은 직원만 옮길 수 있어요.
err-moderation-only-staff-can-suspend-members = 회원은 직원만 정지할 수 있어요.
err-moderation-only-staff-can-lift-suspensions = 정지는 직원만 풀 수 있어요.



## src/web/discovery/synonyms.rs

err-synonyms-page-staff = 직원용 페이지예요.


## src/web/staff/desk.rs

err-desk-page-staff = 직원용 페이지예요.

## src/web/staff/moderation.rs

err-moderation-page-staff = 직원용 페이지예요.

## src/forum/discovery/synonyms.rs

err-synonyms-keep-list-under-max-input = 목록은 { $max_input_chars }자 이내로 써 주세요.
err-synonyms-string-too-long-term-has = “{ $string }…”은(는) 너무 길어요. 검색어 하나는 최대 { $max_term_chars }자예요.
err-synonyms-term-has-more-than-max = “{ $term }”은(는) { $max_term_words }단어가 넘어요. 동의어는 한 가지를 가리키는 짧은 이름이에요.
err-synonyms-string-has-word-longer-than = “{ $string }…”에 { $max_word_chars }자보다 긴 단어가 있어요.
err-synonyms-give-terms-mean-same-thing = 같은 뜻의 검색어를 쉼표로 구분해서 써 주세요.
err-synonyms-give-at-least-two-different = 서로 다른 검색어를 쉼표로 구분해서 두 개 이상 써 주세요.
err-synonyms-group-has-at-most-max = 묶음 하나에는 검색어가 최대 { $max_terms }개예요(지금은 { $n }개). 나누거나 일부를 빼 주세요.
err-synonyms-term-already-group-join-remove = “{ $term }”은(는) 이미 “{ $join }” 묶음에 있어요. 먼저 그곳에서 빼거나, 여기서 빼 주세요.
err-synonyms-there-max-groups-groups-already = 묶음이 이미 { $max_groups }개로, 검색이 받을 수 있는 최대치예요. 먼저 일부를 지워 주세요.

## src/webhooks/address.rs

err-address-give-url-send-events = 이벤트를 보낼 URL을 입력해 주세요.
err-address-keep-url-under-max-url = URL은 { $max_url_chars }자 이내로 써 주세요.
err-address-not-url-give-one-like = URL이 아니에요. https://tickets.example.com/hooks/fixloop 같은 URL을 입력해 주세요.
err-address-url-must-start-with-https = URL은 https://(또는 http://)로 시작해야 해요.
err-address-url-has-no-host = URL에 호스트가 없어요.
err-address-leave-credentials-out-url-deliveries = URL에 인증 정보를 넣지 마세요. 전송 내용은 서명으로 확인해요.
err-address-ip-private-loopback-otherwise-non = { $ip }은(는) 사설, 루프백 또는 그 밖의 공개되지 않은 주소예요. 이 웹훅이 그런 주소로 보내야 한다면 “사설 주소 허용”을 선택해 주세요.
err-address-name-machine-tick-allow-private = { $name }은(는) 이 서버예요. 이 웹훅이 이 서버로 보내야 한다면 “사설 주소 허용”을 선택해 주세요.
err-address-host-name-cannot-found = 호스트 { $name }을(를) 찾을 수 없어요.
err-address-name-resolves-ip = { $name }의 주소: { $ip }

## src/forum/knowledge/guides.rs

err-guides-give-time-range-minutes-e = 시간은 분 단위 범위(예: 20~45분)로 쓰거나 둘 다 비워 두세요.

## src/forum/accounts/recovery.rs

err-recovery-link-not-valid-copy-whole = 유효하지 않은 링크예요. 메일에 있는 주소 전체를 복사하거나 새 링크를 요청해 주세요.
err-recovery-link-has-already-been-used = 이미 사용한 링크예요(또는 더 새로운 링크로 바뀌었어요). 아직 필요하다면 새 링크를 요청해 주세요.
err-recovery-link-has-expired-ask-new = 만료된 링크예요. 새 링크를 요청해 주세요.
err-recovery-link-has-already-been-used-2 = 이미 사용한 링크예요.
err-recovery-account-no-longer-exists = 더 이상 없는 계정이에요.
err-recovery-link-was-address-account-no = 계정이 더 이상 쓰지 않는 주소의 링크예요.
err-recovery-link-no-longer-valid-account = 이 계정에서는 더 이상 유효하지 않은 링크예요. 새 링크를 요청해 주세요.

## src/media.rs

err-photo-too-large = 10MiB보다 큰 파일이에요.
err-photo-not-an-image = JPEG, PNG, WebP 이미지가 아니에요.
err-photo-too-many-pixels = 이 이미지는 { $width } × { $height }픽셀이에요. 사진은 최대 4,000만 화소, 한 변 12,000픽셀까지 올릴 수 있어요. 아무것도 저장되지 않았어요. 크기를 줄인 뒤 다시 시도해 주세요.
err-photo-too-deep = 이 이미지는 채널당 16비트인 { $width } × { $height }픽셀 이미지라서 처리하기에 너무 커요. 아무것도 저장되지 않았어요. 일반(8비트) JPEG이나 PNG로, 또는 더 작게 저장한 뒤 다시 시도해 주세요.
err-photo-too-large-progressive = 이 이미지는 프로그레시브 JPEG으로 저장된 { $width } × { $height }픽셀 이미지예요. 프로그레시브 JPEG은 최대 1,200만 화소까지 올릴 수 있어요. 아무것도 저장되지 않았어요. 일반(베이스라인) JPEG으로, 또는 더 작게 저장한 뒤 다시 시도해 주세요.
err-photo-unreadable = 이미지를 읽을 수 없어요. 파일이 손상되었거나 크기 정보가 올바르지 않아요.
err-photo-storage = 사진을 저장하지 못했어요.

## src/web/mod.rs

err-page-not-page-number = '{ $page }'은(는) 페이지 번호가 아니에요.

## Notices: what a page says after something was done

err-notice-account-deleted-posts-stay-shown = 계정을 삭제했어요. 글은 남아 있고, 떠난 회원의 글로 보여요.
err-notice-role-changed = 역할을 바꿨어요.
err-notice-member-suspended = 회원을 정지했어요.
err-notice-suspension-lifted = 정지를 풀었어요.
err-notice-token-revoked-no-longer-works = 토큰을 폐기했어요. 이제 쓸 수 없어요.
err-notice-webhook-removed = 웹훅을 삭제했어요.
err-notice-webhook-added-give-receiver-secret = 웹훅을 추가했어요. 받는 쪽에서 서명을 확인할 수 있도록 아래 비밀 값을 알려 주세요.
err-notice-webhook-changed = 웹훅을 수정했어요.
err-notice-test-event-ping-queued-sent = 테스트 이벤트(ping)를 대기열에 넣었어요. 몇 초 안에 보내지고 최근 전송 기록에 나타나요.
err-notice-delivery-queued-again-new-delivery = 같은 내용으로 새 전송을 대기열에 다시 넣었어요. 최근 전송 기록에 나타나요.
err-notice-browser-logged-out = 그 브라우저에서 로그아웃했어요.
err-notice-no-other-browser-was-logged = 로그인된 다른 브라우저가 없었어요.
err-notice-other-browser-logged-out = 다른 브라우저에서 로그아웃했어요.
err-notice-n-other-browsers-logged-out = 다른 브라우저 { $n }개에서 로그아웃했어요.
err-notice-all-notification-mail-off-turn = 알림 메일을 모두 껐어요. 아래에서 다시 켤 수 있어요.
err-notice-mail-settings-saved = 메일 설정을 저장했어요.
err-notice-check-mail = 메일을 확인해 주세요
err-notice-we-sent-message-email-open = { $email }(으)로 메일을 보냈어요. 메일의 링크를 열어 주소를 확인해 주세요.
err-notice-then-log-with-username-password = 그다음 사용자 이름과 비밀번호로 로그인해 주세요. 확인하기 전까지는 모든 글을 읽을 수 있고, 새 회원 제한 안에서 글을 쓸 수 있어요.
err-notice-nothing-there-after-few-minutes = 몇 분이 지나도 메일이 없나요? 스팸 메일함을 확인해 주세요.
err-notice-log = 로그인
err-notice-thank-email-address-confirmed-log = 고마워요. 이메일 주소를 확인했어요. 로그인해서 계속해 주세요.
err-notice-address-back-everyone-else-was = 주소를 되돌렸고, 다른 모든 기기는 로그아웃되었어요. 로그인해서 계속해 주세요.
err-notice-new-password-saved-every-device = 새 비밀번호를 저장했고, 모든 기기에서 로그아웃되었어요. 로그인해서 계속해 주세요.
err-notice-new-address-use = 새 주소를 쓰고 있어요
err-notice-settings = 설정
err-notice-mail-username-now-goes-email = 이제 { $username }님의 메일은 { $email }(으)로 가요. 이전 주소로도 알려 드렸어요.
err-notice-if-email-belongs-account-we = { $email }이(가) 계정의 주소라면, 새 비밀번호를 정할 수 있는 링크를 보냈어요. 링크는 1시간 동안 쓸 수 있어요.
err-notice-nothing-there-after-few-minutes-2 = 몇 분이 지나도 메일이 없나요? 스팸 메일함을 확인하거나, 가입할 때 쓴 주소로 다시 시도해 주세요.
err-notice-back-log = 로그인으로 돌아가기
err-notice-thank-email-address-confirmed = 고마워요. 이메일 주소를 확인했어요.
err-notice-new-password-saved-every-other = 새 비밀번호를 저장했고, 다른 모든 기기에서 로그아웃되었어요.
err-notice-password-changed-other-devices-were = 비밀번호를 바꿨어요. 다른 기기에서는 로그아웃되었어요.
err-notice-we-sent-confirmation-link-again = 확인 링크를 다시 보냈어요. 48시간 동안 쓸 수 있어요.
err-notice-address-back-new-password-saved = 주소를 되돌리고 새 비밀번호를 저장했어요. 다른 모든 기기는 로그아웃되었고, API 토큰은 폐기되었고, 변경 이후 연결된 로그인 방법은 삭제되었어요.
err-notice-sign-removed-can-no-longer = 로그인 방법을 삭제했어요. 이제 이 방법으로는 계정에 로그인할 수 없어요.
err-notice-we-sent-link-email-open = { $email }(으)로 링크를 보냈어요. 링크를 열면 그 주소를 쓰기 시작해요. 그때까지 메일은 지금 주소로 가요.
err-notice-bio-saved = 소개를 저장했어요.
err-notice-new-avatar-profile = 새 프로필 사진이 프로필에 보여요.
err-notice-avatar-removed = 프로필 사진을 삭제했어요.

#!/usr/bin/env python3
"""The screens people use on a phone: header, target sizes, the core loop.

Loads the demo site (`fixloop demo`) into a fresh SQLite data directory,
serves it, and in headless Chromium at 390×844 (a phone) and 1280×900:

- the header takes at most 64 px on a phone and one row on a desktop, for a
  visitor, a member, staff and an admin;
- every control on the thread, search, new-question and settings pages is
  at least 24×24 px (WCAG 2.2, 2.5.8; links inside running text and in
  people's posts are exempt, as WCAG exempts inline targets), and the main
  actions (the primary buttons, the header's) are at least 44 px high;
- a member asks on a phone, another answers, the asker accepts, staff verify
  and link the thread to a known issue, and the asker sees its workaround;
- the browser reports no console error on any page.

Screenshots go to $BROWSER_ARTIFACTS (default: a temp dir).
Usage: tests/browser/phone.py path/to/fixloop
"""
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium.webdriver.common.by import By

import smoke
from smoke import check, console_errors, fill, free_port, wait_for

BINARY = sys.argv[1] if len(sys.argv) > 1 else "target/debug/fixloop"
ARTIFACTS = smoke.ARTIFACTS
DEMO_PASSWORD = "fixloop-demo"

# The controls of a page smaller than 24×24 px, with what they say. Links in
# people's posts (.markdown) and inside a sentence (a paragraph or list item
# holding other text) are inline targets; hidden ones don't count.
SMALL_TARGETS = """
const inline = (el) => {
  if (el.closest('.markdown, .preview, .guide-step-body')) return true;
  if (el.tagName !== 'A') return false;
  const block = el.closest('p, li, td, dd, label, .hint');
  if (!block) return false;
  const own = el.textContent.trim().length;
  return block.textContent.trim().length > own + 12 && getComputedStyle(el).display === 'inline';
};
const out = [];
for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
  if (el.closest('.visually-hidden, .skip-link')) continue;
  if (inline(el)) continue;
  if (r.width < 23.5 || r.height < 23.5) {
    out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.value || el.name || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
  }
}
return out;
"""

# Main actions: primary buttons and the header's controls, at least 44 px high.
SHORT_MAIN_ACTIONS = """
const out = [];
for (const el of document.querySelectorAll('main .button:not(.button-small), .site-header .bell, .site-header .menu > summary, .site-header .header-ask, .site-header input[type=search]')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  if (r.height < 43.5) out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.value || '').trim().slice(0, 30)}" ${Math.round(r.height)} px`);
}
return out;
"""


def shot(d, name):
    d.save_screenshot(os.path.join(ARTIFACTS, name + ".png"))


def log_in(d, base, username):
    d.delete_all_cookies()
    d.get(base + "/login")
    fill(d, "login", username)
    fill(d, "password", DEMO_PASSWORD)
    d.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    return wait_for(d, lambda d: "/login" not in d.current_url)


def header_height(d):
    return d.execute_script("return document.querySelector('.site-header').getBoundingClientRect().height")


def check_page(d, label, url):
    """The header, the targets and the width of one page, as `label` sees it."""
    d.get(url)
    width = d.execute_script("return window.innerWidth")
    phone = width < 600
    height = header_height(d)
    limit = 64
    check(f"{label}: the header is at most {limit} px high ({url})", height <= limit, f"{height} px")
    small = d.execute_script(SMALL_TARGETS)
    check(f"{label}: no control under 24×24 px ({url})", not small, "; ".join(small[:12]) + (f" … {len(small)} in all" if len(small) > 12 else ""))
    short = d.execute_script(SHORT_MAIN_ACTIONS)
    check(f"{label}: main actions at least 44 px high ({url})", not short, "; ".join(short[:8]))
    name = label.replace(" on a ", "-").replace(" ", "_") + url.split("127.0.0.1")[-1].split("/", 1)[-1].replace("/", "_").replace("?", "_")
    shot(d, name)
    if phone:
        overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        check(f"{label}: fits the width ({url})", overflow <= 0, f"{overflow}px too wide")


def submit_in(d, form_selector, button="button[type=submit]"):
    """Submits the first form matching `form_selector` with its button."""
    form = d.find_element(By.CSS_SELECTOR, form_selector)
    target = form.find_element(By.CSS_SELECTOR, button)
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
    target.click()


def core_loop(base, asker, helper, staff):
    """Ask → answer → accept → verify → known issue, every step on a phone."""
    title = "Phone walk: laptop fan loud after waking from sleep"
    check("the asker logs in on a phone", log_in(asker, base, "mia_mobile"))
    asker.get(base + "/devices")
    device = asker.find_element(By.CSS_SELECTOR, "main a[href^='/devices/']").get_attribute("href")
    asker.get(device)
    shot(asker, "walk-1-device")
    ask = asker.find_elements(By.CSS_SELECTOR, "main a[href^='/threads/new']")
    check("the device page offers to ask a question", bool(ask))
    asker.get(ask[0].get_attribute("href") if ask else base + "/threads/new")
    chosen = asker.execute_script("return document.getElementById('device').value")
    check("asking from a device page chooses the device", bool(chosen), repr(chosen))
    fill(asker, "title", title)
    fill(asker, "body", "Since the last BIOS update the fan stays at full speed after sleep. What can I try?")
    shot(asker, "walk-2-asking")
    submit_in(asker, "form[action='/threads/new']", "button[value=post]")
    check("the question is posted from a phone", wait_for(asker, lambda d: "/t/" in d.current_url), asker.current_url)
    thread_url = asker.current_url.split("#")[0]
    shot(asker, "walk-3-asked")

    check("a second member logs in on a phone", log_in(helper, base, "tinker_tom"))
    helper.get(thread_url)
    fill(helper, "body", "Hold Fn + F12 for ten seconds with the lid open: it resets the fan table.")
    submit_in(helper, "#reply form", "button[value=post]")
    check("the answer is posted from a phone", wait_for(helper, lambda d: "Fn + F12" in d.page_source))
    shot(helper, "walk-4-answered")

    asker.get(thread_url)
    accept = asker.find_elements(By.CSS_SELECTOR, "form[action$='/solution']")
    check("the asker is offered to accept the answer", len(accept) == 1, f"{len(accept)} forms")
    height = asker.execute_script(
        "return document.querySelector(\"form[action$='/solution'] button[type=submit]\").getBoundingClientRect().height")
    check("accepting is a main action (44 px)", height >= 43.5, f"{height} px")
    submit_in(asker, "form[action$='/solution']")
    check("the thread shows as solved", wait_for(asker, lambda d: "✓ Solution" in d.page_source))
    shot(asker, "walk-5-accepted")

    check("staff log in on a phone", log_in(staff, base, "sol_support"))
    staff.get(thread_url)
    box = staff.find_element(By.CSS_SELECTOR, "details.verify-box > summary")
    staff.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    submit_in(staff, "form[action$='/verify']")
    check("staff verify the answer from a phone", wait_for(staff, lambda d: "Verified by sol_support" in d.page_source))
    shot(staff, "walk-6-verified")

    staff.get(base + "/known-issues")
    issue = staff.find_element(By.CSS_SELECTOR, "main a[href^='/known-issues/']:not([href$='/new'])").get_attribute("href")
    staff.get(issue)
    fill(staff, "thread", thread_url)
    submit_in(staff, "form[action$='/link']")
    check("staff link the thread to a known issue", wait_for(staff, lambda d: title in d.page_source))
    shot(staff, "walk-7-linked")

    asker.get(thread_url)
    banner = asker.find_elements(By.CSS_SELECTOR, ".known-issue-banner")
    check("the asker sees the known issue on the thread", banner and issue.replace(base, "") in banner[0].get_attribute("innerHTML"))
    check("the thread's banner says what to do now", banner and "Workaround" in banner[0].text, banner and banner[0].text[:200])
    shot(asker, "walk-8-known-issue")
    for name, d in [("asker", asker), ("helper", helper), ("staff", staff)]:
        overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        check(f"the last page fits the phone ({name})", overflow <= 0, f"{overflow}px too wide")


def crawl(base, d, who, limit=120):
    """Every page reachable from the home page (up to `limit`), as `who` on
    a phone: none answers 5xx, none scrolls sideways, no console error."""
    seen, queue, broken, wide, errors = set(), ["/"], [], [], []
    skip = ("/assets/", "/media/", "/feeds/", "/api/", "/sitemap", "/robots", "/healthz", "/logout")
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        d.get(base + path)
        status = d.execute_script(
            "const e = performance.getEntriesByType('navigation')[0]; return e ? e.responseStatus : 0;")
        if status >= 500:
            broken.append(f"{path} {status}")
        if d.execute_script("return document.documentElement.scrollWidth - window.innerWidth") > 0:
            wide.append(path)
        errors += [f"{path}: {e}" for e in console_errors(d)]
        for href in d.execute_script(
                "return [...document.querySelectorAll('a[href^=\"/\"]')].map(a => a.getAttribute('href'))"):
            href = href.split("#")[0]
            if href and not href.startswith(skip) and href not in seen and "?" not in href:
                queue.append(href)
    check(f"{who}: {len(seen)} pages crawled on a phone, none 5xx", not broken, broken[:10])
    check(f"{who}: no crawled page scrolls sideways on a phone", not wide, wide[:10])
    check(f"{who}: no console error on any crawled page", not errors, errors[:10])


def main():
    data_dir = tempfile.mkdtemp(prefix="fixloop-phone-")
    env = dict(os.environ, FIXLOOP_DATA_DIR=data_dir, DATABASE_URL="", RUST_LOG="warn")
    subprocess.run([BINARY, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env["FIXLOOP_BIND"] = f"127.0.0.1:{port}"
    server = subprocess.Popen([BINARY, "serve"], env=env, stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        try:
            run(base)
        except Exception as error:  # a step that could not even run is a failure too
            check("the phone run completes", False, repr(error)[:500])
    finally:
        server.terminate()
        server.wait(timeout=10)
    failed = sum(1 for _, ok in smoke.results if not ok)
    print(f"screenshots in {ARTIFACTS}")
    print(f"phone: {len(smoke.results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def run(base):
    phone = smoke.browser(390, 844)
    desktop = smoke.browser(1280, 900)
    try:
        pages = ["/t/1", "/t/8", "/search?q=battery", "/threads/new", "/settings"]
        for who in [None, "rita_repairs", "sol_support", "ada_admin"]:
            for name, d in [("phone", phone), ("desktop", desktop)]:
                if who:
                    check(f"{who} logs in ({name})", log_in(d, base, who), d.current_url)
                else:
                    d.delete_all_cookies()
                label = f"{who or 'visitor'} on a {name}"
                for page in (pages if who else pages[:2]):
                    check_page(d, label, base + page)
                shot(d, f"header-{who or 'visitor'}-{name}")
                if name == "phone":
                    d.find_element(By.CSS_SELECTOR, ".menu > summary").click()
                    shot(d, f"menu-{who or 'visitor'}-phone")
        phone.delete_all_cookies()
        crawl(base, phone, "a visitor")
        check("staff log in to crawl", log_in(phone, base, "sol_support"))
        crawl(base, phone, "staff")
        helper = smoke.browser(390, 844)
        staff = smoke.browser(390, 844)
        try:
            core_loop(base, phone, helper, staff)
            for name, d in [("helper", helper), ("staff", staff)]:
                errors = console_errors(d)
                check(f"no console errors ({name})", not errors, errors)
        finally:
            helper.quit()
            staff.quit()
        for name, d in [("phone", phone), ("desktop", desktop)]:
            errors = console_errors(d)
            check(f"no console errors ({name})", not errors, errors)
    finally:
        phone.quit()
        desktop.quit()


if __name__ == "__main__":
    main()

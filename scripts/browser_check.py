#!/usr/bin/python3
"""Loads rendered pages in headless Chromium (Debian's chromium + chromium-driver, driven by
python3-selenium) as a reader at 1280 px would, and checks what a reader would notice: every
image decodes (natural width > 0), the console has no errors, every in-page anchor names an
element, the page does not scroll sideways, and the selectors a page must show are there.
Saves a 1280 px screenshot of each page's first screen into --screenshots.

usage: browser_check.py --screenshots DIR [--require PATH_SUFFIX=SELECTOR] PAGE.html [PAGE.html ...]
Prints one line per problem and exits 1 if there is any; 2 if the browser cannot start."""
import argparse
import pathlib
import sys

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
except ImportError:
    print("browser_check: python3-selenium is missing (make test-deps installs it)")
    sys.exit(2)

CHECKS = """
const broken = Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src);
const anchors = Array.from(document.querySelectorAll('a[href^="#"]')).map(a => a.getAttribute('href'))
  .filter(h => h.length > 1 && !document.getElementById(decodeURIComponent(h.slice(1))));
const overflow = document.documentElement.scrollWidth - window.innerWidth;
const missing = arguments[0].filter(s => document.querySelector(s) === null);
return {broken: broken, anchors: anchors, overflow: overflow, missing: missing, images: document.images.length};
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--require", action="append", default=[], help="PATH_SUFFIX=SELECTOR")
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args()
    shots = pathlib.Path(args.screenshots)
    shots.mkdir(parents=True, exist_ok=True)
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,900", "--hide-scrollbars"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    except Exception as error:  # the browser is a test dependency: say why it did not start
        print(f"browser_check: chromium did not start: {str(error).splitlines()[0]}")
        sys.exit(2)
    problems = []
    try:
        driver.set_window_size(1280, 900)
        for index, page in enumerate(args.pages):
            path = pathlib.Path(page).resolve()
            required = [r.split("=", 1)[1] for r in args.require if path.as_posix().endswith("/" + r.split("=", 1)[0])]
            driver.get(path.as_uri())
            found = driver.execute_script(CHECKS, required)
            for src in found["broken"]:
                problems.append(f"{page}: image does not decode: {src}")
            for href in found["anchors"]:
                problems.append(f"{page}: anchor names no element: {href}")
            if found["overflow"] > 0:
                problems.append(f"{page}: scrolls sideways by {found['overflow']} px at 1280 px")
            for selector in found["missing"]:
                problems.append(f"{page}: nothing matches {selector}")
            for entry in driver.get_log("browser"):
                if entry.get("level") == "SEVERE":
                    problems.append(f"{page}: console error: {entry.get('message')}")
            name = f"{index:02d}-" + "-".join(path.parts[-2:]).replace(".html", ".png")
            driver.save_screenshot(str(shots / name))
    finally:
        driver.quit()
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

"""Debian's chromium for the browser tests: one launch recipe, nothing leaves the machine."""

CHROMIUM = "/usr/bin/chromium"

# Headless as root in a closed network: no sandbox (root), no GPU, and none of
# chromium's own background traffic, which the machine would refuse anyway.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright):
    """Start Debian's chromium (never a browser Playwright would download)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def only_the_live_server(live_server):
    """A ``route`` handler that lets requests reach the live test server and refuses the rest."""

    def handle(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            route.abort()

    return handle


def log_in(page, live_server, username, password):
    """Sign in through the admin's own login form, as a member of the newsroom does."""
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
